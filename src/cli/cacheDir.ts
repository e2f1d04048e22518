/**
 * Where the CLI keeps what it learnt about evidence folders between runs (the types of their files,
 * see src/backends/local/evidenceMemory.ts): `$AWSFX_CACHE_DIR`, else `$XDG_CACHE_HOME/awsfx`, else
 * `~/.cache/awsfx`. `AWSFX_CACHE_DIR=` (empty) keeps nothing.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function cliCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const own = env.AWSFX_CACHE_DIR;
  if (own !== undefined) return own === '' ? undefined : own;
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg ? xdg : join(homedir(), '.cache'), 'awsfx');
}
