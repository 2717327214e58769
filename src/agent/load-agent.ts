import { pathToFileURL } from 'node:url';
import { RuntimeError, errorMessageOf } from '../errors/index.js';
import { resolveModuleReference, type AgentPackage } from '../package/index.js';
import type {
  A2AExecutor,
  ActionHandler,
  AgentDefinition,
  InvokeHandler,
  LifecycleHook,
  RoutesHook,
} from './contract.js';

/** An agent's handlers after every reference in agent.yaml has been imported and checked. */
export interface AgentHandlers {
  readonly invoke: InvokeHandler | undefined;
  readonly actions: ReadonlyMap<string, ActionHandler>;
  readonly routes: RoutesHook | undefined;
  readonly a2aExecutor: A2AExecutor | undefined;
  readonly init: LifecycleHook | undefined;
  readonly shutdown: LifecycleHook | undefined;
}

/**
 * Imports the modules agent.yaml names and merges what they export into one set of handlers.
 * `entrypoint` may be a function (the invoke handler) or a whole `AgentDefinition`;
 * `rest.entry` may be a routes function; `a2a.service` may be an actions object or a factory
 * returning one (`actions`, `handlers` or the Python-era `custom_handlers`).
 */
export async function importAgentHandlers(pkg: AgentPackage): Promise<AgentHandlers> {
  const { manifest } = pkg;
  const definition: AgentDefinition = {};

  if (manifest.entrypoint !== undefined) {
    const value = await importReference(pkg.root, manifest.entrypoint, 'entrypoint');
    if (typeof value === 'function') definition.invoke = value as InvokeHandler;
    else Object.assign(definition, asDefinition(value, 'entrypoint', manifest.entrypoint));
  }
  if (manifest.rest !== undefined) {
    const value = await importReference(pkg.root, manifest.rest.entry, 'rest.entry');
    definition.routes =
      typeof value === 'function'
        ? (value as RoutesHook)
        : requireFunction(
            asDefinition(value, 'rest.entry', manifest.rest.entry).routes,
            'rest.entry',
            'routes'
          );
  }
  if (manifest.a2a?.service !== undefined) {
    const value = await importReference(pkg.root, manifest.a2a.service, 'a2a.service');
    const service: unknown = typeof value === 'function' ? await (value as () => unknown)() : value;
    definition.actions = { ...definition.actions, ...actionsOf(service, manifest.a2a.service) };
  }

  return {
    invoke: optionalFunction(definition.invoke, 'invoke'),
    actions: new Map(Object.entries(definition.actions ?? {})),
    routes: optionalFunction(definition.routes, 'routes'),
    a2aExecutor: optionalExecutor(definition.a2aExecutor),
    init: optionalFunction(definition.init, 'init'),
    shutdown: optionalFunction(definition.shutdown, 'shutdown'),
  };
}

async function importReference(root: string, text: string, field: string): Promise<unknown> {
  const reference = resolveModuleReference(root, text, field);
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(pathToFileURL(reference.file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new RuntimeError(
      'PAR_ERR_AGENT_IMPORT_FAILED',
      `${field}: could not import ${text}: ${errorMessageOf(error)}`,
      { cause: error, details: { field, reference: text } }
    );
  }
  const value = namespace[reference.exportName];
  if (value === undefined) {
    const available = Object.keys(namespace).join(', ') || 'none';
    throw new RuntimeError(
      'PAR_ERR_AGENT_EXPORT_MISSING',
      `${field}: expected ${text} to export "${reference.exportName}", got exports: ${available}`,
      { details: { field, reference: text } }
    );
  }
  return value;
}

function asDefinition(value: unknown, field: string, text: string): AgentDefinition {
  if (typeof value !== 'object' || value === null) {
    throw new RuntimeError(
      'PAR_ERR_AGENT_EXPORT_MISSING',
      `${field}: expected ${text} to export a function or an agent object, got ${typeof value}`
    );
  }
  return value;
}

function actionsOf(service: unknown, text: string): Record<string, ActionHandler> {
  const record = (service ?? {}) as Record<string, unknown>;
  const actions = record.actions ?? record.handlers ?? record.custom_handlers;
  if (typeof actions !== 'object' || actions === null) {
    throw new RuntimeError(
      'PAR_ERR_AGENT_EXPORT_MISSING',
      `a2a.service: expected ${text} to provide { actions: { name: handler } }, got none`
    );
  }
  for (const [name, handler] of Object.entries(actions)) {
    requireFunction(handler, 'a2a.service', `actions.${name}`);
  }
  return actions as Record<string, ActionHandler>;
}

function requireFunction<T>(value: T | undefined, field: string, name: string): T {
  if (typeof value !== 'function') {
    throw new RuntimeError(
      'PAR_ERR_AGENT_EXPORT_MISSING',
      `${field}: expected ${name} to be a function, got ${typeof value}`
    );
  }
  return value;
}

function optionalExecutor(value: A2AExecutor | undefined): A2AExecutor | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) {
    throw new RuntimeError(
      'PAR_ERR_AGENT_EXPORT_MISSING',
      `agent: expected a2aExecutor to be an object { execute, cancelTask }, got ${typeof value}`
    );
  }
  requireFunction(value.execute, 'agent', 'a2aExecutor.execute');
  requireFunction(value.cancelTask, 'agent', 'a2aExecutor.cancelTask');
  return value;
}

function optionalFunction<T>(value: T | undefined, name: string): T | undefined {
  return value === undefined ? undefined : requireFunction(value, 'agent', name);
}
