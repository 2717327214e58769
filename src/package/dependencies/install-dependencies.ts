/**
 * The install phase of a boot: plan, then restore the package's node_modules from the cache,
 * or build it with npm (into the cache when PAR_CACHE_DIR is set, into a temporary folder
 * otherwise) and install it into the package folder.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { InstallSettings } from '../../config/index.js';
import { RuntimeError, errorMessageOf } from '../../errors/index.js';
import type { Logger } from '../../telemetry/index.js';
import { createBuildFolder } from './build-folder.js';
import { obtainEntry } from './dependency-cache.js';
import { listTree, type MaterialiseMode, type TreeListing } from './file-tree.js';
import { planInstall, type InstallPlan } from './install-plan.js';
import { installIntoPackage } from './package-install.js';
import { runNpmCi } from './run-npm.js';

export interface InstallDependenciesOptions {
  /** The package folder (holding agent.yaml and package.json). */
  readonly root: string;
  /** The manifest's `node.install_scripts`. */
  readonly scriptsRequested: boolean;
  readonly settings: InstallSettings;
  /** PAR_CACHE_DIR; without it nothing is reused between boots. */
  readonly cacheDir: string | undefined;
  readonly logger: Logger;
  /** Stops a running npm (the boot was cancelled). */
  readonly signal?: AbortSignal;
}

/** What the install phase did. */
export type InstallOutcome = { readonly action: 'none'; readonly reason: string } | InstallDone;

/** node_modules was put into the package, from the cache or from npm. */
export interface InstallDone {
  readonly action: 'restored' | 'installed';
  readonly key: string;
  /** Whether npm ran in this boot. */
  readonly npmRan: boolean;
  readonly mode: MaterialiseMode;
  readonly fileCount: number;
}

type NpmPlan = Extract<InstallPlan, { kind: 'npm' }>;

/**
 * Makes `<root>/node_modules` hold what the package's lockfile names, or leaves the package
 * alone when it needs nothing. Throws a RuntimeError with a PAR_ERR_INSTALL_* code on failure.
 */
export async function installDependencies(
  options: InstallDependenciesOptions
): Promise<InstallOutcome> {
  const { logger } = options;
  const plan = await planInstall({
    root: options.root,
    scriptsRequested: options.scriptsRequested,
    scriptsAllowed: options.settings.allowScripts,
  });
  if (plan.kind === 'none') {
    logger.debug({ reason: plan.reason }, 'dependencies: nothing to install');
    return { action: 'none', reason: plan.reason };
  }
  if (plan.skippedScripts.length > 0) {
    logger.warn({ packages: plan.skippedScripts }, 'dependency install scripts skipped');
  }

  const outcome =
    options.cacheDir === undefined
      ? await installWithoutCache(plan, options)
      : await installFromCache(plan, options.cacheDir, options);
  logger.info(
    { key: outcome.key, npm_ran: outcome.npmRan, mode: outcome.mode, files: outcome.fileCount },
    outcome.npmRan ? 'dependencies installed' : 'dependencies restored from cache'
  );
  return outcome;
}

async function installFromCache(
  plan: NpmPlan,
  cacheDir: string,
  options: InstallDependenciesOptions
): Promise<InstallDone> {
  try {
    return await restoreOnce(plan, cacheDir, options);
  } catch (error) {
    if (!(error instanceof EntryUnreadable)) throw error;
    // An entry pruned or damaged while it was being read: look again (and build if need be).
    options.logger.warn(
      { key: plan.key.id, err: error.cause },
      'dependency cache entry unusable: retrying'
    );
    return restoreOnce(plan, cacheDir, options).catch((again: unknown) => {
      throw again instanceof EntryUnreadable ? again.cause : again;
    });
  }
}

/** Restoring a cached entry failed part-way; worth one more look at the cache. */
class EntryUnreadable extends Error {}

async function restoreOnce(
  plan: NpmPlan,
  cacheDir: string,
  options: InstallDependenciesOptions
): Promise<InstallDone> {
  const entry = await obtainEntry({
    ...npmSettings(plan, options),
    cacheDir,
    key: plan.key,
    packageRoot: options.root,
    packageJson: plan.packageJson,
    lockfile: plan.lockfile,
  });
  try {
    const mode = await putIntoPackage(entry.listing, entry.paths.nodeModules, plan, options).catch(
      (error: unknown) => {
        throw entry.built ? error : new EntryUnreadable('restore failed', { cause: error });
      }
    );
    return {
      action: entry.built ? 'installed' : 'restored',
      key: plan.key.id,
      npmRan: entry.built,
      mode,
      fileCount: entry.listing.fileCount,
    };
  } finally {
    if (entry.leftover !== undefined) await rm(entry.leftover, { recursive: true, force: true });
  }
}

async function putIntoPackage(
  listing: TreeListing,
  fromNodeModules: string,
  plan: NpmPlan,
  options: InstallDependenciesOptions
): Promise<MaterialiseMode> {
  try {
    return await installIntoPackage({
      listing,
      fromNodeModules,
      root: options.root,
      key: plan.key.id,
    });
  } catch (error) {
    if (error instanceof RuntimeError) throw error;
    throw new RuntimeError(
      'PAR_ERR_INSTALL_FAILED',
      `expected to write node_modules into ${options.root}, got: ${errorMessageOf(error)}`,
      { cause: error }
    );
  }
}

async function installWithoutCache(
  plan: NpmPlan,
  options: InstallDependenciesOptions
): Promise<InstallDone> {
  const parentDir = await mkdtemp(path.join(os.tmpdir(), 'par-install-'));
  try {
    const dir = await createBuildFolder({
      parentDir,
      prefix: 'build-',
      packageRoot: options.root,
      packageJson: plan.packageJson,
      lockfile: plan.lockfile,
    });
    // npm's own default cache (~/.npm) still spares refetching between boots of one machine.
    await runNpmCi({ ...npmSettings(plan, options), cwd: dir, npmCacheDir: undefined });
    const nodeModules = path.join(dir, 'node_modules');
    await mkdir(nodeModules, { recursive: true });
    const listing = await listTree(nodeModules);
    const mode = await putIntoPackage(listing, nodeModules, plan, options);
    return {
      action: 'installed',
      key: plan.key.id,
      npmRan: true,
      mode,
      fileCount: listing.fileCount,
    };
  } finally {
    await rm(parentDir, { recursive: true, force: true });
  }
}

function npmSettings(plan: NpmPlan, options: InstallDependenciesOptions) {
  return {
    installScripts: plan.installScripts,
    offline: options.settings.offline,
    timeoutMs: options.settings.timeoutMs,
    npmCli: options.settings.npmCli,
    signal: options.signal,
    logger: options.logger,
  };
}
