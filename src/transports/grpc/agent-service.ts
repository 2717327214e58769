/**
 * `pixell.agent.AgentService`, the Pixell service every Python PAR client knows: Health,
 * DescribeCapabilities, Invoke and Ping as it defined them, plus PAR's InvokeStream. Invoke and
 * InvokeStream live in their own files; this one holds the small calls and the method table.
 */
import type {
  handleUnaryCall,
  ServiceDefinition,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { Agent } from '../../agent/index.js';
import type { RuntimeStatus } from '../runtime-status.js';
import type { CallTracker } from './call-tracker.js';
import { createInvokeStreamHandler } from './invoke-stream.js';
import { createInvokeHandler } from './invoke.js';
import type { Capabilities, Empty, HealthStatus, Pong } from './messages.js';

export interface AgentServiceOptions {
  readonly definition: ServiceDefinition;
  readonly agent: Agent;
  readonly status: RuntimeStatus;
  readonly tracker: CallTracker;
  readonly agentAppId: string;
  readonly runtimeVersion: string;
  readonly maxMessageBytes: number;
}

/** The implementation of every AgentService method, by its name in the .proto. */
export function createAgentService(options: AgentServiceOptions): UntypedServiceImplementation {
  const { definition, agent, tracker, maxMessageBytes } = options;
  const serializerOf = (method: string) => {
    const serialize = definition[method]?.responseSerialize;
    if (serialize === undefined) throw new Error(`Bug: agent.proto has no method ${method}`);
    return serialize as (value: unknown) => Buffer;
  };

  const health: handleUnaryCall<Empty, HealthStatus> = (_call, callback) => {
    callback(null, healthStatus(options.status));
  };
  const describeCapabilities: handleUnaryCall<Empty, Capabilities> = (_call, callback) => {
    callback(null, capabilities(options, Object.keys(definition)));
  };
  const ping: handleUnaryCall<Empty, Pong> = (_call, callback) => {
    callback(null, { message: 'pong', timestamp: Date.now() });
  };

  return {
    Health: health,
    DescribeCapabilities: describeCapabilities,
    Ping: ping,
    Invoke: createInvokeHandler({
      agent,
      tracker,
      maxMessageBytes,
      serialize: serializerOf('Invoke'),
    }),
    InvokeStream: createInvokeStreamHandler({
      agent,
      tracker,
      maxMessageBytes,
      serialize: serializerOf('InvokeStream'),
    }),
  };
}

/** The lifecycle state as Pixell's HealthStatus: ok only while READY. */
function healthStatus(status: RuntimeStatus): HealthStatus {
  const { state, ready } = status;
  return {
    ok: ready,
    // The Python PAR's text when healthy, which clients may show or match.
    message: ready ? 'Agent is healthy' : `Agent is not ready: the runtime is ${state}`,
    timestamp: Date.now(),
    state,
  };
}

/**
 * The RPC names, then metadata: `name`, `version` and `description` as the Python PAR sent
 * them, and PAR's additions (`actions` as a JSON array, the agent and runtime identity).
 */
function capabilities(options: AgentServiceOptions, methods: string[]): Capabilities {
  const { manifest } = options.agent;
  return {
    methods,
    metadata: {
      name: manifest.name,
      version: manifest.version,
      description: manifest.description ?? '',
      actions: JSON.stringify(options.agent.actionNames()),
      agent_app_id: options.agentAppId,
      runtime: 'par',
      runtime_version: options.runtimeVersion,
    },
  };
}
