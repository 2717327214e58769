/**
 * The one shutdown sequence, in order, each step logged with its duration. AgentRuntime runs
 * it once, whatever asks for it (a signal, the API); signals themselves are in signals.ts.
 * Nothing here waits on a fixed sleep except the drain delay, which is the point of it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Agent } from '../agent/index.js';
import type { RuntimeConfig } from '../config/index.js';
import type { Logger } from '../telemetry/index.js';
import type { Lifecycle } from './lifecycle.js';

/** What the sequence acts on; AgentRuntime owns all of it. */
export interface ShutdownTarget {
  lifecycle: Lifecycle;
  logger: Logger;
  settings: RuntimeConfig['shutdown'];
  /** What asked for the stop: a signal name, or `api`. */
  reason: string;
  /** Stops accepting, drains for up to `graceMs`, then cuts what remains. */
  closeSurfaces(graceMs: number): Promise<{ inFlight: number; forced: boolean }>;
  /** The loaded agent, read when its step comes: undefined if the stop came before it loaded. */
  agent(): Agent | undefined;
  /** Removes temporary files, in reverse order of creation. */
  runCleanups(): Promise<void>;
  /** Writes out every line logged so far, in order. */
  flushLogs(): Promise<void>;
}

/** The names of the steps, in the order they run. */
export const shutdownSteps = [
  'mark-draining',
  'drain-delay',
  'close-surfaces',
  'agent-shutdown',
  'cleanup',
  'flush-logs',
] as const;

type StepName = (typeof shutdownSteps)[number];

/**
 * Readiness off at once (health 503, streams told to end, gRPC health NOT_SERVING through its
 * state listener); keep serving for the drain delay so load balancers notice; stop accepting
 * and let in-flight work finish within the grace period, then cut it; the agent's `shutdown`
 * hook with its deadline; temporary files; logs. A failing step is logged and the sequence
 * goes on: a stop must always reach its end.
 */
export async function runShutdownSequence(target: ShutdownTarget): Promise<void> {
  const { lifecycle, logger, settings } = target;
  const startedAt = performance.now();
  logger.info({ signal: target.reason }, 'shutdown started');

  await step(logger, 'mark-draining', () => {
    lifecycle.transition('DRAINING', { signal: target.reason });
  });
  await step(logger, 'drain-delay', () => sleep(settings.drainDelayMs), {
    delayMs: settings.drainDelayMs,
  });
  await step(logger, 'close-surfaces', () => target.closeSurfaces(settings.graceMs), {
    graceMs: settings.graceMs,
  });
  const hookTimeoutMs = settings.agentShutdownTimeoutMs;
  await step(logger, 'agent-shutdown', () => target.agent()?.shutdown(hookTimeoutMs), {
    timeoutMs: hookTimeoutMs,
  });
  await step(logger, 'cleanup', () => target.runCleanups());

  lifecycle.transition('STOPPED');
  // Flushed before the last line too, so the line's duration covers a real flush.
  await step(logger, 'flush-logs', () => target.flushLogs());
  logger.info({ durationMs: elapsedMs(startedAt) }, 'runtime stopped');
}

async function step(
  logger: Logger,
  name: StepName,
  run: () => unknown,
  data: Record<string, unknown> = {}
): Promise<void> {
  const startedAt = performance.now();
  let outcome: unknown;
  try {
    outcome = await run();
  } catch (error) {
    logger.error({ step: name, err: error }, 'shutdown step failed');
  }
  logger.info(
    { step: name, durationMs: elapsedMs(startedAt), ...data, ...outcomeFields(outcome) },
    'shutdown step completed'
  );
}

/** A step's result as log fields: `result` for a word (`done`, `timeout`), or its fields. */
function outcomeFields(outcome: unknown): Record<string, unknown> {
  if (typeof outcome === 'string') return { result: outcome };
  if (typeof outcome === 'object' && outcome !== null) return { ...outcome };
  return {};
}

function elapsedMs(startedAt: number): number {
  return Math.round((performance.now() - startedAt) * 1000) / 1000;
}
