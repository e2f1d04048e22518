/**
 * Sample CloudTrail evidence, written by us: a seeded, deterministic corpus with an incident story
 * inside realistic background activity. Used by training notebooks, tests and the benchmark.
 */
import { isoSeconds } from './awsIds';
import { deliveries, planCorpus, type CorpusOptions, type ResolvedCorpusOptions } from './corpus';
import type { StoryFacts } from './story';
import { hasCloudTrailTree, removeCloudTrailTree, writeDeliveries, type WrittenFile } from './writer';

export { CorpusOptionError, DEFAULTS, deliveries, planCorpus, resolveOptions } from './corpus';
export type { CorpusOptions, CorpusPlan, Delivery, ResolvedCorpusOptions } from './corpus';
export type { CloudTrailRecord } from './record';
export type { Blackout, StoryEvent, StoryFacts } from './story';
export { serializeDelivery } from './writer';
export type { WrittenFile } from './writer';

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
  bytes: number;
  /** eventTime of the first and last record: the evidence's time window. */
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
  if (await hasCloudTrailTree(options.outDir)) {
    if (!options.overwrite) throw new OutputExistsError(`${options.outDir} already holds an AWSLogs/ tree; a new corpus would mix with it`);
    await removeCloudTrailTree(options.outDir);
  }
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  // Watch the time range as files pass by, without keeping any of them.
  function* observed() {
    for (const delivery of deliveries(plan)) {
      for (const record of delivery.records) {
        const t = Date.parse(record.eventTime);
        if (t < first) first = t;
        if (t > last) last = t;
      }
      yield delivery;
    }
  }
  const writeOptions: Parameters<typeof writeDeliveries>[2] = {};
  if (options.onFile) writeOptions.onFile = options.onFile;
  if (options.signal) writeOptions.signal = options.signal;
  const stats = await writeDeliveries(options.outDir, observed(), writeOptions);
  return {
    outDir: options.outDir,
    options: plan.options,
    files: stats.files,
    events: stats.records,
    bytes: stats.bytes,
    firstEventTime: isoSeconds(first),
    lastEventTime: isoSeconds(last),
    largestFile: stats.largestFile,
    story: plan.story.facts,
  };
}
