export { errorCatalogue, isErrorCode, type ErrorCode } from './codes.js';
export {
  RuntimeError,
  errorCodeOf,
  errorMessageOf,
  isRuntimeError,
  type RuntimeErrorOptions,
} from './runtime-error.js';
