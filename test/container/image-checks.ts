/**
 * The checks `npm run test:container` runs against the real image (scripts/container/ builds
 * it). Each prints PASS or FAIL with what it saw; the process exits 1 if any failed. Not part
 * of `npm test`: it needs root, podman and a few minutes.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { shutdownSteps } from '../../src/lifecycle/index.js';
import { fixturesDir } from '../helpers/paths.js';
import { freePorts } from '../helpers/ports.js';
import { containerLogs, podman, podmanOk } from './podman.js';

const image = process.env.PAR_IMAGE ?? 'localhost/par:test';
const namePrefix = `par-check-${process.pid}`;
const started: string[] = [];
let passes = 0;
let failures = 0;

/** Runs one check and prints its verdict; a thrown error is a FAIL with the error's message. */
async function check(name: string, run: () => Promise<string>): Promise<void> {
  const startedAt = performance.now();
  try {
    const detail = await run();
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    passes += 1;
    console.log(`PASS ${name} (${seconds} s): ${detail}`);
  } catch (error) {
    failures += 1;
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    const message = error instanceof Error ? error.message : String(error);
    console.log(`FAIL ${name} (${seconds} s): ${message}`);
  }
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** GET on the published loopback port; `undefined` while nothing answers. */
async function httpStatus(port: number, urlPath: string): Promise<number | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${urlPath}`, {
      signal: AbortSignal.timeout(2000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

/** Starts a detached container; the name is remembered so the run removes it at the end. */
async function runDetached(suffix: string, args: string[]): Promise<string> {
  const name = `${namePrefix}-${suffix}`;
  started.push(name);
  await podmanOk(['run', '-d', '--name', name, ...args, image]);
  return name;
}

/** Runs a container to its exit (with --rm) and returns its exit code and output. */
async function runToExit(args: string[]): Promise<{ code: number | null; output: string }> {
  const result = await podman(['run', '--rm', ...args, image], 90_000);
  return { code: result.code, output: `${result.stdout}\n${result.stderr}` };
}

async function main(): Promise<void> {
  const [restPort, a2aPort] = (await freePorts(2)) as [number, number];
  const slowLoad = path.join(fixturesDir, 'slow-load');
  let serving = '';

  await check(
    'the image declares ports 8080, 50051, 3000, a non-root user and a HEALTHCHECK',
    async () => {
      const [info] = JSON.parse(await podmanOk(['image', 'inspect', image])) as Array<{
        Config: { ExposedPorts?: Record<string, unknown>; User?: string };
        Healthcheck?: { Test?: string[] };
      }>;
      const config = info!.Config;
      const ports = Object.keys(config.ExposedPorts ?? {}).sort();
      expect(
        ['8080/tcp', '50051/tcp', '3000/tcp'].every((port) => ports.includes(port)),
        `expected 8080, 50051 and 3000 exposed, got ${ports.join(', ')}`
      );
      const uid = (config.User ?? '').split(':')[0] ?? '';
      expect(
        /^\d+$/.test(uid) && uid !== '0',
        `expected a numeric non-root user, got "${config.User}"`
      );
      const probe = info!.Healthcheck?.Test ?? [];
      expect(probe[1] === 'node', `expected a HEALTHCHECK run by node, got ${probe.join(' ')}`);
      return `ports ${ports.join(' ')}, user ${config.User}`;
    }
  );

  await check('boots a package: /health answers 503 while it loads, then 200', async () => {
    serving = await runDetached('serving', [
      '--read-only',
      '--tmpfs',
      '/tmp:rw,size=64m,mode=1777',
      '-p',
      `127.0.0.1:${restPort}:8080`,
      '-p',
      `127.0.0.1:${a2aPort}:50051`,
      '-v',
      `${slowLoad}:/opt/agent:ro`,
      '-e',
      'AGENT_APP_ID=container-check',
      '-e',
      'AGENT_PACKAGE_PATH=/opt/agent',
      // The fixture's import takes this long, so the 503 window is seconds wide, not a tick.
      '-e',
      'SLOW_LOAD_MS=3000',
      '-e',
      'SHUTDOWN_DRAIN_DELAY_SEC=1',
    ]);
    const seen: string[] = [];
    const deadline = Date.now() + 60_000;
    for (;;) {
      expect(Date.now() < deadline, `expected 200 within 60 s, saw ${seen.join(' ')}`);
      const status = await httpStatus(restPort, '/health');
      const label = status === undefined ? '-' : String(status);
      if (seen.at(-1) !== label) seen.push(label);
      if (status === 200) break;
      await sleep(100);
    }
    const first503 = seen.indexOf('503');
    expect(first503 !== -1, `expected 503 before 200, saw ${seen.join(' ')}`);
    // A poll may fall in the moment the REST surface takes the port over (one bind): '-'.
    expect(
      seen.slice(first503).every((label) => ['503', '-', '200'].includes(label)) &&
        seen.slice(first503).filter((label) => label === '-').length <= 1,
      `expected 503 then 200 once answering, saw ${seen.join(' ')}`
    );
    const invoke = await fetch(`http://127.0.0.1:${restPort}/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: { hello: 'container' } }),
    });
    expect(invoke.status === 200, `expected POST /invoke 200, got ${invoke.status}`);
    return `statuses in order (- = no answer): ${seen.join(' ')}; POST /invoke 200`;
  });

  await check('runs with a read-only root filesystem, as a non-root user', async () => {
    expect(serving !== '', 'expected the serving container from the previous check');
    const readOnly = (
      await podmanOk(['inspect', '-f', '{{.HostConfig.ReadonlyRootfs}}', serving])
    ).trim();
    expect(readOnly === 'true', `expected ReadonlyRootfs true, got ${readOnly}`);
    const write = (file: string) =>
      podman(['exec', serving, 'node', '-e', `require('node:fs').writeFileSync('${file}', 'x')`]);
    const intoImage = await write('/opt/par/probe');
    expect(intoImage.code !== 0, 'expected writing /opt/par/probe to fail, it succeeded');
    expect(/EROFS|EACCES/.test(intoImage.stderr), `expected EROFS, got ${intoImage.stderr}`);
    const intoTmp = await write('/tmp/probe');
    expect(intoTmp.code === 0, `expected writing /tmp/probe to work, got ${intoTmp.stderr}`);
    const uid = (await podmanOk(['exec', serving, 'node', '-p', 'process.getuid()'])).trim();
    expect(uid !== '0', `expected a non-root uid, got ${uid}`);
    const refusal = /EROFS/.test(intoImage.stderr) ? 'EROFS' : 'EACCES';
    return `ReadonlyRootfs true, /opt/par refused (${refusal}), /tmp writable, uid ${uid}`;
  });

  await check("the image's HEALTHCHECK passes once ready", async () => {
    const result = await podman(['healthcheck', 'run', serving]);
    expect(
      result.code === 0,
      `expected exit 0, got ${result.code}: ${result.stdout}${result.stderr}`
    );
    return 'podman healthcheck run: exit 0';
  });

  await check('podman stop -t 35: drains, exits 0 well inside the timeout', async () => {
    const seen: string[] = [];
    const stopping = podman(['stop', '-t', '35', serving], 60_000);
    // During SHUTDOWN_DRAIN_DELAY_SEC the runtime still listens and answers 503.
    for (let polls = 0; polls < 40; polls += 1) {
      const status = await httpStatus(restPort, '/health');
      const label = status === undefined ? '-' : String(status);
      if (seen.at(-1) !== label) seen.push(label);
      if (status === undefined && seen.includes('503')) break;
      await sleep(50);
    }
    const stop = await stopping;
    expect(stop.code === 0, `expected podman stop to succeed, got ${stop.code}: ${stop.stderr}`);
    const seconds = stop.durationMs / 1000;
    expect(seconds < 15, `expected the stop well inside 35 s, took ${seconds.toFixed(1)} s`);
    const exitCode = (await podmanOk(['inspect', '-f', '{{.State.ExitCode}}', serving])).trim();
    expect(exitCode === '0', `expected exit code 0, got ${exitCode}`);
    const { records } = await containerLogs(serving);
    const steps = records
      .filter((record) => record.msg === 'shutdown step completed')
      .map((record) => String(record.step));
    const missing = shutdownSteps.filter((step) => !steps.includes(step));
    expect(
      missing.length === 0,
      `expected every shutdown step logged, missing ${missing.join(', ')}`
    );
    expect(
      records.some((record) => record.msg === 'runtime stopped'),
      'expected "runtime stopped"'
    );
    expect(
      seen.includes('503'),
      `expected /health 503 during the drain delay, saw ${seen.join(' ')}`
    );
    return (
      `stopped in ${seconds.toFixed(1)} s, exit 0, /health during the stop: ${seen.join(' ')}, ` +
      `steps: ${steps.join(' > ')}`
    );
  });

  await check('without AGENT_APP_ID: exits non-zero and names the variable', async () => {
    const { code, output } = await runToExit([
      '-e',
      'AGENT_PACKAGE_PATH=/opt/par/examples/hello-agent',
    ]);
    expect(code !== 0 && code !== null, `expected a non-zero exit, got ${code}`);
    expect(output.includes('AGENT_APP_ID'), `expected the logs to name AGENT_APP_ID:\n${output}`);
    return `exit ${code}; ${firstLineWith(output, 'AGENT_APP_ID')}`;
  });

  await check('PACKAGE_URL=file:///etc/passwd: exits non-zero and says why', async () => {
    const { code, output } = await runToExit([
      '-e',
      'AGENT_APP_ID=container-check',
      '-e',
      'PACKAGE_URL=file:///etc/passwd',
    ]);
    expect(code !== 0 && code !== null, `expected a non-zero exit, got ${code}`);
    expect(
      output.includes('PACKAGE_URL') && output.includes('file: scheme is not allowed'),
      `expected the logs to refuse the file: scheme of PACKAGE_URL:\n${output}`
    );
    return `exit ${code}; ${firstLineWith(output, 'file: scheme')}`;
  });
}

function firstLineWith(output: string, text: string): string {
  return (output.split('\n').find((line) => line.includes(text)) ?? '').trim().slice(0, 160);
}

try {
  await main();
} finally {
  for (const name of started) await podman(['rm', '-f', '-t', '0', name]);
}
// The plain closing line CI readers recognise in any language.
console.log(`container: ${passes} passed, ${failures} failed`);
process.exitCode = failures === 0 ? 0 : 1;
