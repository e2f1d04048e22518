/**
 * Turns options into a plan (world, story, schedule) and the plan into delivery files, one 5-minute
 * slot at a time. Only one slot's events exist at once, which is what lets the same code write a
 * few hundred events for a test or ten million for a benchmark.
 */
import { actorTables, buildActors, type Actor, type ActorEvent } from './actors';
import { deliverySuffix, fileStamp } from './awsIds';
import { Prng, deriveSeed } from './prng';
import { assembleRecord, type CloudTrailRecord } from './record';
import { MAX_EVENTS_PER_SLOT, SLOT_MS, buildSchedule, defaultDurationMinutes, isOfficeHours, type Schedule } from './schedule';
import { STORY_SPAN_MINUTES, blackedOut, planStory, type Story } from './story';
import { sessionStartsIn } from './identities';
import { GLOBAL_REGION, buildWorld, type World } from './world';

export interface CorpusOptions {
  seed?: number;
  /** Total records, story included. */
  events?: number;
  /** First moment of the window; aligned down to a 5-minute boundary. */
  start?: string | number | Date;
  durationMinutes?: number;
  accounts?: string[];
  regions?: string[];
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
  maxRecordsPerFile: number;
}

export const DEFAULTS = {
  seed: 1,
  events: 400,
  start: '2024-05-13T06:00:00Z',
  accounts: ['111122223333', '444455556666'],
  regions: ['us-east-1', 'eu-west-1', 'us-west-2'],
  maxRecordsPerFile: 5000,
} as const;

export class CorpusOptionError extends Error {
  override readonly name = 'CorpusOptionError';
}

export interface CorpusPlan {
  options: ResolvedCorpusOptions;
  world: World;
  story: Story;
  schedule: Schedule;
  actors: Actor[];
}

