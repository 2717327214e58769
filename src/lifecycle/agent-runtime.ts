import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from '../agent/index.js';
import type { RuntimeConfig } from '../config/index.js';
import { errorCodeOf, errorMessageOf } from '../errors/index.js';
import {
  acquirePackage,
  assertHostable,
  installDependencies,
  extractPackage,
  readManifest,
  type AcquiredArchive,
  type AgentPackage,
  type ExtractedPackage,
} from '../package/index.js';
import { RuntimeMetrics, type Logger } from '../telemetry/index.js';
import type { Surface, SurfaceName } from '../transports/index.js';
import { createBootHealthServer, type BootHealthServer } from '../transports/rest/index.js';
import { bootBackoffMs } from './backoff.js';
import { BootClock } from './boot-clock.js';
import { hardLimitError, hardLimitMsOf, startBootDeadline } from './boot-deadline.js';
import { BootFailureCounter } from './boot-failure-counter.js';
import { exitCodes } from './exit-codes.js';
import { Lifecycle, lifecycleStates } from './lifecycle.js';
import { runShutdownSequence } from './shutdown.js';
import { onStopSignals, type StopSignal } from './signals.js';
import { surfaceUrls } from './surface-urls.js';
import { createSurfaces } from './surfaces.js';

export interface AgentRuntimeOptions {
  config: RuntimeConfig;
  logger: Logger;
  /** Writes out buffered log lines; called right before the process exits. */
  flushLogs: () => void;
  /** Waits until the lines logged so far are written, in order; see `RuntimeLogger.settle`. */
  settleLogs?: (timeoutMs: number) => Promise<void>;
  runtimeVersion: string;
  /** The boot clock, when the caller already timed phases (config) on it. */
  clock?: BootClock;
  /** Where the runtime records its metrics; a new RuntimeMetrics when omitted. */
  metrics?: RuntimeMetrics;
  /** Ends the process. Replaced in tests. */
  exit?: (code: number) => void;
}

/** How long the last log lines may take to reach stdout before the process exits anyway. */
const logSettleTimeoutMs = 2000;

class BootCancelled extends Error {}

/**
 * One runtime: boots the package through its timed phases, serves it, and owns the one
 * shutdown sequence (shutdown.ts). Every start and stop of a server happens here.
 */
export class AgentRuntime {
  readonly lifecycle: Lifecycle;
  readonly metrics: RuntimeMetrics;
  private readonly config: RuntimeConfig;
  private readonly logger: Logger;
  private readonly clock: BootClock;
  private readonly failureCounter: BootFailureCounter;
  /** Consecutive failed boots before this one: the n of the backoff. */
  private previousFailures = 0;
  private readonly surfaces: Surface[] = [];
  /** Answers on REST_PORT until the REST surface takes the port over. */
  private bootHealth: BootHealthServer | undefined;
  private readonly cleanups: Array<() => Promise<void>> = [];
  private agent: Agent | undefined;
  private stopping: Promise<void> | undefined;
  /** Aborted when the boot must stop where it is: a stop signal, or a failed boot. */
  private readonly bootAbort = new AbortController();
  /** Aborted by a stop signal that arrives during the backoff after a failed boot. */
  private readonly backoffAbort = new AbortController();
  private removeSignalHandlers: (() => void) | undefined;

  constructor(private readonly options: AgentRuntimeOptions) {
    this.config = options.config;
    this.logger = options.logger;
    this.lifecycle = new Lifecycle(options.logger);
    this.clock = options.clock ?? new BootClock();
    this.failureCounter = new BootFailureCounter({
      stateDir: options.config.storage.stateDir,
      logger: options.logger,
    });

    this.metrics =
      options.metrics ??
      new RuntimeMetrics({ runtimeVersion: options.runtimeVersion, lifecycleStates });
    const recordState = () => this.metrics.recordState(this.lifecycle.state, this.lifecycle.ready);
    recordState();
    this.lifecycle.onStateChange(recordState);
  }

  /** Installs the stop-signal handlers; the first signal drains, a second one exits at once. */
  handleSignals(): void {
    this.removeSignalHandlers = onStopSignals(
      (signal) => void this.stop(signal),
      (signal) => this.forceExit(signal)
    );
  }

