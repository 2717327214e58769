export {
  downloadedFileName,
  fetchPackage,
  type FetchedPackage,
  type FetchPackageOptions,
} from './fetch-package.js';
export { packageCacheFolder } from './package-cache.js';
export { maxRedirects } from './https-source.js';
export { backoffDelayMs, retryBaseDelayMs, retryMaxDelayMs } from './retry.js';
