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
}

export interface Report {
  takenAt: string;
  durationMs: number;
  machine: MachineInfo;
  settings: BenchSettings;
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
  };
}

/** The report as one aligned text table, for people. */
export function formatTable(report: Report): string {
  const header = ['benchmark', 'metric', 'par min / median / max', 'bare median', 'ratio', 'goal'];
  const rows = report.figures.map((item) => [
    item.benchmark,
    `${item.metric} (${item.unit})`,
    formatSummary(item.subject),
    item.baseline === undefined ? '-' : formatNumber(item.baseline.median),
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
    `PAR benchmarks, ${report.takenAt}, ${settings.quick ? 'quick' : 'full'} run, ` +
      `${settings.rounds} rounds per side`,
    `machine: ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGb} GB, ` +
      `${machine.platform}, node ${machine.node}`,
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
  ];
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
