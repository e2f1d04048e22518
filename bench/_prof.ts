import { LocalBackend } from '../src/backends/local/localBackend';
async function main() {
  const folder = process.argv[2]!;
  const b = new LocalBackend({ cacheDir: '/work/main/bench/.corpus/.awsfx-cache' });
  for (const q of ['filter 1 = 2 | limit 1', 'filter 1 = 2 | limit 1']) {
    const t = performance.now();
    const r = await b.run({ language: 'cwli', query: q, target: { kind: 'evidence', folder, logGroups: process.argv[3] ? [process.argv[3]] : undefined } as any, rowCap: 100 });
    console.log(Math.round(performance.now() - t), r.warnings.length);
  }
  await b.dispose();
}
main();
