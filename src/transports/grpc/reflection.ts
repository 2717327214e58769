/**
 * Server reflection (`grpc.reflection.v1` and `v1alpha`), so grpcurl, Postman and friends can
 * list the services and call them without a copy of the .proto. It describes our own files
 * (agent, health, reflection) and whatever descriptors registered services bring.
 */
import type { PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import type { LoadedProtos } from './proto-files.js';

/** What reflection needs of a service registered from outside this transport. */
export interface ReflectedFiles {
  readonly name: string;
  readonly fileDescriptorProtos?: readonly Uint8Array[] | undefined;
}

export function createReflectionService(
  protos: LoadedProtos,
  registered: readonly ReflectedFiles[]
): ReflectionService {
  const definitions: Record<string, unknown> = { ...protos.reflected };
  for (const { name, fileDescriptorProtos } of registered) {
    if (fileDescriptorProtos === undefined || fileDescriptorProtos.length === 0) continue;
    // Reflection reads only `fileDescriptorProtos` from each entry of a package definition.
    definitions[`${name} (registered)`] = {
      format: 'Protocol Buffer 3 FileDescriptorProto',
      fileDescriptorProtos: fileDescriptorProtos.map((bytes) => Buffer.from(bytes)),
    };
  }
  return new ReflectionService(definitions as PackageDefinition);
}
