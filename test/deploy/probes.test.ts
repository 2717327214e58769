/**
 * The probes the deployment files declare, run for real against `par run` serving the example
 * agent: the image's HEALTHCHECK and the ECS health check commands, the Kubernetes HTTP paths,
 * and the gRPC health check Kubernetes' native grpc probe makes.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { protoPath as healthProto } from 'grpc-health-check';
import { loadService } from '../helpers/grpc-client.js';
import { startPar, type StartedPar } from '../helpers/par-process.js';
import { helloAgentDir } from '../helpers/paths.js';
import { freePort } from '../helpers/ports.js';
import { dockerHealthcheckArgv, ecsTaskDefinition, kubernetesObjects } from './deploy-files.js';

/** Runs a health check command as the container would, with REST_PORT set; its exit code. */
async function runCheck(argv: string[], restPort: number): Promise<number | null> {
  const [program, ...args] = argv;
  assert.equal(program, 'node');
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, REST_PORT: String(restPort) },
    stdio: 'ignore',
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

describe('the declared probes against a running par', () => {
  let started: StartedPar;

  before(async () => {
    started = await startPar(helloAgentDir);
  });
  after(async () => {
    await started.par.stop('SIGKILL');
  });

  it("passes the image's HEALTHCHECK when ready, fails it when nothing listens", async () => {
    const argv = dockerHealthcheckArgv();
    assert.equal(await runCheck(argv, started.restPort), 0);
    assert.equal(await runCheck(argv, await freePort()), 1);
  });

  it('passes the ECS container health check', async () => {
    const [, ...argv] = ecsTaskDefinition().containerDefinitions[0]!.healthCheck.command;
    assert.equal(await runCheck(argv, started.restPort), 0);
    assert.equal(await runCheck(argv, await freePort()), 1);
  });

  it('answers 200 on every HTTP path the Kubernetes probes use', async () => {
    const { object } = kubernetesObjects().find((entry) => entry.object.kind === 'Deployment')!;
    const text = JSON.stringify(object);
    const paths = [...text.matchAll(/"httpGet":\{"path":"([^"]+)"/g)].map((match) => match[1]!);
    assert.ok(paths.length >= 2, `expected HTTP probes, got ${paths.join(', ')}`);
    for (const path of paths) {
      const response = await fetch(`${started.baseUrl}${path}`);
      assert.equal(response.status, 200, path);
    }
  });

  it('answers SERVING to the gRPC health check the grpc probe makes (service "")', async () => {
    const { Client } = loadService(healthProto, 'grpc.health.v1.Health');
    const client = new Client(`127.0.0.1:${started.a2aPort}`, grpc.credentials.createInsecure());
    try {
      type Check = (
        request: { service: string },
        callback: (error: grpc.ServiceError | null, reply: { status: string }) => void
      ) => void;
      const check = (client as unknown as { Check: Check }).Check.bind(client);
      const answer = await new Promise<{ status: string }>((resolve, reject) =>
        check({ service: '' }, (error, reply) => (error ? reject(error) : resolve(reply)))
      );
      assert.equal(answer.status, 'SERVING');
    } finally {
      client.close();
    }
  });
});
