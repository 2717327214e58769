/**
 * Starting the two servers every benchmark compares: `par run` on the example agent, and the
 * bare fastify + grpc-js process. Both listen on loopback only, on free ports.
 */
import { freePorts } from '../../test/helpers/ports.js';
import { bareServer, parCli } from './paths.js';
import { ServerProcess } from './server-process.js';

/** A started server and where to reach it. */
export interface RunningServer {
  readonly process: ServerProcess;
  readonly restUrl: string;
  readonly grpcAddress: string;
}

/**
 * `par run` on the given package (a folder or an `.apkg`, see `BenchSettings.packagePath`) with
 * the defaults an operator would use: JSON logs at info to a drained pipe, metrics on (they
 * always are), every surface the package declares.
 */
export async function startPar(
  packagePath: string,
  env: Record<string, string> = {}
): Promise<RunningServer> {
  const [restPort, a2aPort, uiPort] = (await freePorts(3)) as [number, number, number];
  const process = await ServerProcess.start({
    args: [parCli, 'run', packagePath],
    env: {
      AGENT_APP_ID: 'bench-agent',
      BIND_HOST: '127.0.0.1',
      REST_PORT: String(restPort),
      A2A_PORT: String(a2aPort),
      UI_PORT: String(uiPort),
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      ...env,
    },
    readyUrl: `http://127.0.0.1:${restPort}/health`,
  });
  return {
    process,
    restUrl: `http://127.0.0.1:${restPort}`,
    grpcAddress: `127.0.0.1:${a2aPort}`,
  };
}

/** The bare floor: fastify and grpc-js doing the same work with nothing around them. */
export async function startBare(): Promise<RunningServer> {
  const [restPort, grpcPort] = (await freePorts(2)) as [number, number];
  const process = await ServerProcess.start({
    args: [bareServer],
    env: { REST_PORT: String(restPort), A2A_PORT: String(grpcPort), BIND_HOST: '127.0.0.1' },
    readyUrl: `http://127.0.0.1:${restPort}/health`,
  });
  return {
    process,
    restUrl: `http://127.0.0.1:${restPort}`,
    grpcAddress: `127.0.0.1:${grpcPort}`,
  };
}
