/**
 * The two limits on how long a boot may take, both counted from process start: the startup
 * deadline (`STARTUP_TIMEOUT_SEC`) and the hard limit (`BOOT_BUDGET_MS` x
 * `BOOT_HARD_LIMIT_MULTIPLIER`, when the multiplier is above 0). Whichever comes first fails
 * the boot while it is still running, naming the phase it was stuck in; the soft budget only
 * warns, once ready.
 */
import type { RuntimeConfig } from '../config/index.js';
import { RuntimeError } from '../errors/index.js';
import type { BootClock, BootPhase } from './boot-clock.js';

type BootSettings = RuntimeConfig['boot'];

/** What each phase does, in the words of an error message. */
const phaseWork: Record<BootPhase, string> = {
  config: 'reading the configuration',
  acquire: 'acquiring the package',
  extract: 'extracting the package',
  manifest: 'reading agent.yaml',
  install: 'installing dependencies',
  load: 'importing the agent and running its init hook',
  serve: 'starting the surfaces',
};

export interface BootDeadline {
  /** Rejects with PAR_ERR_BOOT_TIMEOUT or PAR_ERR_BOOT_HARD_LIMIT when a limit passes. */
  readonly expired: Promise<never>;
  /** Stops the timer; call once the boot has ended either way. */
  cancel(): void;
}

/** Starts the timer of the earlier of the two limits. */
export function startBootDeadline(boot: BootSettings, clock: BootClock): BootDeadline {
  const hardLimitMs = hardLimitMsOf(boot);
  const hardLimitFirst = hardLimitMs !== undefined && hardLimitMs < boot.startupTimeoutMs;
  const limitMs = hardLimitFirst ? hardLimitMs : boot.startupTimeoutMs;

  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    // Not unref'd: a boot stuck on a promise that never settles keeps no other handle alive,
    // and the process must stay up to report it rather than exit 0 in silence.
    timer = setTimeout(
      () => {
        const elapsedMs = clock.elapsedMs();
        const phase = clock.currentPhase();
        reject(
          hardLimitFirst
            ? hardLimitError(boot, elapsedMs, phase)
            : startupTimeoutError(boot, elapsedMs, phase)
        );
      },
      Math.max(0, limitMs - clock.elapsedMs())
    );
  });
  // The boot races this promise; when the boot wins, nobody is left to handle the rejection.
  expired.catch(() => undefined);

  return { expired, cancel: () => clearTimeout(timer) };
}

/** The hard limit in milliseconds from process start, or undefined when it is off. */
export function hardLimitMsOf(boot: BootSettings): number | undefined {
  return boot.hardLimitMultiplier > 0 ? boot.budgetMs * boot.hardLimitMultiplier : undefined;
}

export function hardLimitError(
  boot: BootSettings,
  elapsedMs: number,
  phase: BootPhase | undefined
): RuntimeError {
  const limitMs = hardLimitMsOf(boot) ?? 0;
  return new RuntimeError(
    'PAR_ERR_BOOT_HARD_LIMIT',
    `expected a boot within ${limitMs} ms of process start ` +
      `(BOOT_BUDGET_MS ${boot.budgetMs} x BOOT_HARD_LIMIT_MULTIPLIER ` +
      `${boot.hardLimitMultiplier}), got ${Math.round(elapsedMs)} ms${stuckIn(phase)}`,
    { details: { limit_ms: limitMs, elapsed_ms: elapsedMs, phase: phase ?? null } }
  );
}

function startupTimeoutError(
  boot: BootSettings,
  elapsedMs: number,
  phase: BootPhase | undefined
): RuntimeError {
  const seconds = boot.startupTimeoutMs / 1000;
  return new RuntimeError(
    'PAR_ERR_BOOT_TIMEOUT',
    `expected to be ready within ${seconds} s of process start (STARTUP_TIMEOUT_SEC), ` +
      `got not ready after ${Math.round(elapsedMs)} ms${stuckIn(phase)}`,
    { details: { limit_ms: boot.startupTimeoutMs, elapsed_ms: elapsedMs, phase: phase ?? null } }
  );
}

function stuckIn(phase: BootPhase | undefined): string {
  return phase === undefined ? '' : `, still in the ${phase} phase (${phaseWork[phase]})`;
}
