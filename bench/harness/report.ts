/**
 * The report `npm run bench` prints: the machine, the settings, every figure and the
 * benchmarks that could not run; as a text table or as JSON (`--json`).
 */
import os from 'node:os';
import type { BenchSettings } from './benchmark.js';
import type { Figure } from './figure.js';
import type { Summary } from './sample.js';

export interface MachineInfo {
  cpuModel: string;
  cpus: number;
  memoryGb: number;
  node: string;
  platform: string;
  /** 1, 5 and 15 minute load averages when the run began: how busy the machine was. */
  loadAverage: string;
}

export interface Report {
  takenAt: string;
  durationMs: number;
  machine: MachineInfo;
  settings: BenchSettings;
  /** The benchmarks this run selected, in order: how many figures each gave, how long it took. */
  benchmarks: Array<{ name: string; figures: number; durationMs: number }>;
  figures: Figure[];
  /** Benchmarks that could not run, with why; the others still report. */
  failures: Array<{ benchmark: string; error: string }>;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage: os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' '),
  };
}

/**
 * The report as one aligned text table, for people: per figure the runtime's and the baseline's
 * min / median / max, the ratio of the medians and the goal; notes as numbered footnotes.
 */
export function formatTable(report: Report): string {
  const notes: string[] = [];
  const marker = (note: string | undefined) => {
    if (note === undefined) return '';
    if (!notes.includes(note)) notes.push(note);
    return ` [${notes.indexOf(note) + 1}]`;
  };
  const header = [
    'benchmark',
    'metric',
    'runs',
    'par min / median / max',
    'bare min / median / max',
    'ratio',
    'goal (informational)',
  ];
  const rows = report.figures.map((item) => [
    item.benchmark,
    `${item.metric} (${item.unit})${marker(item.note)}`,
    String(item.subject.runs),
    formatSummary(item.subject),
    item.baseline === undefined ? '-' : formatSummary(item.baseline),
    item.ratio === undefined ? '-' : item.ratio.toFixed(2),
    item.goal === undefined ? '' : `${item.goal.text}: ${item.goal.met ? 'met' : 'missed'}`,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length))
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();

  const { machine, settings } = report;
  const lines = [
    `PAR benchmarks, ${report.takenAt}, ${settings.quick ? 'quick' : 'full'} run ` +
      `(${Math.round(report.durationMs / 1000)} s), ratio = par median / bare median`,
    `machine: ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGb} GB, ` +
      `${machine.platform}, node ${machine.node}, load average ${machine.loadAverage}`,
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
  ];
  if (notes.length > 0) lines.push('');
  notes.forEach((note, index) => lines.push(`[${index + 1}] ${note}`));
  for (const failure of report.failures) {
    lines.push('', `${failure.benchmark}: could not run: ${failure.error}`);
  }

  return `${lines.join('\n')}\n`;
}

function formatSummary(summary: Summary): string {
  return [summary.min, summary.median, summary.max].map(formatNumber).join(' / ');
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