  /**
   * Boots to READY within the startup deadline and the hard limit, or fails the boot (log,
   * clean up, count the failure, back off, exit non-zero).
   */
  async boot(): Promise<void> {
    const fromCounter = await this.failureCounter.read();
    this.previousFailures = Math.max(this.config.boot.failureCount, fromCounter);
    this.logger.info(
      {
        surfaces: this.config.surfaces,
        pid: process.pid,
        previous_failures: this.previousFailures,
      },
      'runtime starting'
    );

    const deadline = startBootDeadline(this.config.boot, this.clock);
    try {
      await Promise.race([this.bootPhases(), deadline.expired]);
    } catch (error) {
      if (error instanceof BootCancelled || this.stopping !== undefined) return;
      // A limit that passed in the very tick the boot finished has lost the race.
      if (!this.lifecycle.ready) {
        await this.failBoot(error);
        return;
      }
    } finally {
      deadline.cancel();
    }
    await this.failureCounter.reset();
  }

  private async bootPhases(): Promise<void> {
    const { clock, config } = this;
    // Until the REST surface listens, its port says "starting" (/health 503) rather than
    // refusing connections: probes and load balancers see an honest boot.
    this.bootHealth = createBootHealthServer({ config, status: this.lifecycle });
    await this.bootHealth.listen();
    this.throwIfCancelled();

    // A PACKAGE_URL download happens here. A cancelled boot aborts it, and its folder is
    // registered for clean-up at once, so a shutdown mid-download removes it too.
    const acquireOptions = {
      logger: this.logger,
      signal: this.bootAbort.signal,
      registerCleanup: (cleanup: () => Promise<void>) => this.cleanups.push(cleanup),
    };
    const acquired = await clock.phase('acquire', () => acquirePackage(config, acquireOptions));
    this.cleanups.push(() => acquired.cleanup());
    this.throwIfCancelled();

    const folder =
      acquired.kind === 'archive'
        ? await clock.phase('extract', () => this.extract(acquired))
        : acquired;
    this.throwIfCancelled();

    const manifest = await clock.phase('manifest', () => readManifest(folder.root));
    assertHostable(manifest);
    const pkg: AgentPackage = {
      root: folder.root,
      manifest,
      origin: folder.origin,
      sha256: folder.sha256,
      cleanup: () => folder.cleanup(),
    };
    this.throwIfCancelled();

    await clock.phase('install', () =>
      installDependencies({
        root: pkg.root,
        scriptsRequested: manifest.installScripts,
        settings: config.install,
        cacheDir: config.storage.cacheDir,
        logger: this.logger,
        signal: this.bootAbort.signal,
      })
    );
    this.throwIfCancelled();

    this.agent = await clock.phase('load', () =>
      Agent.load(pkg, { agentId: config.agentAppId, logger: this.logger })
    );
    this.throwIfCancelled();

    await clock.phase('serve', () => this.startSurfaces(this.agent as Agent));
    this.throwIfCancelled();
    this.becomeReady();
  }

  /** Unpacks the archive into a private folder, removed by the clean-ups (boot failure, stop). */
  private async extract(acquired: AcquiredArchive): Promise<ExtractedPackage> {
    const extracted = await extractPackage(acquired, {
      limits: {
        maxPackageBytes: this.config.packageSource.maxPackageBytes,
        ...this.config.archive,
      },
      signal: this.bootAbort.signal,
    });
    this.cleanups.push(() => extracted.cleanup());
    const { archive } = extracted;
    this.logger.info(
      {
        origin: extracted.origin,
        root: extracted.root,
        sha256: extracted.sha256,
        entries: archive.entryCount,
        files: archive.fileCount,
        compressed_bytes: archive.compressedBytes,
        extracted_bytes: archive.extractedBytes,
      },
      'package extracted'
    );

    return extracted;
  }

  private async startSurfaces(agent: Agent): Promise<void> {
    const surfaces = await createSurfaces({
      config: this.config,
      agent,
      status: this.lifecycle,
      logger: this.logger,
      runtimeVersion: this.options.runtimeVersion,
      metrics: this.metrics,
    });
    // The REST surface takes the port over: the gap without a listener lasts one bind.
    await this.closeBootHealth();
    for (const surface of surfaces) {
      // Registered before listening, so a failed boot closes whatever did start.
      this.surfaces.push(surface);
      this.metrics.trackInFlight(surface.name, () => surface.inFlight());
      await surface.listen();
      for (const name of servedBy(surface)) this.lifecycle.markListening(name, true);
    }
  }

