/**
 * Malformed bytes on the wire, sent with a raw `node:http2` client (and a raw TCP socket) past
 * every grpc-js client check: each is refused with a clear status, the server keeps serving
 * real calls afterwards, and the log line of the refused call names the real status.
 */
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { connect } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { unary } from '../../helpers/grpc-client.js';
import { eventually, startGrpcHarness, type GrpcHarness } from '../../helpers/grpc-harness.js';
import { fixturesDir } from '../../helpers/paths.js';

const invokePath = '/pixell.agent.AgentService/Invoke';

interface RawAnswer {
  httpStatus: number;
  grpcStatus: number | undefined;
  grpcMessage: string;
}

/** A gRPC message frame: compressed flag, 4-byte big-endian length, then the payload. */
function frame(payload: Buffer, options: { compressed?: boolean; declaredLength?: number } = {}) {
  const header = Buffer.alloc(5);
  header.writeUInt8(options.compressed ? 1 : 0, 0);
  header.writeUInt32BE(options.declaredLength ?? payload.length, 1);
  return Buffer.concat([header, payload]);
}

/** One raw HTTP/2 request to the server; the gRPC status may come in headers or trailers. */
function rawRequest(
  port: number,
  options: { path?: string; headers?: http2.OutgoingHttpHeaders; body: Buffer }
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.on('error', reject);
    const request = session.request({
      ':method': 'POST',
      ':path': options.path ?? invokePath,
      'content-type': 'application/grpc',
      te: 'trailers',
      ...options.headers,
    });
    let httpStatus = 0;
    let fields: http2.IncomingHttpHeaders = {};
    request.on('response', (headers) => {
      httpStatus = Number(headers[':status']);
      fields = { ...fields, ...headers };
    });
    request.on('trailers', (trailers: http2.IncomingHttpHeaders) => {
      fields = { ...fields, ...trailers };
    });
    request.on('data', () => undefined);
    request.on('error', () => undefined);
    request.on('close', () => {
      session.close();
      const grpcStatus = fields['grpc-status'];
      resolve({
        httpStatus,
        grpcStatus: grpcStatus === undefined ? undefined : Number(grpcStatus),
        grpcMessage: decodeURIComponent(String(fields['grpc-message'] ?? '')),
      });
    });
    request.end(options.body);
  });
}

describe('malformed bytes on the gRPC wire', () => {
  let harness: GrpcHarness;
  before(async () => {
    harness = await startGrpcHarness(path.join(fixturesDir, 'grpc-agent'), {
      env: { GRPC_MAX_MESSAGE_BYTES: '65536' },
    });
  });
  afterEach(async () => {
    // After every bad request, the server still answers a real client.
    const { response } = await unary<{ message: string }>(harness.client, 'Ping');
    assert.equal(response.message, 'pong');
  });
  after(() => harness.close());

  it('answers bytes that are not a protobuf message with INTERNAL', async () => {
    const answer = await rawRequest(harness.port, { body: frame(Buffer.from([0xff, 0xff, 0xff])) });
    assert.equal(answer.grpcStatus, status.INTERNAL);
    assert.match(answer.grpcMessage, /deserializ/i);
  });

  it('answers a frame declaring over GRPC_MAX_MESSAGE_BYTES with RESOURCE_EXHAUSTED', async () => {
    const before = harness.logs.withMessage('call completed').length;
    const answer = await rawRequest(harness.port, {
      body: frame(Buffer.from('abc'), { declaredLength: 10_000_000 }),
    });
    assert.equal(answer.grpcStatus, status.RESOURCE_EXHAUSTED);
    await eventually(
      () => harness.logs.withMessage('call completed').length > before,
      'the call line'
    );
    const line = harness.logs.withMessage('call completed').at(-1);
    assert.equal(line?.status, 'RESOURCE_EXHAUSTED');
    assert.equal(line?.method, invokePath);
  });

  it('answers a message cut short before its declared length with an error status', async () => {
    const answer = await rawRequest(harness.port, {
      body: frame(Buffer.from([0x0a, 0x02]), { declaredLength: 50 }),
    });
    assert.notEqual(answer.grpcStatus, undefined);
    assert.notEqual(answer.grpcStatus, status.OK);
  });

  it('answers a compressed frame in an unknown encoding with UNIMPLEMENTED', async () => {
    const answer = await rawRequest(harness.port, {
      headers: { 'grpc-encoding': 'snappy' },
      body: frame(Buffer.from('whatever'), { compressed: true }),
    });
    assert.equal(answer.grpcStatus, status.UNIMPLEMENTED);
  });

  it('answers a gzip frame that does not decompress with INTERNAL', async () => {
    const answer = await rawRequest(harness.port, {
      headers: { 'grpc-encoding': 'gzip' },
      body: frame(Buffer.from('not gzip at all'), { compressed: true }),
    });
    assert.equal(answer.grpcStatus, status.INTERNAL);
  });

  it('answers a malformed grpc-timeout with INTERNAL', async () => {
    const answer = await rawRequest(harness.port, {
      headers: { 'grpc-timeout': 'soon' },
      body: frame(Buffer.alloc(0)),
    });
    assert.equal(answer.grpcStatus, status.INTERNAL);
  });

  it('answers an unknown method with UNIMPLEMENTED', async () => {
    const answer = await rawRequest(harness.port, {
      path: '/pixell.agent.AgentService/Explode',
      body: frame(Buffer.alloc(0)),
    });
    assert.equal(answer.grpcStatus, status.UNIMPLEMENTED);
  });

  it('answers a request that is not gRPC with HTTP 415', async () => {
    const answer = await rawRequest(harness.port, {
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"action":"echo"}'),
    });
    assert.equal(answer.httpStatus, 415);
  });

  it('drops a connection that does not speak HTTP/2 at all', async () => {
    const socket = connect(harness.port, '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined);
    // Read what the server answers (its GOAWAY), or the socket never sees the end.
    socket.resume();
    socket.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n\x00\xff\x13garbage'));
    await closed;
  });
});
