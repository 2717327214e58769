/**
 * Everything the UI routes need to know about the site they serve, resolved once at boot: the
 * checked folder, where it is mounted, and the facts `ui-config.json` reports.
 */
import { resolveUiFolder, type Agent, type UiFolder } from '../../agent/index.js';
import type { RuntimeConfig } from '../../config/index.js';
import type { Logger } from '../../telemetry/index.js';

export interface UiSite {
  readonly folder: UiFolder;
  readonly mode: 'multiplexed' | 'standalone';
  readonly basePath: string;
  readonly restPort: number;
  readonly uiPort: number;
  readonly agentId: string;
  readonly agentName: string;
  readonly agentVersion: string;
  readonly hasInvoke: boolean;
}

/** Whether the package declares a UI (`ui:` in agent.yaml). */
export function hasUi(agent: Agent): boolean {
  return agent.manifest.ui !== undefined;
}

/**
 * Resolves the package's UI folder and the serving mode from the configuration. Rejects with
 * the PAR_ERR_UI_* boot codes of `resolveUiFolder`; call only when `hasUi(agent)`.
 */
export async function resolveUiSite(
  config: RuntimeConfig,
  agent: Agent,
  logger: Logger
): Promise<UiSite> {
  const declared = agent.manifest.ui;
  if (declared === undefined) throw new Error('Bug: resolveUiSite called without a ui block');
  const folder = await resolveUiFolder(agent.packageRoot, declared.path);
  // The UI always lives at {BASE_PATH}/ui/; a second prefix from the package is not applied.
  if (declared.basePath !== '/') {
    logger.warn({ uiBasePath: declared.basePath }, 'ui.basePath is ignored');
  }
  logger.debug({ uiFolder: folder.relativePath }, 'ui folder resolved');

  return {
    folder,
    mode: config.surfaces.multiplexed ? 'multiplexed' : 'standalone',
    basePath: config.surfaces.basePath,
    restPort: config.surfaces.restPort,
    uiPort: config.surfaces.uiPort,
    agentId: config.agentAppId,
    agentName: agent.manifest.name,
    agentVersion: agent.manifest.version,
    hasInvoke: agent.hasInvoke,
  };
}
