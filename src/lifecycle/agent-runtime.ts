import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from '../agent/index.js';
import type { RuntimeConfig } from '../config/index.js';
import { RuntimeError, errorCodeOf, errorMessageOf } from '../errors/index.js';
import { acquirePackage, readManifest, type AgentPackage } from '../package/index.js';
import type { Logger } from '../telemetry/index.js';
import type { Surface } from '../transports/index.js';
import { bootBackoffMs } from './backoff.js';
import { BootClock } from './boot-clock.js';
import { exitCodes } from './exit-codes.js';
import { Lifecycle } from './lifecycle.js';
import { onStopSignals, type StopSignal } from './signals.js';
import { surfaceUrls } from './surface-urls.js';
import { createSurfaces } from './surfaces.js';

export interface AgentRuntimeOptions {
  config: RuntimeConfig;
  logger: Logger;
  /** Writes out buffered log lines; called right before the process exits. */
  flushLogs: () => void;
  runtimeVersion: string;
  /** The boot clock, when the caller already timed phases (config) on it. */
  clock?: BootClock;
  /** Ends the process. Replaced in tests. */
  exit?: (code: number) => void;
}

/** How long the agent's shutdown hook may run before the runtime moves on. */
const agentShutdownDeadlineMs = 10_000;

class BootCancelled extends Error {}

/**
 * One runtime: boots the package through its timed phases, serves it, and owns the one
 * shutdown sequence. Every start and stop of a server happens here.
 */
export class AgentRuntime {
  readonly lifecycle: Lifecycle;
  private readonly config: RuntimeConfig;
  private readonly logger: Logger;
  private readonly clock: BootClock;
  private readonly surfaces: Surface[] = [];
  private readonly cleanups: Array<() => Promise<void>> = [];
  private agent: Agent | undefined;
  private stopping: Promise<void> | undefined;
  private readonly bootAbort = new AbortController();
  private removeSignalHandlers: (() => void) | undefined;

  constructor(private readonly options: AgentRuntimeOptions) {
    this.config = options.config;
    this.logger = options.logger;
    this.lifecycle = new Lifecycle(options.logger);
    this.clock = options.clock ?? new BootClock();
  }

  /** Installs the stop-signal handlers; the first signal drains, a second one exits at once. */
  handleSignals(): void {
    this.removeSignalHandlers = onStopSignals(
      (signal) => void this.stop(signal),
      (signal) => this.forceExit(signal)
    );
  }

