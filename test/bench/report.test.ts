import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quickSettings } from '../../bench/harness/benchmark.js';
import { absoluteGoal, figure, ratioGoal } from '../../bench/harness/figure.js';
import { formatTable, machineInfo, type Report } from '../../bench/harness/report.js';

function reportOf(figures: Report['figures']): Report {
  return {
    takenAt: '2026-12-04T09:00:00.000Z',
    durationMs: 1234,
    machine: machineInfo(),
    settings: quickSettings,
    benchmarks: [{ name: 'demo', figures: figures.length, durationMs: 1000 }],
    figures,
    failures: [],
  };
}

describe('bench figure', () => {
  it('summarises both sides and takes the ratio of the medians', () => {
    const item = figure({
      benchmark: 'rest',
      metric: 'throughput',
      unit: 'req/s',
      direction: 'higher-is-better',
      subject: [90, 80, 100],
      baseline: [100, 120, 110],
      goal: ratioGoal(0.85),
    });

    assert.deepEqual(item.subject, { min: 80, median: 90, max: 100, runs: 3 });
    assert.equal(item.baseline?.median, 110);
    assert.equal(item.ratio, 90 / 110);
    assert.deepEqual(item.goal, { text: 'ratio >= 0.85', met: false });
  });

  it('reads a ratio goal the other way for figures where lower is better', () => {
    const item = figure({
      benchmark: 'cold-boot',
      metric: 'boot',
      unit: 'ms',
      direction: 'lower-is-better',
      subject: [300],
      baseline: [200],
      goal: ratioGoal(2),
    });

    assert.deepEqual(item.goal, { text: 'ratio <= 2', met: true });
  });

  it('judges an absolute goal on the subject alone', () => {
    const item = figure({
      benchmark: 'memory',
      metric: 'rss idle',
      unit: 'MB',
      direction: 'lower-is-better',
      subject: [81, 79, 85],
      goal: absoluteGoal(80, 'MB'),
    });

    assert.equal(item.ratio, undefined);
    assert.deepEqual(item.goal, { text: '< 80 MB', met: false });
  });
});

describe('bench report table', () => {
  it('prints one row per figure with both sides, the ratio, the goal and numbered notes', () => {
    const figures = [
      figure({
        benchmark: 'package-path s3',
        metric: 'acquire 4 MB',
        unit: 'ms',
        direction: 'lower-is-better',
        subject: [30, 20, 25],
        baseline: [10, 12, 11],
        goal: ratioGoal(1.5),
        note: 'provisional: raw floor',
      }),
      figure({
        benchmark: 'memory',
        metric: 'rss under load',
        unit: 'MB',
        direction: 'lower-is-better',
        subject: [100, 110],
        baseline: [80, 90],
      }),
    ];
    const lines = formatTable(reportOf(figures)).split('\n');

    const header = lines.findIndex((line) => line.startsWith('benchmark'));
    assert.match(
      lines[header] ?? '',
      /par min \/ median \/ max\s+bare min \/ median \/ max\s+ratio/
    );
    const rows = lines.slice(header + 2, header + 4);
    const cells = rows.map((row) => row.split(/\s{2,}/));
    assert.deepEqual(cells[0], [
      'package-path s3',
      'acquire 4 MB (ms) [1]',
      '3',
      '20.0 / 25.0 / 30.0',
      '10.0 / 11.0 / 12.0',
      '2.27',
      'ratio <= 1.5: missed',
    ]);
    assert.deepEqual(cells[1], [
      'memory',
      'rss under load (MB)',
      '2',
      '100 / 105 / 110',
      '80.0 / 85.0 / 90.0',
      '1.24',
    ]);
    assert.ok(lines.includes('[1] provisional: raw floor'));
  });
});
