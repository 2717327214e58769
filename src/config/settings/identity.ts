import { envValue, presentOrUndefined, Rejection } from '../env-value.js';

/** Who this runtime is: stamped on every log line. */
export const identitySettings = {
  AGENT_APP_ID: envValue(
    { default: undefined, rule: 'required; not empty or only whitespace; kept exactly as given' },
    (raw) => {
      if (raw === undefined || raw.trim() === '') return new Rejection('a non-blank agent id');
      return raw;
    }
  ),
  DEPLOYMENT_ID: envValue(
    { default: undefined, rule: 'optional; blank counts as unset' },
    presentOrUndefined
  ),
};