  /** Boots to READY, or fails the boot (log, clean up, back off, exit non-zero). */
  async boot(): Promise<void> {
    this.logger.info({ surfaces: this.config.surfaces, pid: process.pid }, 'runtime starting');
    let deadline: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_resolve, reject) => {
      deadline = setTimeout(() => {
        const seconds = this.config.boot.startupTimeoutMs / 1000;
        reject(
          new RuntimeError(
            'PAR_ERR_BOOT_TIMEOUT',
            `expected to be ready within ${seconds} s (STARTUP_TIMEOUT_SEC), ` +
              'got no ready state in time'
          )
        );
      }, this.config.boot.startupTimeoutMs);
    });
    try {
      await Promise.race([this.bootPhases(), timedOut]);
    } catch (error) {
      if (error instanceof BootCancelled || this.stopping !== undefined) return;
      await this.failBoot(error);
    } finally {
      clearTimeout(deadline);
    }
  }

  private async bootPhases(): Promise<void> {
    const { clock, config } = this;
    const acquired = await clock.phase('acquire', () => acquirePackage(config));
    this.cleanups.push(() => acquired.cleanup());
    this.throwIfCancelled();

    const manifest = await clock.phase('manifest', () => readManifest(acquired.root));
    if (manifest.runtime !== 'node') {
      throw new RuntimeError(
        'PAR_ERR_PACKAGE_UNSUPPORTED',
        `expected a Node agent (runtime: node20 or node22), got a ${manifest.runtime} ` +
          'package; hosting other runtimes is not supported yet'
      );
    }
    const pkg: AgentPackage = { ...acquired, manifest };
    this.throwIfCancelled();

    this.agent = await clock.phase('load', () =>
      Agent.load(pkg, { agentId: config.agentAppId, logger: this.logger })
    );
    this.throwIfCancelled();

    await clock.phase('serve', () => this.startSurfaces(this.agent as Agent));
    this.throwIfCancelled();
    this.becomeReady();
  }

  private async startSurfaces(agent: Agent): Promise<void> {
    const surfaces = await createSurfaces({
      config: this.config,
      agent,
      status: this.lifecycle,
      logger: this.logger,
      runtimeVersion: this.options.runtimeVersion,
    });
    for (const surface of surfaces) {
      // Registered before listening, so a failed boot closes whatever did start.
      this.surfaces.push(surface);
      await surface.listen();
      this.lifecycle.markListening(surface.name, true);
    }
  }

  private becomeReady(): void {
    const stats = this.clock.finish();
    this.lifecycle.setBootStats(stats);
    const bootMs = stats.total_ms ?? 0;
    const { budgetMs, hardLimitMultiplier } = this.config.boot;
    if (hardLimitMultiplier > 0 && bootMs > budgetMs * hardLimitMultiplier) {
      throw new RuntimeError(
        'PAR_ERR_BOOT_HARD_LIMIT',
        `expected a boot within ${budgetMs * hardLimitMultiplier} ms ` +
          `(BOOT_BUDGET_MS x BOOT_HARD_LIMIT_MULTIPLIER), got ${bootMs} ms`,
        { details: { boot_ms: bootMs, phases_ms: stats.phases_ms } }
      );
    }
    if (bootMs > budgetMs) {
      this.logger.warn({ boot_ms: bootMs, budget_ms: budgetMs }, 'boot exceeded budget');
    }
    this.lifecycle.transition('READY');
    this.logger.info(
      { boot_ms: bootMs, phases_ms: stats.phases_ms, urls: surfaceUrls(this.config) },
      'runtime ready'
    );
  }

  private async failBoot(error: unknown): Promise<void> {
    const code = errorCodeOf(error);
    this.lifecycle.transition('FAILED', { code });
    this.logger.error({ code, err: error }, `boot failed: ${errorMessageOf(error)}`);
    await this.closeSurfaces(0);
    await this.runCleanups();
    const failures = this.config.boot.failureCount;
    const backoffMs = bootBackoffMs(failures);
    if (backoffMs > 0) {
      this.logger.warn(
        { failure_count: failures, backoff_ms: backoffMs },
        'backing off before exit'
      );
      await sleep(backoffMs, undefined, { signal: this.bootAbort.signal }).catch(() => undefined);
    }
    this.lifecycle.transition('STOPPED');
    this.exit(exitCodes.bootFailed);
  }

  /**
   * The shutdown sequence, run once whatever asks for it: readiness off, drain delay, stop
   * accepting and let in-flight work finish within the grace period, agent hook, clean-up.
   */
  stop(signal: StopSignal | 'api'): Promise<void> {
    this.stopping ??= this.runShutdown(signal);
    return this.stopping;
  }

  private async runShutdown(signal: StopSignal | 'api'): Promise<void> {
    if (this.lifecycle.state === 'FAILED') {
      // A signal during the backoff: the boot already failed and cleaned up; leave now.
      this.bootAbort.abort();
      return;
    }
    const startedAt = performance.now();
    this.logger.info({ signal }, 'shutdown started');
    this.bootAbort.abort();
    const { graceMs, drainDelayMs } = this.config.shutdown;

    await this.step('mark-draining', () => this.lifecycle.transition('DRAINING', { signal }));
    await this.step('drain-delay', () => sleep(drainDelayMs), { delayMs: drainDelayMs });
    await this.step('close-surfaces', () => this.closeSurfaces(graceMs), { graceMs });
    await this.step('agent-shutdown', () => this.agent?.shutdown(agentShutdownDeadlineMs));
    await this.step('cleanup', () => this.runCleanups());

    this.lifecycle.transition('STOPPED');
    this.logger.info({ durationMs: Math.round(performance.now() - startedAt) }, 'runtime stopped');
    this.removeSignalHandlers?.();
    this.exit(exitCodes.ok);
  }

  private async step(
    name: string,
    run: () => unknown,
    data: Record<string, unknown> = {}
  ): Promise<void> {
    const startedAt = performance.now();
    let outcome: unknown;
    try {
      outcome = await run();
    } catch (error) {
      this.logger.error({ step: name, err: error }, 'shutdown step failed');
    }
    const durationMs = Math.round((performance.now() - startedAt) * 1000) / 1000;
    const result = typeof outcome === 'string' ? { result: outcome } : {};
    this.logger.info({ step: name, durationMs, ...data, ...result }, 'shutdown step completed');
  }

  private async closeSurfaces(graceMs: number): Promise<void> {
    const closing = this.surfaces.splice(0).map(async (surface) => {
      const inFlight = surface.inFlight();
      const { forced } = await surface.close(graceMs);
      this.logger.info({ surface: surface.name, inFlight, forced }, 'surface closed');
      this.lifecycle.markListening(surface.name, false);
    });
    await Promise.all(closing);
  }

  private async runCleanups(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'clean-up failed')
      );
    }
  }

  private forceExit(signal: StopSignal): void {
    this.logger.warn({ signal }, 'second stop signal: exiting without finishing the drain');
    this.exit(exitCodes.forced);
  }

  private throwIfCancelled(): void {
    if (this.bootAbort.signal.aborted) throw new BootCancelled();
  }

  private exit(code: number): void {
    this.options.flushLogs();
    (this.options.exit ?? process.exit)(code);
  }
}
