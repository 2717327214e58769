/**
 * Every call on the gRPC server passes through one interceptor here: it counts calls in flight
 * (unary and streaming alike, for the drain), settles the request id, and writes one log line
 * per call with its method, final status and duration, which also go to the request metrics.
 * Handlers find their call's record
 * through the call's metadata, to refine the request id and add fields to that line.
 */
import {
  Metadata,
  ServerInterceptingCall,
  status,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
} from '@grpc/grpc-js';
import type { Logger, RequestObserver } from '../../telemetry/index.js';
import { deadlineReached } from './deadline.js';
import { requestIdFromMetadata, requestIdKey } from './request-id.js';
import { statusName } from './status-mapping.js';

/** A status as a call sends it (grpc-js does not export the name of this type). */
type PartialStatusObject = Parameters<ServerInterceptingCallInterface['sendStatus']>[0];

/** What is known about one call while it runs. */
export interface CallRecord {
  /** The full method path, e.g. `/pixell.agent.AgentService/Invoke`. */
  readonly method: string;
  /** `unary`, `server_streaming`, `client_streaming` or `bidi_streaming`. */
  readonly callType: string;
  readonly requestId: string;
  /** Bound to the surface and the request id. */
  readonly logger: Logger;
  /** Extra fields for the call's log line (action, success, errorCode). */
  readonly fields: Record<string, unknown>;
  /** Replaces the request id (the caller's own, from the request message) everywhere. */
  useRequestId(requestId: string): void;
}

/** What a call ended by the client at its deadline counts as (it sent no status). */
const deadlineStatus = { code: status.DEADLINE_EXCEEDED, details: 'the deadline passed' };

/** Statuses that mean the fault is ours or the agent's, logged at error level. */
const serverFaults = new Set<status>([status.INTERNAL, status.UNKNOWN, status.DATA_LOSS]);

export class CallTracker {
  /** True once the server cuts the calls still running at the end of the grace period. */
  cutting = false;
  private active = 0;
  private readonly records = new WeakMap<Metadata, CallRecord>();

  /**
   * @param logger the surface's logger; call records bind the request id to it.
   * @param metrics told about every finished call, under its full method name.
   */
  constructor(
    readonly logger: Logger,
    private readonly metrics?: RequestObserver
  ) {}

  /** Calls started and not yet ended. */
  inFlight(): number {
    return this.active;
  }

  /** The record of the call whose request metadata this is. */
  recordFor(metadata: Metadata): CallRecord {
    const record = this.records.get(metadata);
    if (record === undefined) throw new Error('Bug: a gRPC call reached a handler untracked');
    return record;
  }

  /** The interceptor to install first on the server. */
  readonly interceptor: ServerInterceptor = (method, call) => {
    const startedAt = performance.now();
    const record = this.newRecord(method.path, callTypeOf(method));
    let finalStatus: PartialStatusObject | undefined;
    let headersSent = false;
    this.active += 1;

    // grpc-js sends the statuses it decides itself (deadline passed, message too large or
    // undecodable) straight from its base call, past every interceptor's responder; wrapping
    // the base call's sendStatus is the one place where every final status can be seen.
    captureStatuses(call, (sent) => (finalStatus ??= sent));

    return new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, nextMetadata) => {
            record.useRequestId(requestIdFromMetadata(metadata));
            metadata.set(requestIdKey, record.requestId);
            this.records.set(metadata, record);
            nextMetadata(metadata);
          },
          // grpc-js reports every call's end here: after its status went out, or when the
          // client cancelled or the connection dropped before any status could.
          onCancel: () => {
            finalStatus ??= deadlineReached(call.getDeadline()) ? deadlineStatus : undefined;
            this.finish(record, finalStatus, startedAt);
          },
        }),
      sendMetadata: (metadata, next) => {
        headersSent = true;
        metadata.set(requestIdKey, record.requestId);
        next(metadata);
      },
      sendStatus: (sent, next) => {
        if (headersSent) return next(sent);
        // A trailers-only answer: the request id goes with the status instead.
        const metadata = sent.metadata ?? new Metadata();
        metadata.set(requestIdKey, record.requestId);
        next({ ...sent, metadata });
      },
    });
  };

  private newRecord(method: string, callType: string): CallRecord {
    const base = this.logger;
    const record = {
      method,
      callType,
      requestId: '',
      logger: base,
      fields: {},
      useRequestId(requestId: string) {
        record.requestId = requestId;
        record.logger = base.child({ requestId });
      },
    };
    return record;
  }

  private finish(
    record: CallRecord,
    sent: PartialStatusObject | undefined,
    startedAt: number
  ): void {
    this.active -= 1;
    const code = sent?.code ?? status.CANCELLED;
    const durationMs = Math.round((performance.now() - startedAt) * 1000) / 1000;
    this.metrics?.observeRequest({
      surface: 'a2a',
      route: record.method,
      method: record.callType,
      status: statusName(code),
      durationMs,
    });
    const data: Record<string, unknown> = {
      method: record.method,
      status: statusName(code),
      durationMs,
      ...record.fields,
    };
    if (code !== status.OK) data.reason = sent?.details ?? 'the client cancelled the call';
    if (serverFaults.has(code)) record.logger.error(data, 'call completed');
    else record.logger.info(data, 'call completed');
  }
}

function callTypeOf(method: { requestStream: boolean; responseStream: boolean }): string {
  if (method.requestStream) return method.responseStream ? 'bidi_streaming' : 'client_streaming';
  return method.responseStream ? 'server_streaming' : 'unary';
}

function captureStatuses(
  call: ServerInterceptingCallInterface,
  onStatus: (sent: PartialStatusObject) => void
): void {
  const sendStatus = call.sendStatus.bind(call);
  call.sendStatus = (sent) => {
    onStatus(sent);
    sendStatus(sent);
  };
}
