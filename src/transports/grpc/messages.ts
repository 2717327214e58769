/**
 * The messages of `proto/agent.proto` as proto-loader hands them to handlers and takes them
 * back (field names kept as in the .proto, int64 as numbers). Keep in step with the .proto.
 */

export type Empty = Record<string, never>;

export interface HealthStatus {
  ok: boolean;
  message: string;
  timestamp: number;
  state: string;
}

export interface Capabilities {
  methods: string[];
  metadata: Record<string, string>;
}

export interface ActionRequest {
  action: string;
  parameters: Record<string, string>;
  request_id: string;
}

export interface ActionResult {
  success: boolean;
  result: string;
  error: string;
  request_id: string;
  duration_ms: number;
  error_code: string;
}

export interface Pong {
  message: string;
  timestamp: number;
}

export interface ActionChunk {
  request_id: string;
  sequence: number;
  data: string;
  done: boolean;
  success: boolean;
  error: string;
  error_code: string;
  duration_ms: number;
}
