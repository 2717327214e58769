import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/index.js';
import {
  asList,
  ecsTaskDefinition,
  envObject,
  placeholdersIn,
  placeholderValues,
  policy,
  readDeployText,
  type PolicyDocument,
} from './deploy-files.js';

const taskPolicy = policy('iam/task-role-policy.json');
const executionPolicy = policy('iam/execution-role-policy.json');

function actionsOf(document: PolicyDocument): string[] {
  return document.Statement.flatMap((statement) => asList(statement.Action));
}

/** IAM resource matching: `*` spans any characters, `?` one. */
function resourceMatches(pattern: string, arn: string): boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(arn);
}

describe('deploy/iam', () => {
  it('grants the task role exactly one action: s3:GetObject', () => {
    assert.equal(taskPolicy.Version, '2012-10-17');
    assert.equal(taskPolicy.Statement.length, 1);
    const [statement] = taskPolicy.Statement;
    assert.equal(statement!.Effect, 'Allow');
    assert.deepEqual(asList(statement!.Action), ['s3:GetObject']);
    assert.equal(statement!.NotAction, undefined);
    assert.equal(statement!.NotResource, undefined);
  });

  it("limits GetObject to the agent's package prefix, not the bucket or all of S3", () => {
    const resources = asList(taskPolicy.Statement[0]!.Resource);
    assert.equal(resources.length, 1);
    const resource = resources[0]!;
    const bucket = placeholderValues.PACKAGE_BUCKET;
    const prefix = placeholderValues.PACKAGE_PREFIX;
    assert.equal(resource, `arn:aws:s3:::${bucket}/${prefix}/*`);
    assert.ok(!resourceMatches(resource, `arn:aws:s3:::${bucket}/another-agent/package.apkg`));
    assert.ok(!resourceMatches(resource, `arn:aws:s3:::other-bucket/${prefix}/package.apkg`));
  });

  it('covers the package the ECS task definition downloads', () => {
    const env = envObject(ecsTaskDefinition().containerDefinitions[0]!.environment);
    const url = loadConfig(env).config.packageSource.url;
    assert.ok(url?.kind === 's3');
    const arn = `arn:aws:s3:::${url.bucket}/${url.key}`;
    assert.ok(resourceMatches(asList(taskPolicy.Statement[0]!.Resource)[0]!, arn), arn);
  });

  it('keeps the execution role to pulling the image and writing logs, with no S3', () => {
    const actions = actionsOf(executionPolicy);
    assert.ok(actions.length > 0);
    for (const action of actions) assert.match(action, /^(ecr|logs):[A-Za-z]+$/);
    assert.ok(!actions.some((action) => action.includes('*')), 'no wildcard actions');
    for (const statement of executionPolicy.Statement) {
      const resources = asList(statement.Resource);
      const onlyStar = resources.length === 1 && resources[0] === '*';
      // ecr:GetAuthorizationToken has no resource-level permissions; everything else is scoped.
      if (onlyStar) assert.deepEqual(asList(statement.Action), ['ecr:GetAuthorizationToken']);
    }
  });

  it('lets only ECS tasks of this account assume either role', () => {
    for (const file of ['iam/task-role-trust.json', 'iam/execution-role-trust.json']) {
      const trust = policy(file);
      assert.equal(trust.Statement.length, 1, file);
      const [statement] = trust.Statement;
      assert.deepEqual(statement!.Principal, { Service: 'ecs-tasks.amazonaws.com' }, file);
      assert.deepEqual(asList(statement!.Action), ['sts:AssumeRole'], file);
      assert.ok(statement!.Condition, `${file} names the account`);
    }
  });

  it('uses only placeholders that have a documented sample value', () => {
    for (const file of [
      'iam/task-role-policy.json',
      'iam/task-role-trust.json',
      'iam/execution-role-policy.json',
      'iam/execution-role-trust.json',
    ]) {
      const unknown = placeholdersIn(readDeployText(file)).filter(
        (name) => !(name in placeholderValues)
      );
      assert.deepEqual(unknown, [], file);
    }
  });
});
