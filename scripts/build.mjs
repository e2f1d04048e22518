// Bundles every entry point with esbuild and prints the size of each bundle.
// Host code is CommonJS for Node (the extension host and the CLI); renderers are browser ES modules.
// DuckDB's native binding stays outside the bundles and ships in node_modules of the platform .vsix;
// its JavaScript API (@duckdb/node-api, ~50 small modules) is bundled in: resolving and loading those
// modules one by one cost every CLI run and every extension start ~25 ms (docs/benchmarks.md).
import * as esbuild from 'esbuild';
import { readdirSync, statSync, mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const production = process.argv.includes('--production');
const withTests = !process.argv.includes('--no-tests');

const nodeExternal = ['vscode', '@duckdb/node-bindings', 'mocha'];
const common = { bundle: true, sourcemap: production ? false : 'linked', minify: production, logLevel: 'warning', absWorkingDir: root, legalComments: 'none' };

function listTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listTests(full));
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

const builds = [
  { entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternal },
  { entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternal },
  { entryPoints: { table: 'renderers/table/index.ts' }, outdir: 'dist/renderers', platform: 'browser', format: 'esm', target: 'es2022' },
];
if (withTests) {
  // The in-extension-host suite: mocha runs inside the real VS Code, so it is bundled like the extension.
  // Mocha itself is bundled in (the unpacked .vsix the suite runs against has no node_modules/mocha).
  const suite = listTests(join(root, 'test/extension'));
  rmSync(join(root, 'out/test/extension'), { recursive: true, force: true });
  builds.push({ entryPoints: suite.map((f) => relative(root, f)), outbase: 'test/extension', outdir: 'out/test/extension', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternal.filter((m) => m !== 'mocha'),
    // Mocha's parallel mode (never used in the host) resolves worker files at run time; not an error here.
    logOverride: { 'require-resolve-not-external': 'silent' } });
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
mkdirSync(join(root, 'dist'), { recursive: true });
const results = await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b, metafile: true })));
for (const r of results) {
  for (const [file, info] of Object.entries(r.metafile.outputs)) {
    if (file.endsWith('.map') || file.startsWith('out/test')) continue;
    console.log(`${file.padEnd(36)} ${(info.bytes / 1024).toFixed(1).padStart(8)} KiB`);
  }
}
