/**
 * CloudTrail's delivery files, one 5-minute slot at a time: the slot's background (session starts
 * first, then random activity until the slot's count is met, redrawing anything that falls in a
 * logging blackout), the story's records of the slot, grouped per account and region, in time order.
 */
import { actorTables, type Actor, type ActorEvent } from './actors';
import { deliverySuffix, fileStamp } from './awsIds';
import type { EvidenceFile, SlotSource } from './evidenceFile';
import { sessionStartsIn } from './identities';
import type { ResolvedCorpusOptions } from './options';
import { Prng, deriveSeed } from './prng';
import { assembleRecord, type CloudTrailRecord } from './record';
import { SLOT_MS, isOfficeHours, type Schedule } from './schedule';
import { blackedOut, type Story } from './story';

/** One log file as CloudTrail would deliver it to S3. */
export interface Delivery {
  /** Path relative to the output folder, `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<name>.json.gz`. */
  key: string;
  accountId: string;
  region: string;
  records: CloudTrailRecord[];
}

/** CloudTrail's own serialisation: one line, no spaces, the Records array at the top. */
export function serializeDelivery(delivery: Delivery): string {
  let body = '{"Records":[';
  for (let i = 0; i < delivery.records.length; i++) {
    if (i > 0) body += ',';
    body += JSON.stringify(delivery.records[i]);
  }
  return body + ']}';
}

interface Pending {
  timeMs: number;
  seq: number;
  event?: ActorEvent;
  record?: CloudTrailRecord;
}

export interface CloudTrailPlan {
  options: ResolvedCorpusOptions;
  schedule: Schedule;
  story: Story;
  actors: Actor[];
}

/** The background events of one slot, sessions first, then random activity until the count is met. */
function backgroundFor(plan: CloudTrailPlan, slot: number, rng: Prng, tables: ReturnType<typeof actorTables>): Pending[] {
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

/** The delivery files of one slot, in a fixed order (account, region). Pure: no I/O. */
export function slotDeliveries(plan: CloudTrailPlan, slot: number, tables: ReturnType<typeof actorTables>, cursor: { next: number }): Delivery[] {
  const { schedule, story, options } = plan;
  const accountOrder = new Map(options.accounts.map((a, i) => [a, i]));
  const regionOrder = new Map(options.regions.map((r, i) => [r, i]));
  const rng = new Prng(deriveSeed(options.seed, 'slot', slot));
  const to = schedule.slotStart(slot) + SLOT_MS;
  const pending = backgroundFor(plan, slot, rng, tables);
  while (cursor.next < story.events.length && story.events[cursor.next]!.timeMs < to) {
    const e = story.events[cursor.next++]!;
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
  const out: Delivery[] = [];
  for (const [group, records] of ordered) {
    const [accountId, region] = group.split('|') as [string, string];
    for (let i = 0; i < records.length; i += options.maxRecordsPerFile) {
      const name = `${accountId}_CloudTrail_${region}_${stamp}_${deliverySuffix(rng)}.json.gz`;
      out.push({ key: `AWSLogs/${accountId}/CloudTrail/${region}/${day}/${name}`, accountId, region, records: records.slice(i, i + options.maxRecordsPerFile) });
    }
  }
  return out;
}

export function cloudTrailSource(plan: CloudTrailPlan): SlotSource {
  const tables = actorTables(plan.actors);
  const cursor = { next: 0 };
  return {
    source: 'cloudtrail',
    files: (slot) =>
      slotDeliveries(plan, slot, tables, cursor).map((d): EvidenceFile => ({
        key: d.key,
        source: 'cloudtrail',
        records: d.records.length,
        text: serializeDelivery(d),
        firstMs: Date.parse(d.records[0]!.eventTime),
        lastMs: Date.parse(d.records[d.records.length - 1]!.eventTime),
      })),
  };
}
