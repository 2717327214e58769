/** The one table from stable codes to gRPC statuses, and what a failed call tells its client. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { RuntimeError } from '../../../src/errors/index.js';
import { grpcStatusFor, toGrpcStatus } from '../../../src/transports/grpc/index.js';

describe('gRPC status mapping', () => {
  it('maps the codes a call can end with to their statuses', () => {
    assert.equal(grpcStatusFor('PAR_ERR_GRPC_MESSAGE_TOO_LARGE'), status.RESOURCE_EXHAUSTED);
    assert.equal(grpcStatusFor('PAR_ERR_GRPC_DEADLINE_EXCEEDED'), status.DEADLINE_EXCEEDED);
    assert.equal(grpcStatusFor('PAR_ERR_AGENT_ABORTED'), status.CANCELLED);
    assert.equal(grpcStatusFor('PAR_ERR_AGENT_ACTION_UNKNOWN'), status.NOT_FOUND);
    assert.equal(grpcStatusFor('PAR_ERR_AGENT_HANDLER_FAILED'), status.UNKNOWN);
    assert.equal(grpcStatusFor('PAR_ERR_CONFIG_INVALID'), status.INTERNAL, 'unlisted codes');
  });

  it('keeps the message of a client-facing failure and names its code in the trailers', () => {
    const mapped = toGrpcStatus(
      new RuntimeError('PAR_ERR_GRPC_MESSAGE_TOO_LARGE', 'expected at most 10 bytes, got 11')
    );
    assert.equal(mapped.code, status.RESOURCE_EXHAUSTED);
    assert.equal(mapped.details, 'expected at most 10 bytes, got 11');
    assert.deepEqual(mapped.metadata.get('par-error-code'), ['PAR_ERR_GRPC_MESSAGE_TOO_LARGE']);
  });

  it('hides the message of our faults and of unexpected errors', () => {
    const handler = toGrpcStatus(new RuntimeError('PAR_ERR_AGENT_HANDLER_FAILED', 'db password x'));
    assert.equal(handler.code, status.UNKNOWN);
    assert.equal(handler.details, 'Internal error');
    const unexpected = toGrpcStatus(new TypeError('cannot read properties of undefined'));
    assert.equal(unexpected.code, status.INTERNAL);
    assert.equal(unexpected.details, 'Internal error');
    assert.deepEqual(unexpected.metadata.get('par-error-code'), ['PAR_ERR_INTERNAL']);
  });
});
