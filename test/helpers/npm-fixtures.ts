/**
 * Agent packages with real npm dependencies, made offline: each dependency is a tiny package
 * packed with `npm pack` and put into an npm cache with `npm cache add`; the agent's lockfile
 * is written here so its `resolved` and `integrity` match that tarball. The registry named in
 * the lockfile and in the environment is a closed loopback port, so a fetch that should not
 * happen fails at once instead of reaching out.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Nothing listens on port 9 (discard) on loopback: any registry request is refused. */
export const deadRegistry = 'http://127.0.0.1:9/';

/** The npm-cli.js next to the node running the tests. */
export const realNpmCli = realpathSync(path.join(path.dirname(process.execPath), 'npm'));

/** Environment for npm (and `par`, which passes it on) that keeps npm off the network. */
export function offlineNpmEnv(workDir: string): Record<string, string> {
  return {
    npm_config_registry: deadRegistry,
    npm_config_fetch_retries: '0',
    npm_config_userconfig: path.join(workDir, 'no-user-npmrc'),
    npm_config_update_notifier: 'false',
  };
}

export interface PackedDependency {
  readonly name: string;
  readonly version: string;
  readonly integrity: string;
  readonly hasInstallScript: boolean;
}

export interface DependencySource {
  readonly name: string;
  readonly version?: string;
  /** The module's source (ESM). */
  readonly source?: string;
  /** A postinstall script command. */
  readonly postinstall?: string;
  /** More files, by relative path, to give the package some weight. */
  readonly extraFiles?: Record<string, string>;
}

/** Packs a tiny dependency and adds it to the npm cache at `npmCacheDir`. */
export async function packDependency(
  workDir: string,
  npmCacheDir: string,
  dependency: DependencySource
): Promise<PackedDependency> {
  const [packed] = await packDependencies(workDir, npmCacheDir, [dependency]);
  return packed!;
}

/** Packs several dependencies with one `npm pack` and one `npm cache add`. */
export async function packDependencies(
  workDir: string,
  npmCacheDir: string,
  dependencies: readonly DependencySource[]
): Promise<PackedDependency[]> {
  const folders = await Promise.all(dependencies.map((dep) => writeSource(workDir, dep)));
  const tarballs = path.join(workDir, 'tarballs');
  await mkdir(tarballs, { recursive: true });
  const env = { ...process.env, ...offlineNpmEnv(workDir) };
  const { stdout } = await run(
    process.execPath,
    [realNpmCli, 'pack', ...folders, '--pack-destination', tarballs, '--json'],
    { env, maxBuffer: 64 * 1024 * 1024 }
  );
  const files = (JSON.parse(stdout) as Array<{ filename: string }>).map((item) =>
    path.join(tarballs, item.filename)
  );
  await run(process.execPath, [realNpmCli, 'cache', 'add', ...files, '--cache', npmCacheDir], {
    env,
  });
  return Promise.all(
    dependencies.map(async (dep, index) => ({
      name: dep.name,
      version: dep.version ?? '1.0.0',
      integrity: `sha512-${createHash('sha512')
        .update(await readFile(files[index] ?? ''))
        .digest('base64')}`,
      hasInstallScript: dep.postinstall !== undefined,
    }))
  );
}

async function writeSource(workDir: string, dependency: DependencySource): Promise<string> {
  const folder = path.join(workDir, 'sources', dependency.name);
  await mkdir(folder, { recursive: true });
  const manifest: Record<string, unknown> = {
    name: dependency.name,
    version: dependency.version ?? '1.0.0',
    type: 'module',
    main: 'index.js',
  };
  if (dependency.postinstall !== undefined) {
    manifest.scripts = { postinstall: dependency.postinstall };
  }
  await writeFile(path.join(folder, 'package.json'), JSON.stringify(manifest, null, 2));
  await writeFile(
    path.join(folder, 'index.js'),
    dependency.source ?? `export const greeting = 'hello from ${dependency.name}';\n`
  );
  for (const [name, text] of Object.entries(dependency.extraFiles ?? {})) {
    await mkdir(path.dirname(path.join(folder, name)), { recursive: true });
    await writeFile(path.join(folder, name), text);
  }
  return folder;
}

export interface AgentFixtureOptions {
  readonly dependencies: readonly PackedDependency[];
  /** Specs written into package.json; the lockfile always records the packed versions. */
  readonly packageJsonSpecs?: Record<string, string>;
  /** Writes no lockfile at all. */
  readonly noLockfile?: boolean;
  /** `node.install_scripts` in agent.yaml. */
  readonly installScripts?: boolean;
  readonly version?: string;
}

/**
 * Writes an agent package at `dir` whose invoke returns the `greeting` export of its first
 * dependency, so a REST call proves the dependency was really imported.
 */
export async function writeAgentWithDependencies(
  dir: string,
  options: AgentFixtureOptions
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const version = options.version ?? '1.0.0';
  const first = options.dependencies[0];
  const lines = [
    'name: deps-agent',
    'runtime: node20',
    'entrypoint: agent.js',
    `metadata:\n  version: ${version}`,
  ];
  if (options.installScripts === true) lines.push('node:\n  install_scripts: true');
  await writeFile(path.join(dir, 'agent.yaml'), `${lines.join('\n')}\n`);
  await writeFile(
    path.join(dir, 'agent.js'),
    first === undefined
      ? 'export default { invoke: () => ({ greeting: null }) };\n'
      : `import { greeting } from '${first.name}';\n` +
          'export default { invoke: () => ({ greeting }) };\n'
  );

  const specs =
    options.packageJsonSpecs ??
    Object.fromEntries(options.dependencies.map((dep) => [dep.name, dep.version]));
  const lockedSpecs = Object.fromEntries(
    options.dependencies.map((dep) => [dep.name, dep.version])
  );
  const packageJson = { name: 'deps-agent', version, private: true, type: 'module' };
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({ ...packageJson, dependencies: specs }, null, 2)
  );
  if (options.noLockfile === true) return;

  const packages: Record<string, unknown> = {
    '': { name: 'deps-agent', version, dependencies: lockedSpecs },
  };
  for (const dep of options.dependencies) {
    packages[`node_modules/${dep.name}`] = {
      version: dep.version,
      resolved: `${deadRegistry}${dep.name}/-/${dep.name}-${dep.version}.tgz`,
      integrity: dep.integrity,
      ...(dep.hasInstallScript ? { hasInstallScript: true } : {}),
    };
  }
  const lockfile = { name: 'deps-agent', version, lockfileVersion: 3, requires: true, packages };
  await writeFile(path.join(dir, 'package-lock.json'), JSON.stringify(lockfile, null, 2));
}

/**
 * A stand-in for npm that records each run in `counterFile`, then runs the real npm: set
 * PAR_NPM_CLI to it to count how often the runtime starts npm.
 */
export async function writeCountingNpm(dir: string, counterFile: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'counting-npm.mjs');
  await writeFile(
    file,
    "import { appendFileSync } from 'node:fs';\n" +
      `appendFileSync(${JSON.stringify(counterFile)}, process.argv.slice(2).join(' ') + '\\n');\n` +
      `await import(${JSON.stringify(pathToFileURL(realNpmCli).href)});\n`
  );
  return file;
}

/** How many times the counting npm ran. */
export async function npmRuns(counterFile: string): Promise<string[]> {
  const text = await readFile(counterFile, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line !== '');
}
