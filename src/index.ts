/**
 * The public face of PAR for agent authors: the types of the agent contract and `defineAgent`.
 * See docs/agent-contract.md.
 */
export { defineAgent } from './agent/index.js';
export type {
  A2AExecutor,
  ActionHandler,
  AgentContext,
  AgentDefinition,
  AgentLifecycleContext,
  AgentLogger,
  HandlerResult,
  InvokeHandler,
  LifecycleHook,
  RoutesHook,
} from './agent/index.js';
