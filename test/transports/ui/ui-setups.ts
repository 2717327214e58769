/**
 * The four ways the UI tests run: multiplexed on the REST port or standalone on UI_PORT, each
 * at the root and under a BASE_PATH. Each test file loops over them.
 */
import type { RuntimeHarness } from '../../helpers/runtime-harness.js';

export interface UiSetup {
  name: string;
  env: Record<string, string>;
  standalone: boolean;
  /** The route prefix: '' at the root. */
  prefix: string;
}

export const uiSetups: readonly UiSetup[] = [
  { name: 'multiplexed at the root', env: {}, standalone: false, prefix: '' },
  {
    name: 'multiplexed under a base path',
    env: { BASE_PATH: '/agents/test-agent' },
    standalone: false,
    prefix: '/agents/test-agent',
  },
  {
    name: 'standalone on UI_PORT at the root',
    env: { MULTIPLEXED: 'false' },
    standalone: true,
    prefix: '',
  },
  {
    name: 'standalone on UI_PORT under a base path',
    env: { MULTIPLEXED: 'false', BASE_PATH: '/agents/test-agent' },
    standalone: true,
    prefix: '/agents/test-agent',
  },
];

/** The port the UI is served on in this setup. */
export function uiPortOf(setup: UiSetup, harness: RuntimeHarness): number {
  return setup.standalone ? harness.uiPort : harness.restPort;
}
