// The import rule of ARCHITECTURE.md ("dependency arrows point down only"), checked on every source file.
// tsc's project references stop imports of source files across projects; this also covers bare
// modules (vscode, node builtins, SDKs) that tsc would happily resolve from node_modules.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const layers = {
  'src/common': { layers: ['src/common'], modules: [] },
  'src/core': { layers: ['src/common', 'src/core'], modules: ['node:'] },
  'src/backends': { layers: ['src/common', 'src/core', 'src/backends'], modules: ['node:', '@duckdb/', '@aws-sdk/', '@smithy/'] },
  'src/cli': { layers: ['src/common', 'src/core', 'src/backends', 'src/cli'], modules: ['node:'] },
  'src/extension': { layers: ['src/common', 'src/core', 'src/backends', 'src/extension'], modules: ['node:', 'vscode'] },
  renderers: { layers: ['src/common', 'renderers'], modules: ['vscode-notebook-renderer', 'vega', 'vega-lite', 'vega-embed'] },
};

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full);
    else if (name.endsWith('.ts')) yield full;
  }
}

const problems = [];
for (const [layer, rule] of Object.entries(layers)) {
  for (const file of files(join(root, layer))) {
    const text = readFileSync(file, 'utf8');
    const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)]
      .map((m) => m[1] ?? m[2] ?? m[3]);
    for (const spec of specs) {
      const where = relative(root, file);
      if (spec.startsWith('.')) {
        const target = relative(root, resolve(dirname(file), spec));
        if (!rule.layers.some((l) => target === l || target.startsWith(l + '/'))) problems.push(`${where}: imports ${target}, outside ${rule.layers.join(', ')}`);
      } else if (!rule.modules.some((m) => spec === m || spec.startsWith(m.endsWith('/') || m.endsWith(':') ? m : m + '/') || spec === m)) {
        problems.push(`${where}: imports '${spec}', not allowed in ${layer}`);
      }
    }
  }
}
if (problems.length) {
  console.error(`Layer rule broken (see docs/architecture.md):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('layers: ok');
