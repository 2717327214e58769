/**
 * The official A2A client (@a2a-js/sdk) set up as the tests' independent judge: a client for
 * one binding, and the request shapes it takes.
 */
import { Role, type Message, type Part, type SendMessageRequest } from '@a2a-js/sdk';
import {
  ClientFactory,
  ClientFactoryOptions,
  JsonRpcTransportFactory,
  type Client,
} from '@a2a-js/sdk/client';
import { GrpcTransportFactory } from '@a2a-js/sdk/client/grpc';

export type Binding = 'JSONRPC' | 'GRPC';

/** Resolves the card at `baseUrl` and builds a client pinned to `binding`. */
export function a2aClient(baseUrl: string, binding: Binding): Promise<Client> {
  const factory = new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [new JsonRpcTransportFactory(), new GrpcTransportFactory()],
      preferredTransports: [binding],
    })
  );
  return factory.createFromUrl(baseUrl);
}

export function textPart(text: string): Part {
  return {
    content: { $case: 'text', value: text },
    metadata: undefined,
    filename: '',
    mediaType: 'text/plain',
  };
}

export function dataPart(value: unknown): Part {
  return {
    content: { $case: 'data', value },
    metadata: undefined,
    filename: '',
    mediaType: 'application/json',
  };
}

export function userMessage(parts: Part[], metadata: Record<string, unknown> = {}): Message {
  return {
    messageId: crypto.randomUUID(),
    contextId: '',
    taskId: '',
    role: Role.ROLE_USER,
    parts,
    metadata,
    extensions: [],
    referenceTaskIds: [],
  };
}

export function sendRequest(message: Message): SendMessageRequest {
  return { tenant: '', message, configuration: undefined, metadata: {} };
}