/** One log file as CloudTrail would deliver it to S3. */
export interface Delivery {
  /** Path relative to the output folder, `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<name>.json.gz`. */
  key: string;
  accountId: string;
  region: string;
  records: CloudTrailRecord[];
}

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function resolveOptions(options: CorpusOptions = {}): ResolvedCorpusOptions {
  const seed = options.seed ?? DEFAULTS.seed;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new CorpusOptionError(`seed must be an integer from 0 to 4294967295, got ${seed}`);
  const events = options.events ?? DEFAULTS.events;
  if (!Number.isInteger(events) || events < 100) throw new CorpusOptionError(`events must be an integer of at least 100 (the story alone is ~30 records), got ${events}`);
  const start = options.start ?? DEFAULTS.start;
  const parsed = start instanceof Date ? start.getTime() : typeof start === 'number' ? start : Date.parse(start);
  if (!Number.isFinite(parsed)) throw new CorpusOptionError(`start must be an ISO-8601 date-time, got ${String(start)}`);
  const startMs = Math.floor(parsed / SLOT_MS) * SLOT_MS;
  const durationMinutes = options.durationMinutes ?? defaultDurationMinutes(events);
  if (!Number.isInteger(durationMinutes) || durationMinutes < STORY_SPAN_MINUTES * 2) {
    throw new CorpusOptionError(`durationMinutes must be an integer of at least ${STORY_SPAN_MINUTES * 2}, got ${durationMinutes}`);
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
  const maxRecordsPerFile = options.maxRecordsPerFile ?? DEFAULTS.maxRecordsPerFile;
  if (!Number.isInteger(maxRecordsPerFile) || maxRecordsPerFile < 1) throw new CorpusOptionError(`maxRecordsPerFile must be a positive integer`);
  return { seed, events, startMs, durationMinutes, accounts, regions, maxRecordsPerFile };
}

export function planCorpus(options: CorpusOptions = {}): CorpusPlan {
  const resolved = resolveOptions(options);
  const world = buildWorld(resolved.seed, resolved.accounts, resolved.regions);
  // The incident starts a little after the middle of the window, at a seed-chosen second.
  const windowMs = resolved.durationMinutes * 60_000;
  const jitter = new Prng(deriveSeed(resolved.seed, 'story-start')).int(600) * 1000;
  const storyStart = resolved.startMs + Math.floor((windowMs * 0.55) / 60_000) * 60_000 + jitter;
  const story = planStory(world, Math.min(storyStart, resolved.startMs + windowMs - (STORY_SPAN_MINUTES + 10) * 60_000));
  const schedule = buildSchedule(resolved.startMs, resolved.durationMinutes, resolved.events - story.events.length);
  return { options: resolved, world, story, schedule, actors: buildActors(world) };
}

interface Pending {
  timeMs: number;
  seq: number;
  event?: ActorEvent;
  record?: CloudTrailRecord;
}

/** The background events of one slot, sessions first, then random activity until the count is met. */
function backgroundFor(plan: CorpusPlan, slot: number, rng: Prng, tables: ReturnType<typeof actorTables>): Pending[] {
  const { schedule, story, options } = plan;
  const from = schedule.slotStart(slot);
  const to = from + SLOT_MS;
  const budget = schedule.countFor(slot);
  const out: Pending[] = [];
  for (const actor of plan.actors) {
    if (actor.session === undefined) continue;
    for (const session of sessionStartsIn(options.seed, actor.key, actor.session.periodMs, from, to)) {
      if (out.length >= budget) break;
      const event = actor.session.startEvent(rng, session);
      if (blackedOut(story.blackouts, event.account.id, session.startMs, false)) continue;
      out.push({ timeMs: session.startMs, seq: out.length, event });
    }
  }
  const table = isOfficeHours(from) ? tables.day : tables.night;
  // Draws inside a logging blackout are redrawn, not dropped: the total stays exact.
  let attempts = 0;
  while (out.length < budget && attempts++ < budget * 50 + 100) {
    const timeMs = from + rng.int(SLOT_MS / 1000) * 1000;
    const event = table.pick(rng).act(rng, timeMs);
    if (blackedOut(story.blackouts, event.account.id, timeMs, event.call.dataEvent === true)) continue;
    out.push({ timeMs, seq: out.length, event });
  }
  return out;
}

/**
 * Yields the corpus as delivery files in a fixed order (slot, account, region). Pure: no I/O, and
 * the same options always give the same records.
 */
export function* deliveries(plan: CorpusPlan): Generator<Delivery> {
  const { schedule, story, options } = plan;
  const tables = actorTables(plan.actors);
  let storyIndex = 0;
  const accountOrder = new Map(options.accounts.map((a, i) => [a, i]));
  const regionOrder = new Map(options.regions.map((r, i) => [r, i]));
  for (let slot = 0; slot < schedule.slots; slot++) {
    const rng = new Prng(deriveSeed(options.seed, 'slot', slot));
    const to = schedule.slotStart(slot) + SLOT_MS;
    const pending = backgroundFor(plan, slot, rng, tables);
    while (storyIndex < story.events.length && story.events[storyIndex]!.timeMs < to) {
      const e = story.events[storyIndex++]!;
      pending.push({ timeMs: e.timeMs, seq: pending.length, record: e.record });
    }
    pending.sort((a, b) => a.timeMs - b.timeMs || a.seq - b.seq);
    const groups = new Map<string, CloudTrailRecord[]>();
    for (const p of pending) {
      const record = p.record ?? assembleRecord(rng, { timeMs: p.timeMs, region: p.event!.region, recipientAccountId: p.event!.account.id }, p.event!.caller, p.event!.call);
      const group = `${record.recipientAccountId}|${record.awsRegion}`;
      let list = groups.get(group);
      if (list === undefined) groups.set(group, (list = []));
      list.push(record);
    }
    const ordered = [...groups.entries()].sort(([a], [b]) => {
      const [accountA, regionA] = a.split('|') as [string, string];
      const [accountB, regionB] = b.split('|') as [string, string];
      return accountOrder.get(accountA)! - accountOrder.get(accountB)! || (regionOrder.get(regionA) ?? 99) - (regionOrder.get(regionB) ?? 99);
    });
    // CloudTrail names a file after its delivery: the end of the slot, in the folder of that day.
    const stamp = fileStamp(to);
    const day = `${stamp.slice(0, 4)}/${stamp.slice(4, 6)}/${stamp.slice(6, 8)}`;
    for (const [group, records] of ordered) {
      const [accountId, region] = group.split('|') as [string, string];
      for (let i = 0; i < records.length; i += options.maxRecordsPerFile) {
        const name = `${accountId}_CloudTrail_${region}_${stamp}_${deliverySuffix(rng)}.json.gz`;
        yield { key: `AWSLogs/${accountId}/CloudTrail/${region}/${day}/${name}`, accountId, region, records: records.slice(i, i + options.maxRecordsPerFile) };
      }
    }
  }
}
