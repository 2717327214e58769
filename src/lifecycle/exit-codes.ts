/** Process exit codes. Each means one thing, so an orchestrator's event log is enough. */
export const exitCodes = {
  /** Stopped by a signal after a clean drain. */
  ok: 0,
  /** The configuration is invalid; fix the environment, nothing was started. */
  configInvalid: 1,
  /** The boot failed (package, agent, ports, budgets); exits after the backoff wait. */
  bootFailed: 1,
  /** A second stop signal arrived during the drain; in-flight work was abandoned. */
  forced: 130,
  /** An exception escaped every handler; the process state could not be trusted. */
  crashed: 70,
} as const;
