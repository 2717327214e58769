import { Agent } from '../../src/agent/index.js';
import { loadConfig } from '../../src/config/index.js';
import { Lifecycle } from '../../src/lifecycle/index.js';
import { readManifest } from '../../src/package/index.js';
import { createLogger, type Logger } from '../../src/telemetry/index.js';
import { createRestSurface, type RestSurface } from '../../src/transports/rest/index.js';
import { freePort } from './ports.js';

/** Log lines written by a logger, parsed back. */
export class LogCapture {
  readonly records: Array<Record<string, unknown>> = [];
  write(line: string): void {
    this.records.push(JSON.parse(line) as Record<string, unknown>);
  }
  withMessage(message: string): Array<Record<string, unknown>> {
    return this.records.filter((record) => record.msg === message);
  }
}

export function capturingLogger(agentAppId = 'test-agent'): { logger: Logger; logs: LogCapture } {
  const logs = new LogCapture();
  const { logger } = createLogger({
    level: 'debug',
    format: 'json',
    agentAppId,
    destination: logs,
  });
  return { logger, logs };
}

export interface RestHarness {
  baseUrl: string;
  lifecycle: Lifecycle;
  rest: RestSurface;
  logs: LogCapture;
  close(): Promise<void>;
}

/**
 * The REST surface in this process, serving a package folder on a free loopback port, with
 * the real agent loader and lifecycle, and every log line captured.
 */
export async function startRestHarness(
  packageDir: string,
  env: Record<string, string> = {}
): Promise<RestHarness> {
  const port = await freePort();
  const { config } = loadConfig({
    AGENT_APP_ID: 'test-agent',
    REST_PORT: String(port),
    BIND_HOST: '127.0.0.1',
    ...env,
  });
  const { logger, logs } = capturingLogger(config.agentAppId);
  const manifest = await readManifest(packageDir);
  const pkg = {
    root: packageDir,
    manifest,
    origin: packageDir,
    sha256: undefined,
    cleanup: () => Promise.resolve(),
  };
  const agent = await Agent.load(pkg, { agentId: config.agentAppId, logger });
  const lifecycle = new Lifecycle(logger);
  const rest = await createRestSurface({
    config,
    agent,
    status: lifecycle,
    logger,
    runtimeVersion: '0.0.0-test',
  });
  await rest.listen();
  lifecycle.markListening('rest', true);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    lifecycle,
    rest,
    logs,
    close: async () => {
      await rest.close(1000);
    },
  };
}
