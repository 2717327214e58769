/**
 * A whole runtime in this process (AgentRuntime: boot phases, the surface composition, the
 * lifecycle) serving a package folder on free loopback ports, with every log line captured
 * and the process exit replaced by a promise.
 */
import { loadConfig } from '../../src/config/index.js';
import { AgentRuntime } from '../../src/lifecycle/index.js';
import { freePorts } from './ports.js';
import { capturingLogger, type LogCapture } from './rest-harness.js';

export interface RuntimeHarness {
  runtime: AgentRuntime;
  logs: LogCapture;
  restPort: number;
  a2aPort: number;
  uiPort: number;
  /** Resolves with the exit code the runtime asked for. */
  exited: Promise<number>;
  stop(): Promise<number>;
}

/** Boots a runtime for `packageDir`; resolves once `boot()` returns (ready, or failed). */
export async function bootRuntime(
  packageDir: string,
  env: Record<string, string> = {}
): Promise<RuntimeHarness> {
  const [restPort, a2aPort, uiPort] = (await freePorts(3)) as [number, number, number];
  const { config } = loadConfig({
    AGENT_APP_ID: 'test-agent',
    AGENT_PACKAGE_PATH: packageDir,
    BIND_HOST: '127.0.0.1',
    REST_PORT: String(restPort),
    A2A_PORT: String(a2aPort),
    UI_PORT: String(uiPort),
    GRACEFUL_SHUTDOWN_TIMEOUT_SEC: '2',
    ...env,
  });
  const { logger, logs } = capturingLogger(config.agentAppId);
  let exit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (exit = resolve));
  const runtime = new AgentRuntime({
    config,
    logger,
    flushLogs: () => undefined,
    runtimeVersion: '0.0.0-test',
    exit: (code) => exit(code),
  });
  await runtime.boot();

  return {
    runtime,
    logs,
    restPort,
    a2aPort,
    uiPort,
    exited,
    stop: async () => {
      await runtime.stop('api');
      return exited;
    },
  };
}
