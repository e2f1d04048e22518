/**
 * The benchmark corpus: 500k CloudTrail events from our generator, cached in bench/.corpus/ (git
 * ignored). The cache key includes a hash of the generator's sources, so a change to the generator
 * regenerates instead of benchmarking stale evidence.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateEvidence, type GenerateSummary } from '../src/core/generator';

export const BENCH_EVENTS = 500_000;
export const BENCH_SEED = 20240513;

export interface Corpus {
  dir: string;
  summary: GenerateSummary;
  /** Seconds spent generating, or 0 when the cache was used. */
  generatedSeconds: number;
}

function generatorFingerprint(root: string): string {
  const dir = join(root, 'src/core/generator');
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(join(dir, name)));
  return hash.digest('hex').slice(0, 12);
}

export async function ensureCorpus(root: string, log: (line: string) => void): Promise<Corpus> {
  const key = `events-${BENCH_EVENTS}-seed-${BENCH_SEED}-gen-${generatorFingerprint(root)}`;
  const cache = join(root, 'bench/.corpus');
  const dir = join(cache, key);
  // Beside the evidence, not in it, so no contender reads it; written last, so it means "complete".
  const marker = join(cache, `${key}.json`);
  if (existsSync(marker)) {
    log(`corpus: cached ${dir}`);
    return { dir, summary: JSON.parse(readFileSync(marker, 'utf8')) as GenerateSummary, generatedSeconds: 0 };
  }
  // Corpora of older generator versions are dead weight (~65 MB each).
  mkdirSync(cache, { recursive: true });
  for (const name of readdirSync(cache)) if (!name.startsWith(key)) rmSync(join(cache, name), { recursive: true, force: true });
  log(`corpus: generating ${BENCH_EVENTS.toLocaleString('en')} events into ${dir} …`);
  const started = performance.now();
  const summary = await generateEvidence({ outDir: dir, seed: BENCH_SEED, events: BENCH_EVENTS, overwrite: true });
  const generatedSeconds = (performance.now() - started) / 1000;
  writeFileSync(marker, JSON.stringify(summary, null, 2));
  log(`corpus: ${summary.files} files, ${(summary.bytes / 1e6).toFixed(1)} MB gzip, ${generatedSeconds.toFixed(1)} s`);
  return { dir, summary, generatedSeconds };
}
