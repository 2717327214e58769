/**
 * During a boot from a local package the runtime opens no outbound connection at all: its
 * sockets are watched from outside through /proc from spawn until after it is ready. Only
 * listening sockets and connections accepted from the test's own probe may appear. A fixture
 * agent that dials a loopback listener while it loads proves the watch would see a dial-out.
 */
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { call } from '../helpers/http-calls.js';
import { ParProcess } from '../helpers/par-process.js';
import { fixturesDir, helloAgentDir } from '../helpers/paths.js';
import { freePorts } from '../helpers/ports.js';
import { isLoopback, SocketWatch, type SocketReport, type SocketSighting } from './socket-watch.js';

/** Boots `par run PACKAGE` under a socket watch, probes /health once, stops it; the report. */
async function watchBoot(
  packagePath: string,
  env: Record<string, string> = {}
): Promise<{ report: SocketReport; restPort: number; a2aPort: number }> {
  const [restPort, a2aPort, uiPort] = (await freePorts(3)) as [number, number, number];
  const par = new ParProcess({
    args: ['run', packagePath],
    env: {
      AGENT_APP_ID: 'data-plane',
      BIND_HOST: '127.0.0.1',
      REST_PORT: String(restPort),
      A2A_PORT: String(a2aPort),
      UI_PORT: String(uiPort),
      ...env,
    },
  });
  const watch = new SocketWatch(par.child.pid!);
  try {
    await par.waitForMessage('runtime ready', 30_000);
    // The probe's connection stays open a while, so the watch sees it however busy the machine.
    const agent = new Agent({ keepAlive: true });
    const health = await call(restPort, '/health', { agent });
    assert.equal(health.status, 200);
    await sleep(300);
    agent.destroy();
    // Anything the runtime would do right after becoming ready is watched too.
    await sleep(500);
  } finally {
    await par.stop('SIGTERM');
  }
  return { report: await watch.stop(), restPort, a2aPort };
}

function describeSockets(sockets: SocketSighting[]): string {
  return sockets
    .map((socket) => {
      const { protocol, state, localAddress, localPort, remoteAddress, remotePort } = socket;
      return `${protocol} ${state} ${localAddress}:${localPort} -> ${remoteAddress}:${remotePort}`;
    })
    .join('; ');
}

describe('the data plane: no outbound connections while booting from a local package', () => {
  it('listens and accepts the probe, and dials nothing, serving the example agent', async () => {
    const { report, restPort, a2aPort } = await watchBoot(helloAgentDir);

    assert.ok(report.polls > 20, `expected a close watch, got ${report.polls} polls`);
    assert.deepEqual(report.outbound, [], `outbound sockets: ${describeSockets(report.outbound)}`);
    const listeningPorts = new Set(report.listening.map((socket) => socket.localPort));
    assert.ok(listeningPorts.has(restPort) && listeningPorts.has(a2aPort), 'saw both listeners');
    // The watch is not blind: it saw the test's own /health probe come in, from loopback.
    assert.ok(
      report.accepted.some((socket) => socket.localPort === restPort),
      `expected the accepted probe, saw ${describeSockets(report.accepted)}`
    );
    assert.ok(report.accepted.every((socket) => isLoopback(socket.remoteAddress)));
  });

  it('sees an agent that dials a loopback listener while it loads (negative control)', async () => {
    const listener: Server = createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const address = listener.address();
    const dialPort = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const { report } = await watchBoot(path.join(fixturesDir, 'dials-out'), {
        DIAL_PORT: String(dialPort),
      });
      const dialled = report.outbound.filter((socket) => socket.remotePort === dialPort);
      assert.ok(
        dialled.length > 0,
        `expected the dial-out seen, saw ${describeSockets(report.outbound)}`
      );
    } finally {
      listener.close();
    }
  });
});
