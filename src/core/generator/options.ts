/**
 * What a corpus is asked to be, checked and completed with defaults. Everything the user can get
 * wrong is reported here, in words that name the option, before a single file is written.
 */
import { MAX_EVENTS_PER_SLOT, SLOT_MS, defaultDurationMinutes } from './schedule';
import { SOURCES, isSourceName, type SourceName } from './sources';
import { GLOBAL_REGION } from './world';

export interface CorpusOptions {
  seed?: number;
  /** Total records over every selected source, story included. */
  events?: number;
  /** First moment of the window; aligned down to a 5-minute boundary. */
  start?: string | number | Date;
  durationMinutes?: number;
  accounts?: string[];
  regions?: string[];
  /** Evidence types to write; all of them by default. */
  sources?: readonly string[];
  /** CloudTrail splits busy slots into several files; this caps records per file. */
  maxRecordsPerFile?: number;
}

export interface ResolvedCorpusOptions {
  seed: number;
  events: number;
  startMs: number;
  durationMinutes: number;
  accounts: string[];
  regions: string[];
  sources: SourceName[];
  maxRecordsPerFile: number;
}

export const DEFAULTS = {
  seed: 1,
  events: 2000,
  start: '2024-05-13T06:00:00Z',
  accounts: ['111122223333', '444455556666'],
  regions: ['us-east-1', 'eu-west-1', 'us-west-2'],
  sources: SOURCES,
  maxRecordsPerFile: 5000,
} as const;

/**
 * The incident needs room on both sides of its first API call: network reconnaissance starts about
 * half an hour before it, and GuardDuty's last update is exported about an hour after it.
 */
export const MIN_DURATION_MINUTES = 120;

export class CorpusOptionError extends Error {
  override readonly name = 'CorpusOptionError';
}

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function resolveOptions(options: CorpusOptions = {}): ResolvedCorpusOptions {
  const seed = options.seed ?? DEFAULTS.seed;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new CorpusOptionError(`seed must be an integer from 0 to 4294967295, got ${seed}`);
  const events = options.events ?? DEFAULTS.events;
  if (!Number.isInteger(events) || events < 100) throw new CorpusOptionError(`events must be an integer of at least 100 (the story alone is ~30 records per source), got ${events}`);
  const start = options.start ?? DEFAULTS.start;
  const parsed = start instanceof Date ? start.getTime() : typeof start === 'number' ? start : Date.parse(start);
  if (!Number.isFinite(parsed)) throw new CorpusOptionError(`start must be an ISO-8601 date-time, got ${String(start)}`);
  const startMs = Math.floor(parsed / SLOT_MS) * SLOT_MS;
  const durationMinutes = options.durationMinutes ?? defaultDurationMinutes(events);
  if (!Number.isInteger(durationMinutes) || durationMinutes < MIN_DURATION_MINUTES) {
    throw new CorpusOptionError(`durationMinutes must be an integer of at least ${MIN_DURATION_MINUTES}, got ${durationMinutes}`);
  }
  if (events / (durationMinutes / 5) > MAX_EVENTS_PER_SLOT) {
    throw new CorpusOptionError(`${events} events in ${durationMinutes} minutes is more than ${MAX_EVENTS_PER_SLOT} per 5 minutes; lengthen the window`);
  }
  const accounts = [...(options.accounts ?? DEFAULTS.accounts)];
  if (accounts.length === 0 || accounts.some((a) => !/^\d{12}$/.test(a)) || new Set(accounts).size !== accounts.length) {
    throw new CorpusOptionError(`accounts must be distinct 12-digit account ids, got ${accounts.join(',')}`);
  }
  // IAM, STS's global endpoint and sign-in always log to us-east-1, so it is always part of the trail.
  const requested = [...(options.regions ?? DEFAULTS.regions)];
  if (requested.some((r) => !REGION_PATTERN.test(r))) throw new CorpusOptionError(`regions must look like us-east-1, got ${requested.join(',')}`);
  const regions = [GLOBAL_REGION, ...requested.filter((r) => r !== GLOBAL_REGION)].filter((r, i, all) => all.indexOf(r) === i);
  const wanted = [...(options.sources ?? DEFAULTS.sources)];
  if (wanted.length === 0 || wanted.some((s) => !isSourceName(s))) {
    throw new CorpusOptionError(`sources must be one or more of ${SOURCES.join(',')}, got ${wanted.join(',') || 'nothing'}`);
  }
  // Always in the canonical order, so `vpcflow,cloudtrail` and `cloudtrail,vpcflow` write the same corpus.
  const sources = SOURCES.filter((s) => wanted.includes(s));
  const maxRecordsPerFile = options.maxRecordsPerFile ?? DEFAULTS.maxRecordsPerFile;
  if (!Number.isInteger(maxRecordsPerFile) || maxRecordsPerFile < 1) throw new CorpusOptionError(`maxRecordsPerFile must be a positive integer`);
  return { seed, events, startMs, durationMinutes, accounts, regions, sources, maxRecordsPerFile };
}