  private becomeReady(): void {
    const stats = this.clock.finish();
    const bootMs = stats.total_ms ?? 0;
    const boot = this.config.boot;
    // The deadline timer can fire late on a busy event loop; the measured total decides.
    const hardLimitMs = hardLimitMsOf(boot);
    if (hardLimitMs !== undefined && bootMs > hardLimitMs) {
      throw hardLimitError(boot, bootMs, undefined);
    }

    this.lifecycle.setBootStats(stats);
    this.metrics.recordBoot(bootMs, stats.phases_ms);
    if (bootMs > boot.budgetMs) {
      this.logger.warn({ boot_ms: bootMs, budget_ms: boot.budgetMs }, 'boot exceeded budget');
    }
    this.lifecycle.transition('READY');
    this.logger.info(
      {
        boot_ms: bootMs,
        phases_ms: stats.phases_ms,
        urls: surfaceUrls(this.config, this.agent?.manifest.ui !== undefined),
      },
      'runtime ready'
    );
  }

  private async failBoot(error: unknown): Promise<void> {
    // Phases still running (a deadline passed) stop at their next step.
    this.bootAbort.abort();
    const code = errorCodeOf(error);
    this.lifecycle.transition('FAILED', { code });
    this.logger.error({ code, err: error }, `boot failed: ${errorMessageOf(error)}`);
    await this.closeSurfaces(0);
    await this.runCleanups();

    // Counted before the wait, so a container killed during the backoff still counts.
    const failures = this.previousFailures;
    await this.failureCounter.record(failures + 1, code);
    const backoffMs = bootBackoffMs(failures);
    if (backoffMs > 0) {
      this.logger.warn(
        { failure_count: failures, backoff_ms: backoffMs },
        'backing off before exit'
      );
      await sleep(backoffMs, undefined, { signal: this.backoffAbort.signal }).catch(() => {
        // A stop signal ended the wait early.
      });
    }

    // Whatever a phase that was still running acquired after the first clean-up.
    await this.runCleanups();
    this.lifecycle.transition('STOPPED');
    await this.exitAfterLogs(exitCodes.bootFailed);
  }

  /**
   * The shutdown sequence (shutdown.ts), run once whatever asks for it; a stop during the
   * backoff of a failed boot only ends the wait.
   */
  stop(reason: StopSignal | 'api'): Promise<void> {
    this.stopping ??= this.runStop(reason);
    return this.stopping;
  }

  private async runStop(reason: StopSignal | 'api'): Promise<void> {
    if (this.lifecycle.state === 'FAILED') {
      this.backoffAbort.abort();
      return;
    }
    this.bootAbort.abort();
    await runShutdownSequence({
      lifecycle: this.lifecycle,
      logger: this.logger,
      settings: this.config.shutdown,
      reason,
      closeSurfaces: (graceMs) => this.closeSurfaces(graceMs),
      agent: () => this.agent,
      runCleanups: () => this.runCleanups(),
      flushLogs: () => this.settleLogs(),
    });
    await this.exitAfterLogs(exitCodes.ok);
    this.removeSignalHandlers?.();
  }

  private async closeSurfaces(graceMs: number): Promise<{ inFlight: number; forced: boolean }> {
    await this.closeBootHealth();
    const surfaces = this.surfaces.splice(0);
    const inFlight = surfaces.reduce((sum, surface) => sum + surface.inFlight(), 0);
    const closing = surfaces.map(async (surface) => {
      const startedAt = performance.now();
      const surfaceInFlight = surface.inFlight();
      const { forced } = await surface.close(graceMs);
      const durationMs = Math.round(performance.now() - startedAt);
      this.logger.info(
        { surface: surface.name, inFlight: surfaceInFlight, forced, durationMs },
        'surface closed'
      );
      for (const name of servedBy(surface)) this.lifecycle.markListening(name, false);
      return forced;
    });
    const forced = (await Promise.all(closing)).includes(true);

    return { inFlight, forced };
  }

  private async closeBootHealth(): Promise<void> {
    const server = this.bootHealth;
    this.bootHealth = undefined;
    await server?.close();
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

  private async settleLogs(): Promise<void> {
    await this.options.settleLogs?.(logSettleTimeoutMs);
    this.options.flushLogs();
  }

  /** Exits once the last lines are out; only a second signal skips this and exits at once. */
  private async exitAfterLogs(code: number): Promise<void> {
    await this.options.settleLogs?.(logSettleTimeoutMs);
    this.exit(code);
  }

  private exit(code: number): void {
    this.options.flushLogs();
    (this.options.exit ?? process.exit)(code);
  }
}

/** The surfaces a server serves: its own, and those it carries (the multiplexed UI). */
function servedBy(surface: Surface): SurfaceName[] {
  return [surface.name, ...(surface.carries ?? [])];
}
