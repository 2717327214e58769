const placeholder = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * The environment an agent sees: the manifest's `environment` beneath the process environment
 * (the deployment wins). `${VAR}` and `${VAR:-default}` in manifest values are expanded once,
 * against the process environment, and nothing else is interpreted.
 */
export function buildAgentEnvironment(
  manifestEnvironment: Readonly<Record<string, string>>,
  processEnv: NodeJS.ProcessEnv
): Readonly<Record<string, string | undefined>> {
  const merged: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(manifestEnvironment)) {
    merged[key] = value.replace(placeholder, (_match, name: string, fallback?: string) => {
      const fromProcess = processEnv[name];
      return fromProcess !== undefined && fromProcess !== '' ? fromProcess : (fallback ?? '');
    });
  }
  return Object.freeze({ ...merged, ...processEnv });
}
