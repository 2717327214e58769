import { envValue, integerIn, presentOrUndefined, Rejection } from '../env-value.js';

/**
 * The open A2A protocol: where clients reach it from outside (which the runtime cannot guess
 * behind a load balancer), how long the card may be cached, and the bounds of the task store.
 */
export const a2aSettings = {
  A2A_PUBLIC_URL: envValue(
    {
      default: undefined,
      rule: 'http(s) URL of the REST port as clients see it, no query; BASE_PATH is appended',
    },
    (raw) => {
      const text = presentOrUndefined(raw)?.trim();
      if (text === undefined) return undefined;
      const url = URL.canParse(text) ? new URL(text) : undefined;
      if (url === undefined || !/^https?:$/.test(url.protocol) || url.search !== '') {
        return new Rejection('an http:// or https:// URL without a query');
      }
      return url.href.replace(/\/+$/, '');
    }
  ),
  A2A_PUBLIC_GRPC_URL: envValue(
    { default: undefined, rule: 'host:port of A2A_PORT as gRPC clients see it' },
    (raw) => {
      const text = presentOrUndefined(raw)?.trim();
      if (text === undefined) return undefined;
      return /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(text)
        ? text
        : new Rejection('host:port, such as agent.example.com:443');
    }
  ),
  A2A_CARD_MAX_AGE_SEC: envValue(
    { default: '300', rule: 'integer 0-86400: Cache-Control max-age of the agent card' },
    integerIn(0, 86_400, 300)
  ),
  A2A_TASK_TTL_SEC: envValue(
    { default: '3600', rule: 'integer 1-604800: a task is forgotten this long after its update' },
    integerIn(1, 604_800, 3600)
  ),
  A2A_MAX_TASKS: envValue(
    { default: '1000', rule: 'integer 1-1000000: tasks kept; the least recently updated go first' },
    integerIn(1, 1_000_000, 1000)
  ),
};
