/**
 * What server reflection tells about `lf.a2a.v1.A2AService`. The SDK serves the service from
 * generated code that carries no descriptors, so this builds an outline from its method table:
 * the service, its methods and the names of their messages, which reflection lists. The
 * messages are declared without fields: their schema is the A2A specification's a2a.proto.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import {
  FileDescriptorProtoSchema,
  file_google_protobuf_empty,
  type DescriptorProto,
} from '@bufbuild/protobuf/wkt';
import type { ServiceDefinition } from '@grpc/grpc-js';

const protoPackage = 'lf.a2a.v1';

/** Each method's request and response message (A2A v1.0 `specification/a2a.proto`). */
const messagesByMethod: Record<string, readonly [string, string]> = {
  SendMessage: ['SendMessageRequest', 'SendMessageResponse'],
  SendStreamingMessage: ['SendMessageRequest', 'StreamResponse'],
  GetTask: ['GetTaskRequest', 'Task'],
  ListTasks: ['ListTasksRequest', 'ListTasksResponse'],
  CancelTask: ['CancelTaskRequest', 'Task'],
  SubscribeToTask: ['SubscribeToTaskRequest', 'StreamResponse'],
  CreateTaskPushNotificationConfig: ['TaskPushNotificationConfig', 'TaskPushNotificationConfig'],
  GetTaskPushNotificationConfig: [
    'GetTaskPushNotificationConfigRequest',
    'TaskPushNotificationConfig',
  ],
  ListTaskPushNotificationConfigs: [
    'ListTaskPushNotificationConfigsRequest',
    'ListTaskPushNotificationConfigsResponse',
  ],
  GetExtendedAgentCard: ['GetExtendedAgentCardRequest', 'AgentCard'],
  DeleteTaskPushNotificationConfig: [
    'DeleteTaskPushNotificationConfigRequest',
    '.google.protobuf.Empty',
  ],
};

/** The encoded FileDescriptorProtos of the outline and of google/protobuf/empty.proto. */
export function a2aServiceDescriptors(
  serviceName: string,
  definition: ServiceDefinition
): Uint8Array[] {
  const methods = Object.values(definition).map((method) => {
    const name = method.path.slice(method.path.lastIndexOf('/') + 1);
    const [input, output] = messagesByMethod[name] ?? ['', ''];
    if (input === '') throw new Error(`Bug: no message names for the A2A method ${name}`);
    return {
      name,
      inputType: qualified(input),
      outputType: qualified(output),
      serverStreaming: method.responseStream,
    };
  });
  const messageNames = new Set(
    Object.values(messagesByMethod)
      .flat()
      .filter((name) => !name.startsWith('.'))
  );

  const outline = create(FileDescriptorProtoSchema, {
    name: 'lf/a2a/v1/a2a_service_outline.proto',
    package: protoPackage,
    syntax: 'proto3',
    dependency: ['google/protobuf/empty.proto'],
    messageType: [...messageNames].map((name) => ({ name }) as DescriptorProto),
    service: [{ name: serviceName.slice(protoPackage.length + 1), method: methods }],
  });
  return [
    toBinary(FileDescriptorProtoSchema, outline),
    toBinary(FileDescriptorProtoSchema, file_google_protobuf_empty.proto),
  ];
}

function qualified(name: string): string {
  return name.startsWith('.') ? name : `.${protoPackage}.${name}`;
}
