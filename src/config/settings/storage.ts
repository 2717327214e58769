import { envValue, presentOrUndefined } from '../env-value.js';

/** Folders that may outlive one container: caches and the restart counter. */
export const storageSettings = {
  PAR_CACHE_DIR: envValue(
    { default: undefined, rule: 'optional folder for cached packages and dependencies' },
    presentOrUndefined
  ),
  PAR_STATE_DIR: envValue(
    { default: undefined, rule: 'optional folder on a volume that outlives the container' },
    presentOrUndefined
  ),
};
