/**
 * The three sources that live per VPC (flow logs, resolver query logs, GuardDuty findings), one
 * 5-minute slot at a time: the slot's background from its own seeded stream, plus the story records
 * that fall in the slot, grouped per VPC into one delivery file each.
 */
import { uuid } from './awsIds';
import { DnsBackground, type QueryAt } from './dnsTraffic';
import { groupByVpc, takeUntil, type EvidenceFile, type SlotSource } from './evidenceFile';
import { FindingBackground, type FindingExport } from './findingActivity';
import { FORMATS, flowLogKey, flowLogText } from './flowLog';
import { FlowBackground, type FlowAt } from './flowTraffic';
import { findingsKey } from './guardDutyFinding';
import type { Network } from './network';
import { Prng, deriveSeed } from './prng';
import { resolverLogKey, resolverLogText } from './resolverLog';
import { SLOT_MS, type Schedule } from './schedule';

export interface SourceContext {
  seed: number;
  network: Network;
  schedule: Schedule;
  startMs: number;
}

const flowTime = (f: FlowAt) => (f.record.start as number) * 1000;
/** A flow record is delivered with the slot in which its interval ends. */
const flowEnd = (f: FlowAt) => (f.record.end as number) * 1000;
/** Files list records by start, then end: whole-second starts leave the milliseconds free for the length. */
const flowOrder = (f: FlowAt) => flowTime(f) + (flowEnd(f) - flowTime(f)) / 1000;

function span<T>(items: readonly T[], timeOf: (item: T) => number): { firstMs: number; lastMs: number } {
  let firstMs = Number.POSITIVE_INFINITY;
  let lastMs = Number.NEGATIVE_INFINITY;
  for (const item of items) {
    const t = timeOf(item);
    if (t < firstMs) firstMs = t;
    if (t > lastMs) lastMs = t;
  }
  return { firstMs, lastMs };
}

const hash8 = (rng: Prng) => rng.chars('0123456789abcdef', 8);

/** `story` sorted by interval end. */
export function flowLogSource(ctx: SourceContext, story: readonly FlowAt[]): SlotSource {
  const background = new FlowBackground(ctx.network);
  const cursor = { next: 0 };
  return {
    source: 'vpcflow',
    files(slot) {
      const rng = new Prng(deriveSeed(ctx.seed, 'vpcflow', slot));
      const from = ctx.schedule.slotStart(slot);
      const items = background.draw(rng, from / 1000, (from + SLOT_MS) / 1000, ctx.startMs / 1000, ctx.schedule.countFor(slot));
      items.push(...takeUntil(story, flowEnd, cursor, from + SLOT_MS));
      return groupByVpc(items, (f) => f.vpc, flowOrder, ctx.network.vpcs).map(([vpc, flows]): EvidenceFile => ({
        key: flowLogKey(vpc.account.id, vpc.region, vpc.flowLogId, from + SLOT_MS, hash8(rng)),
        source: 'vpcflow',
        records: flows.length,
        text: flowLogText(FORMATS[vpc.flowLogFormat], flows.map((f) => f.record)),
        ...span(flows, flowTime),
      }));
    },
  };
}

/** `story` sorted by query time. */
export function resolverLogSource(ctx: SourceContext, story: readonly QueryAt[]): SlotSource {
  const background = new DnsBackground(ctx.network, ctx.seed);
  const cursor = { next: 0 };
  return {
    source: 'route53',
    files(slot) {
      const rng = new Prng(deriveSeed(ctx.seed, 'route53', slot));
      const from = ctx.schedule.slotStart(slot);
      const items = background.draw(rng, from, from + SLOT_MS, ctx.schedule.countFor(slot));
      items.push(...takeUntil(story, (q) => q.timeMs, cursor, from + SLOT_MS));
      return groupByVpc(items, (q) => q.vpc, (q) => q.timeMs, ctx.network.vpcs).map(([vpc, queries]): EvidenceFile => ({
        key: resolverLogKey(vpc.account.id, vpc.vpcId, from + SLOT_MS, hash8(rng)),
        source: 'route53',
        records: queries.length,
        text: resolverLogText(queries.map((q) => q.query)),
        ...span(queries, (q) => q.timeMs),
      }));
    },
  };
}

/** `story` sorted by export time. */
export function findingsSource(ctx: SourceContext, story: readonly FindingExport[]): SlotSource {
  const background = new FindingBackground(ctx.network, ctx.seed, ctx.startMs);
  const cursor = { next: 0 };
  return {
    source: 'guardduty',
    files(slot) {
      const rng = new Prng(deriveSeed(ctx.seed, 'guardduty', slot));
      const from = ctx.schedule.slotStart(slot);
      const items = background.draw(rng, from, from + SLOT_MS, ctx.schedule.countFor(slot));
      items.push(...takeUntil(story, (e) => e.exportedMs, cursor, from + SLOT_MS));
      return groupByVpc(items, (e) => e.vpc, (e) => e.exportedMs, ctx.network.vpcs).map(([vpc, exports]): EvidenceFile => ({
        key: findingsKey(vpc.account.id, vpc.region, from + SLOT_MS, uuid(rng)),
        source: 'guardduty',
        records: exports.length,
        text: exports.map((e) => JSON.stringify(e.json)).join('\n') + '\n',
        ...span(exports, (e) => e.updatedMs),
      }));
    },
  };
}
