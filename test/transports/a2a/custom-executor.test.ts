/**
 * An agent that brings its own A2A executor (`a2aExecutor`) gets full control: its events are
 * what the official client receives, and the default mapping to invoke stays out of the way.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Role } from '@a2a-js/sdk';
import { a2aClient, sendRequest, textPart, userMessage } from '../../helpers/a2a-client.js';
import { startPar, type StartedPar } from '../../helpers/par-process.js';
import { fixturesDir } from '../../helpers/paths.js';

describe('an agent with its own A2A executor', () => {
  let started: StartedPar;

  before(async () => {
    started = await startPar(path.join(fixturesDir, 'a2a-executor-agent'));
  });
  after(async () => {
    await started.par.stop('SIGKILL');
  });

  for (const binding of ['JSONRPC', 'GRPC'] as const) {
    it(`answers with the executor's own message over ${binding}`, async () => {
      const client = await a2aClient(started.baseUrl, binding);
      const message = userMessage([textPart('one'), textPart('two')]);
      const result = await client.sendMessage(sendRequest(message));
      assert.ok('messageId' in result, 'expected a message, not a task');
      assert.equal(result.messageId, `reply-${message.messageId}`);
      assert.equal(result.role, Role.ROLE_AGENT);
      assert.deepEqual(result.parts[0]?.content, {
        $case: 'text',
        value: 'custom executor got 2 parts',
      });
    });
  }

  it('lists the executor-served agent as one skill on its card', async () => {
    const client = await a2aClient(started.baseUrl, 'JSONRPC');
    const card = await client.getAgentCard();
    assert.deepEqual(
      card.skills.map((skill) => skill.id),
      ['a2a-executor-agent']
    );
  });
});
