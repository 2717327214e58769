import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/index.js';
import { dockerfileInstructions } from './deploy-files.js';

const instructions = dockerfileInstructions();
const all = (keyword: string) => instructions.filter((line) => line.keyword === keyword);
const defaults = loadConfig({ AGENT_APP_ID: 'x' }).config.surfaces;

describe('Dockerfile', () => {
  it('takes its base image as a build argument with a default', () => {
    const [arg] = all('ARG');
    assert.match(arg!.args, /^BASE_IMAGE=node:20[\w.-]*$/);
    assert.deepEqual(
      all('FROM').map((line) => line.args.split(' ')[0]),
      ['${BASE_IMAGE}', '${BASE_IMAGE}']
    );
  });

  it('exposes the default REST, A2A and UI ports', () => {
    const exposed = all('EXPOSE').flatMap((line) => line.args.split(' ').map(Number));
    assert.deepEqual(exposed.sort(), [defaults.restPort, defaults.a2aPort, defaults.uiPort].sort());
  });

  it('runs as a numeric non-root user, in the runtime stage', () => {
    const users = all('USER');
    assert.equal(users.length, 1);
    const [uid, gid] = users[0]!.args.split(':');
    assert.match(uid!, /^\d+$/);
    assert.notEqual(Number(uid), 0);
    assert.notEqual(Number(gid), 0);
    const lastFrom = instructions.findLastIndex((line) => line.keyword === 'FROM');
    assert.ok(instructions.indexOf(users[0]!) > lastFrom);
  });

  it('starts node itself, in exec form, so SIGTERM reaches the runtime', () => {
    const [entrypoint] = all('ENTRYPOINT');
    const argv = JSON.parse(entrypoint!.args) as string[];
    assert.equal(argv[0], 'node');
    assert.match(argv[1]!, /dist\/src\/cli\/main\.js$/);
    assert.deepEqual(JSON.parse(all('CMD')[0]!.args), ['run']);
  });

  it('health-checks with node, not curl', () => {
    const [healthcheck] = all('HEALTHCHECK');
    const args = healthcheck!.args;
    assert.match(args, /\bCMD \[/, 'exec form: no shell needed');
    const argv = JSON.parse(args.slice(args.indexOf('['))) as string[];
    assert.deepEqual(argv.slice(0, 2), ['node', '-e']);
    assert.ok(!instructions.some((line) => /\bcurl\b/.test(line.args)));
  });

  it('points TMPDIR and PAR_CACHE_DIR at /tmp, the one writable place', () => {
    const env = all('ENV')
      .map((line) => line.args)
      .join(' ');
    assert.match(env, /TMPDIR=\/tmp\b/);
    assert.match(env, /PAR_CACHE_DIR=\/tmp\//);
  });
});
