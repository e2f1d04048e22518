/**
 * Sample evidence, written by us: a seeded, deterministic multi-source corpus (CloudTrail, VPC Flow
 * Logs, Route 53 Resolver query logs, GuardDuty findings) telling one incident inside realistic
 * background activity. Used by training notebooks, tests and the benchmark.
 */
import { evidenceFiles, planCorpus, type StoryFacts } from './corpus';
import { isoSeconds } from './awsIds';
import type { CorpusOptions, ResolvedCorpusOptions } from './options';
import type { SourceCounts } from './sources';
import { hasEvidenceTree, removeEvidenceTree, writeEvidence, type SourceStats, type WrittenFile } from './writer';

export { evidenceFiles, planCorpus } from './corpus';
export type { CorpusPlan, StoryFacts } from './corpus';
export { serializeDelivery } from './cloudTrailSource';
export type { Delivery } from './cloudTrailSource';
export type { EvidenceFile } from './evidenceFile';
export type { FindingFact } from './incidentFindings';
export { CorpusOptionError, DEFAULTS, MIN_DURATION_MINUTES, resolveOptions } from './options';
export type { CorpusOptions, ResolvedCorpusOptions } from './options';
export type { CloudTrailRecord } from './record';
export { FINDINGS_PER_EVENT, SOURCES, SOURCE_SHARES } from './sources';
export type { SourceCounts, SourceName } from './sources';
export type { Blackout, StoryEvent, TrailFacts } from './story';
export type { SourceStats, WrittenFile } from './writer';

export interface GenerateOptions extends CorpusOptions {
  outDir: string;
  /** Replace an existing `AWSLogs/` tree in outDir instead of refusing. */
  overwrite?: boolean;
  onFile?: (file: WrittenFile) => void;
  signal?: AbortSignal;
}

export interface GenerateSummary {
  outDir: string;
  options: ResolvedCorpusOptions;
  files: number;
  events: number;
  /** Bytes on disk (gzip) and inflated. */
  bytes: number;
  rawBytes: number;
  /** Records per source as planned; equal to what `bySource` found written. */
  counts: SourceCounts;
  bySource: Partial<Record<keyof SourceCounts, SourceStats>>;
  /** Time of the first and last record over every source: the evidence's time window. */
  firstEventTime: string;
  lastEventTime: string;
  largestFile: number;
  story: StoryFacts;
}

export class OutputExistsError extends Error {
  override readonly name = 'OutputExistsError';
}

export async function generateEvidence(options: GenerateOptions): Promise<GenerateSummary> {
  const plan = planCorpus(options);
  if (await hasEvidenceTree(options.outDir)) {
    if (!options.overwrite) throw new OutputExistsError(`${options.outDir} already holds an AWSLogs/ tree; a new corpus would mix with it`);
    await removeEvidenceTree(options.outDir);
  }
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  // Watch the time range as files pass by, without keeping any of them.
  function* observed() {
    for (const file of evidenceFiles(plan)) {
      if (file.firstMs < first) first = file.firstMs;
      if (file.lastMs > last) last = file.lastMs;
      yield file;
    }
  }
  const writeOptions: Parameters<typeof writeEvidence>[2] = {};
  if (options.onFile) writeOptions.onFile = options.onFile;
  if (options.signal) writeOptions.signal = options.signal;
  const stats = await writeEvidence(options.outDir, observed(), writeOptions);
  return {
    outDir: options.outDir,
    options: plan.options,
    files: stats.files,
    events: stats.records,
    bytes: stats.bytes,
    rawBytes: stats.rawBytes,
    counts: plan.counts,
    bySource: stats.bySource,
    firstEventTime: isoSeconds(first),
    lastEventTime: isoSeconds(last),
    largestFile: stats.largestFile,
    story: plan.facts,
  };
}
