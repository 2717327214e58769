export {
  Agent,
  isAsyncIterable,
  toHandlerError,
  type CallOptions,
  type LoadAgentOptions,
} from './agent.js';
export { buildAgentEnvironment } from './agent-environment.js';
export type * from './contract.js';
export { defineAgent } from './contract.js';
export { resolveModuleReference, type ModuleReference } from '../package/index.js';
// The UI folder rules belong to the package; the UI transport reaches them through the agent.
export {
  isInsideFolder,
  kitUiFolder,
  resolveUiFolder,
  uiIndexFile,
  type UiFolder,
} from '../package/index.js';
