/**
 * The catalogue of stable error codes. A code names one failure for good: it is never renamed
 * and never reused for another meaning once released. `docs/errors.md` lists the same codes and
 * a test keeps the two in step. Each transport maps codes to its wire status in one table of
 * its own (`transports/rest/error-mapping.ts`, and so on).
 */
export const errorCatalogue = {
  // Configuration
  PAR_ERR_CONFIG_INVALID: 'The runtime configuration is invalid',

  // Package acquisition, extraction and manifest
  PAR_ERR_PACKAGE_SOURCE_MISSING: 'No package source: set AGENT_PACKAGE_PATH or PACKAGE_URL',
  PAR_ERR_PACKAGE_NOT_FOUND: 'The package path does not exist',
  PAR_ERR_PACKAGE_UNSUPPORTED: 'The package cannot be hosted by this runtime',
  PAR_ERR_MANIFEST_MISSING: 'The package has no agent.yaml at its root',
  PAR_ERR_MANIFEST_INVALID: 'agent.yaml does not match the manifest schema',
  PAR_ERR_PACKAGE_RUNTIME_UNSUPPORTED: 'The package targets a runtime PAR cannot host yet',
  PAR_ERR_PACKAGE_REFERENCE_MISSING: 'A file or folder agent.yaml names is not in the package',

  // Archive extraction (the .apkg zip)
  PAR_ERR_ARCHIVE_CORRUPT: 'The archive is not a readable zip file',
  PAR_ERR_ARCHIVE_UNSAFE_PATH: 'An archive entry has a path that could escape its folder',
  PAR_ERR_ARCHIVE_SYMLINK: 'An archive entry is a symbolic link or another special file',
  PAR_ERR_ARCHIVE_ENCRYPTED: 'An archive entry is encrypted',
  PAR_ERR_ARCHIVE_DUPLICATE_ENTRY: 'Two archive entries name the same path',
  PAR_ERR_ARCHIVE_TOO_MANY_ENTRIES: 'The archive has more entries than MAX_PACKAGE_ENTRIES',
  PAR_ERR_ARCHIVE_TOO_LARGE: 'The archive, or what it inflates to, is larger than its limit',
  PAR_ERR_ARCHIVE_RATIO: 'An archive entry inflates more than MAX_COMPRESSION_RATIO allows',

  // Package download (PACKAGE_URL)
  PAR_ERR_PACKAGE_DOWNLOAD_FAILED: 'The package download kept failing until the deadline',
  PAR_ERR_PACKAGE_DOWNLOAD_TIMEOUT:
    'The package download did not finish within PACKAGE_FETCH_TIMEOUT_SEC',
  PAR_ERR_PACKAGE_DOWNLOAD_REFUSED:
    'The package source refused the download (403, 404, no credentials)',
  PAR_ERR_PACKAGE_REDIRECT_REFUSED: 'A redirect led off https://, looped, or went on too long',
  PAR_ERR_PACKAGE_TLS_FAILED: "The package server's TLS certificate could not be verified",
  PAR_ERR_PACKAGE_TOO_LARGE: 'The package is larger than MAX_PACKAGE_SIZE_MB',
  PAR_ERR_PACKAGE_CHECKSUM_MISMATCH: 'The package SHA-256 differs from PACKAGE_SHA256',

  // Dependency installation
  PAR_ERR_INSTALL_FAILED: "The agent's npm dependencies could not be installed",
  PAR_ERR_INSTALL_OFFLINE_MISSING: 'Offline install: a dependency is in no cache',
  PAR_ERR_INSTALL_LOCKFILE_MISSING: 'package.json has dependencies but the package has no lockfile',
  PAR_ERR_INSTALL_LOCKFILE_MISMATCH: 'The lockfile does not match package.json',
  PAR_ERR_INSTALL_TIMEOUT: 'npm did not finish within PAR_INSTALL_TIMEOUT_SEC',
  PAR_ERR_INSTALL_SCRIPTS_REFUSED:
    'The package needs install scripts but PAR_ALLOW_INSTALL_SCRIPTS is false',

  // Agent loading and handlers
  PAR_ERR_AGENT_REFERENCE_INVALID: 'A module reference in agent.yaml is malformed',
  PAR_ERR_AGENT_IMPORT_FAILED: 'An agent module could not be imported',
  PAR_ERR_AGENT_EXPORT_MISSING: 'An agent module lacks the export agent.yaml names',
  PAR_ERR_AGENT_INIT_FAILED: 'The agent init hook failed',
  PAR_ERR_AGENT_NO_ENTRYPOINT: 'The agent has no invoke handler',
  PAR_ERR_AGENT_ACTION_UNKNOWN: 'The agent has no action with that name',
  PAR_ERR_AGENT_HANDLER_FAILED: 'The agent handler threw an error',
  PAR_ERR_AGENT_ABORTED: 'The agent call was aborted',

  // Boot budgets and deadlines
  PAR_ERR_BOOT_TIMEOUT: 'The runtime did not become ready within STARTUP_TIMEOUT_SEC',
  PAR_ERR_BOOT_HARD_LIMIT: 'The boot took longer than BOOT_BUDGET_MS x BOOT_HARD_LIMIT_MULTIPLIER',

  // Serving
  PAR_ERR_SERVE_PORT_IN_USE: 'A listening port is already in use',
  PAR_ERR_SERVE_LISTEN_FAILED: 'A surface could not start listening',

  // REST requests
  PAR_ERR_REST_NOT_FOUND: 'No route matches the request',
  PAR_ERR_REST_BAD_REQUEST: 'The request is malformed',
  PAR_ERR_REST_BODY_TOO_LARGE: 'The request body is larger than the limit',
  PAR_ERR_REST_UNSUPPORTED_MEDIA_TYPE: 'The request content type is not supported',
  PAR_ERR_REST_NOT_READY: 'The runtime is not ready to serve this request',
  PAR_ERR_INTERNAL: 'Internal error',

  // UI surface
  PAR_ERR_UI_PATH_INVALID: 'ui.path does not name a folder inside the package',
  PAR_ERR_UI_FOLDER_MISSING: 'The UI folder named by ui.path (or dist/ui) does not exist',
  PAR_ERR_UI_INDEX_MISSING: 'The UI folder has no index.html',
  PAR_ERR_UI_PATH_REFUSED: 'A UI request path tries to leave the UI folder or is malformed',
  PAR_ERR_UI_ASSET_NOT_FOUND: 'No UI file matches the requested asset',

  // gRPC calls
  PAR_ERR_GRPC_MESSAGE_TOO_LARGE: 'A gRPC message is larger than GRPC_MAX_MESSAGE_BYTES',
  PAR_ERR_GRPC_DEADLINE_EXCEEDED: "The gRPC caller's deadline passed before the call ended",
  PAR_ERR_GRPC_RESULT_NOT_JSON: 'An action returned a value that cannot be written as JSON',
} as const;

export type ErrorCode = keyof typeof errorCatalogue;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCatalogue, value);
}
