import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Agent, resolveModuleReference } from '../../src/agent/index.js';
import { RuntimeError } from '../../src/errors/index.js';
import { readManifest } from '../../src/package/index.js';
import { fixturesDir } from '../helpers/paths.js';
import { capturingLogger } from '../helpers/rest-harness.js';

async function load(fixture: string): Promise<Agent> {
  const root = path.join(fixturesDir, fixture);
  const manifest = await readManifest(root);
  const { logger } = capturingLogger();
  return Agent.load(
    { root, manifest, origin: root, sha256: undefined, cleanup: () => Promise.resolve() },
    { agentId: 'test-agent', logger }
  );
}

async function loadFails(fixture: string, code: string, message: RegExp): Promise<void> {
  await assert.rejects(load(fixture), (error: unknown) => {
    assert.ok(error instanceof RuntimeError);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

describe('loading an agent', () => {
  it('merges the entrypoint, the routes export and Python-era custom_handlers', async () => {
    const agent = await load('rest-agent');
    assert.equal(agent.hasInvoke, true);
    assert.equal(agent.hasRoutes, true);
    assert.deepEqual(agent.actionNames(), ['greet']);
    const { logger } = capturingLogger();
    const result = await agent.runAction('greet', { name: 'Ada' }, { requestId: 'r1', logger });
    assert.deepEqual(result, { hello: 'Ada' });
  });

  it('fails with PAR_ERR_AGENT_IMPORT_FAILED when a module cannot be imported', async () => {
    await loadFails(
      'broken-import',
      'PAR_ERR_AGENT_IMPORT_FAILED',
      /entrypoint: could not import agent\.js/
    );
  });

  it('fails with PAR_ERR_AGENT_EXPORT_MISSING naming the exports it found', async () => {
    await loadFails(
      'missing-export',
      'PAR_ERR_AGENT_EXPORT_MISSING',
      /expected agent\.js#handler to export "handler", got exports: somethingElse/
    );
  });

  it('takes an A2A executor from the agent object', async () => {
    const agent = await load('a2a-executor-agent');
    assert.equal(typeof agent.a2aExecutor?.execute, 'function');
    assert.equal(agent.hasInvoke, false);
  });

  it('fails with PAR_ERR_AGENT_EXPORT_MISSING when the A2A executor lacks cancelTask', async () => {
    await loadFails(
      'bad-executor',
      'PAR_ERR_AGENT_EXPORT_MISSING',
      /expected a2aExecutor\.cancelTask to be a function, got undefined/
    );
  });

  it('fails with PAR_ERR_AGENT_INIT_FAILED when init throws', async () => {
    await loadFails('init-throws', 'PAR_ERR_AGENT_INIT_FAILED', /database unreachable/);
  });

  it('answers an unknown action with PAR_ERR_AGENT_ACTION_UNKNOWN, listing real ones', async () => {
    const agent = await load('rest-agent');
    const { logger } = capturingLogger();
    await assert.rejects(agent.runAction('nope', {}, { requestId: 'r2', logger }), {
      code: 'PAR_ERR_AGENT_ACTION_UNKNOWN',
      message: 'expected one of the actions [greet], got "nope"',
    });
  });

  it('wraps what a handler throws in PAR_ERR_AGENT_HANDLER_FAILED, keeping the cause', async () => {
    const agent = await load('rest-agent');
    const { logger } = capturingLogger();
    await assert.rejects(agent.invoke({ mode: 'throw' }, { requestId: 'r3', logger }), (error) => {
      assert.ok(error instanceof RuntimeError);
      assert.equal(error.code, 'PAR_ERR_AGENT_HANDLER_FAILED');
      assert.match(String((error.cause as Error).message), /secret internal detail/);
      return true;
    });
  });
});

describe('module references', () => {
  const root = '/pkg';
  it('reads file#export, file:export and a bare file (default export)', () => {
    assert.deepEqual(resolveModuleReference(root, 'dist/a.js#run', 'entrypoint'), {
      file: '/pkg/dist/a.js',
      exportName: 'run',
      text: 'dist/a.js#run',
    });
    assert.equal(resolveModuleReference(root, 'dist/a.mjs:run', 'x').exportName, 'run');
    assert.equal(resolveModuleReference(root, 'dist/a.js', 'x').exportName, 'default');
  });

  for (const reference of [
    '../outside.js',
    '/etc/passwd.js',
    'dist/../../x.js',
    'dist\\a.js',
    'a.js#',
    '#x',
    'a.js#not-an-identifier',
  ]) {
    it(`refuses ${JSON.stringify(reference)}`, () => {
      assert.throws(() => resolveModuleReference(root, reference, 'entrypoint'), {
        code: 'PAR_ERR_AGENT_REFERENCE_INVALID',
      });
    });
  }
});
