// Builds the platform-specific .vsix (DuckDB is a native module, so the package is per platform).
// The extension bundle, the renderer bundles and node_modules/@duckdb are all it ships (.vscodeignore).
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const target = process.env.AWSFX_VSIX_TARGET ?? `${process.platform}-${process.arch}`;
const out = join(root, 'out', 'awsfx.vsix');
mkdirSync(join(root, 'out'), { recursive: true });
execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--production', '--no-tests'], { stdio: 'inherit', cwd: root });
execFileSync(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--target', target, '--out', out], { stdio: 'inherit', cwd: root });
console.log(`${out} ${(statSync(out).size / 1024 / 1024).toFixed(1)} MiB (${target})`);
