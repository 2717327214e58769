import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig, settingNames } from '../../src/config/index.js';
import {
  ecsTaskDefinition,
  envObject,
  placeholdersIn,
  placeholderValues,
  readDeployText,
} from './deploy-files.js';

const definition = ecsTaskDefinition();
const container = definition.containerDefinitions[0]!;
const env = envObject(container.environment);

describe('deploy/ecs/task-definition.json', () => {
  it('names every variable the config knows, each once, and nothing else', () => {
    const names = container.environment.map((entry) => entry.name);
    assert.equal(new Set(names).size, names.length, `duplicates in ${names.join(', ')}`);
    assert.deepEqual([...names].sort(), settingNames().sort());
  });

  it('holds a configuration the runtime accepts once its placeholders are filled', () => {
    const { config } = loadConfig(env);
    assert.equal(config.agentAppId, placeholderValues.AGENT_APP_ID);
    assert.equal(config.packageSource.path, undefined, 'AGENT_PACKAGE_PATH must stay blank');
    assert.equal(config.packageSource.url?.kind, 's3');
    assert.equal(config.packageSource.sha256, placeholderValues.PACKAGE_SHA256);
    assert.equal(config.aws.s3Bucket, placeholderValues.PACKAGE_BUCKET);
  });

  it('uses only placeholders that have a documented sample value', () => {
    const used = placeholdersIn(readDeployText('ecs/task-definition.json'));
    assert.deepEqual(
      used.filter((name) => !(name in placeholderValues)),
      []
    );
  });

  it('gives ECS more time before SIGKILL than drain delay + grace + agent hook', () => {
    const { shutdown } = loadConfig(env).config;
    const longestStopSec =
      (shutdown.drainDelayMs + shutdown.graceMs + shutdown.agentShutdownTimeoutMs) / 1000;
    assert.ok(
      container.stopTimeout > longestStopSec + 5,
      `stopTimeout ${container.stopTimeout} s must exceed ${longestStopSec} s plus a margin`
    );
    assert.ok(container.stopTimeout <= 120, 'Fargate allows a stopTimeout of at most 120 s');
  });

  it('maps the REST and A2A ports, and the UI port only when it has its own server', () => {
    const { surfaces } = loadConfig(env).config;
    const expected = [surfaces.restPort, surfaces.a2aPort];
    if (!surfaces.multiplexed) expected.push(surfaces.uiPort);
    const ports = container.portMappings.map((mapping) => mapping.containerPort).sort();
    assert.deepEqual(ports, expected.sort());
    assert.ok(container.portMappings.every((mapping) => mapping.protocol === 'tcp'));
  });

  it('health-checks /livez on the REST port with node, with no curl in the image', () => {
    const [kind, program, flag, script] = container.healthCheck.command;
    assert.deepEqual([kind, program, flag], ['CMD', 'node', '-e']);
    assert.match(script!, /path:'\/livez'/);
    assert.match(script!, /process\.env\.REST_PORT\|\|8080/);
    assert.ok(container.healthCheck.timeout < container.healthCheck.interval);
    assert.ok(container.healthCheck.startPeriod <= 300, 'ECS allows startPeriod up to 300 s');
  });

  it('runs on a read-only root filesystem with /tmp on task storage', () => {
    assert.equal(container.readonlyRootFilesystem, true);
    const tmp = container.mountPoints.find((mount) => mount.containerPath === '/tmp');
    assert.ok(tmp, 'expected a writable /tmp mount');
    const volume = definition.volumes.find((candidate) => candidate.name === tmp.sourceVolume);
    assert.ok(volume && volume.efsVolumeConfiguration === undefined, '/tmp is task storage');
  });

  it('keeps PAR_CACHE_DIR and PAR_STATE_DIR on the shared EFS volume', () => {
    const efs = definition.volumes.find((volume) => volume.efsVolumeConfiguration !== undefined);
    assert.ok(efs, 'expected an EFS volume');
    assert.equal(efs.efsVolumeConfiguration!.transitEncryption, 'ENABLED');
    const mount = container.mountPoints.find((point) => point.sourceVolume === efs.name);
    assert.ok(mount && mount.readOnly === false);
    for (const name of ['PAR_CACHE_DIR', 'PAR_STATE_DIR']) {
      assert.ok(env[name]!.startsWith(`${mount.containerPath}/`), `${name} under the EFS mount`);
    }
  });

  it('sends logs to CloudWatch through awslogs, without blocking the runtime', () => {
    const { logDriver, options } = container.logConfiguration;
    assert.equal(logDriver, 'awslogs');
    assert.ok(options['awslogs-group'] && options['awslogs-stream-prefix']);
    assert.equal(options['awslogs-region'], placeholderValues.AWS_REGION);
    assert.equal(options.mode, 'non-blocking');
  });

  it('uses separate task and execution roles', () => {
    assert.match(definition.taskRoleArn, /^arn:aws:iam::\d{12}:role\//);
    assert.match(definition.executionRoleArn, /^arn:aws:iam::\d{12}:role\//);
    assert.notEqual(definition.taskRoleArn, definition.executionRoleArn);
  });
});
