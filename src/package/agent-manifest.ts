/**
 * The manifest after validation and the Kit's quirks are resolved: what the runtime uses.
 * For a package it cannot host (Python), only what describes it is filled in.
 */
export interface AgentManifest {
  readonly name: string;
  /** The agent's release version (metadata.version, or a semver top-level version). */
  readonly version: string;
  readonly displayName: string | undefined;
  readonly description: string | undefined;
  readonly author: string | undefined;
  /** The language family: only `node` packages can be hosted (see assertHostable). */
  readonly runtime: 'node' | 'python' | 'other';
  /** `runtime` as written (`node20`, `python3.11`, or a legacy mapping as JSON), if any. */
  readonly runtimeName: string | undefined;
  readonly entrypoint: string | undefined;
  readonly rest: { readonly entry: string } | undefined;
  readonly a2a: { readonly service: string | undefined } | undefined;
  readonly ui: { readonly path: string; readonly basePath: string } | undefined;
  /** The MCP config file, when `mcp.enabled` is true (only checked to exist, never read). */
  readonly mcpConfigFile: string | undefined;
  readonly environment: Readonly<Record<string, string>>;
  readonly subAgents: readonly SubAgent[];
  readonly capabilities: readonly string[];
  /** `node.install_scripts`: the package needs its dependencies' install scripts to run. */
  readonly installScripts: boolean;
}

export interface SubAgent {
  readonly name: string;
  readonly description: string | undefined;
  readonly endpoint: string | undefined;
  readonly public: boolean;
}
