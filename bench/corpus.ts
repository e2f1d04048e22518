/**
 * The benchmark corpora, from our generator, cached in bench/.corpus/ (git ignored). A cache key
 * holds the corpus's size, sources and seed and a hash of the generator's sources, so a change to
 * the generator regenerates instead of benchmarking stale evidence; corpora of older generator
 * versions are deleted (the large ones are half a gigabyte each).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateEvidence, type GenerateSummary, type SourceName } from '../src/core/generator';

export const BENCH_SEED = 20240513;

export interface CorpusSpec {
  /** Short name for logs and reports. */
  name: string;
  events: number;
  sources: readonly SourceName[];
}

export interface Corpus {
  spec: CorpusSpec;
  dir: string;
  summary: GenerateSummary;
  /** Seconds spent generating, or 0 when the cache was used. */
  generatedSeconds: number;
}

/** The CloudTrail-only corpus of the Athena SQL suite. */
export const SQL_CORPUS: CorpusSpec = { name: '500k CloudTrail', events: 500_000, sources: ['cloudtrail'] };
/** The multi-source corpus of the Logs Insights suite, and its tenfold for the linearity check. */
export const INSIGHTS_CORPUS: CorpusSpec = { name: '1M multi-source', events: 1_000_000, sources: ['cloudtrail', 'vpcflow', 'route53', 'guardduty'] };
export const TENFOLD_CORPUS: CorpusSpec = { ...INSIGHTS_CORPUS, name: '10M multi-source', events: 10_000_000 };
/** Raw (inflated) bytes of the memory check's corpus: 5 GB. */
export const RSS_CORPUS_BYTES = 5e9;

function generatorFingerprint(root: string): string {
  const dir = join(root, 'src/core/generator');
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(join(dir, name)));
  return hash.digest('hex').slice(0, 12);
}

/** Free bytes on the file system of `dir`. */
export function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

export async function ensureCorpus(root: string, spec: CorpusSpec, log: (line: string) => void): Promise<Corpus> {
  const fingerprint = generatorFingerprint(root);
  const key = `events-${spec.events}-${spec.sources.join('+')}-seed-${BENCH_SEED}-gen-${fingerprint}`;
  const cache = join(root, 'bench/.corpus');
  const dir = join(cache, key);
  // Beside the evidence, not in it, so no contender reads it; written last, so it means "complete".
  const marker = join(cache, `${key}.json`);
  if (existsSync(marker)) {
    log(`corpus ${spec.name}: cached ${dir}`);
    return { spec, dir, summary: JSON.parse(readFileSync(marker, 'utf8')) as GenerateSummary, generatedSeconds: 0 };
  }
  mkdirSync(cache, { recursive: true });
  for (const name of readdirSync(cache)) if (!name.includes(`-gen-${fingerprint}`)) rmSync(join(cache, name), { recursive: true, force: true });
  // gzip keeps about a tenth of the raw size; refuse before filling the disk rather than after.
  const needed = spec.events * 60;
  if (freeBytes(cache) < needed * 2) throw new Error(`corpus ${spec.name} needs ~${(needed / 1e9).toFixed(1)} GB on disk; ${(freeBytes(cache) / 1e9).toFixed(1)} GB free`);
  log(`corpus ${spec.name}: generating ${spec.events.toLocaleString('en')} events into ${dir} …`);
  const started = performance.now();
  const summary = await generateEvidence({ outDir: dir, seed: BENCH_SEED, events: spec.events, sources: spec.sources, overwrite: true });
  const generatedSeconds = (performance.now() - started) / 1000;
  writeFileSync(marker, JSON.stringify(summary, null, 2));
  log(`corpus ${spec.name}: ${summary.files} files, ${(summary.bytes / 1e6).toFixed(1)} MB gzip, ${(summary.rawBytes / 1e9).toFixed(2)} GB raw, ${generatedSeconds.toFixed(1)} s`);
  return { spec, dir, summary, generatedSeconds };
}

/**
 * The multi-source corpus whose records inflate to at least `RSS_CORPUS_BYTES`, sized from a
 * corpus of similar size (bytes per record drift a little with the window's length), plus 2%.
 */
export function rssCorpusSpec(reference: Corpus): CorpusSpec {
  const perEvent = reference.summary.rawBytes / reference.summary.events;
  const events = Math.ceil((RSS_CORPUS_BYTES * 1.02) / perEvent / 100_000) * 100_000;
  return { ...INSIGHTS_CORPUS, name: `${(events / 1e6).toFixed(1)}M multi-source (5 GB raw)`, events };
}
