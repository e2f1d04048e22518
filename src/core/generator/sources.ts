/**
 * The evidence types the generator writes and how a requested total (`--events N`) is shared among
 * them. The shares follow what a small AWS estate produces: flow logs are the bulk of the records,
 * resolver query logs next, CloudTrail a fifth, and GuardDuty findings a handful a day. Every source
 * gets its story records plus a background share, and the shares add up to exactly N.
 */

export const SOURCES = ['cloudtrail', 'vpcflow', 'route53', 'guardduty'] as const;
export type SourceName = (typeof SOURCES)[number];

/** Share of the non-GuardDuty records per source (docs/generator.md explains the choice). */
export const SOURCE_SHARES: Readonly<Record<Exclude<SourceName, 'guardduty'>, number>> = {
  cloudtrail: 0.2,
  vpcflow: 0.55,
  route53: 0.25,
};

/** Background findings per record of the whole corpus: one in two thousand. */
export const FINDINGS_PER_EVENT = 1 / 2000;

/** Each source keeps at least this many background records, so a story never stands alone. */
const MIN_BACKGROUND = 20;

export type SourceCounts = Record<SourceName, number>;

export function isSourceName(name: string): name is SourceName {
  return (SOURCES as readonly string[]).includes(name);
}

/**
 * Records per source for `total` records over `sources`. GuardDuty takes its story plus a fixed rate
 * first; the rest is split by share with cumulative rounding, so the parts sum to `total` exactly.
 * A source on its own takes everything.
 */
export function splitEvents(total: number, sources: readonly SourceName[], story: SourceCounts): SourceCounts {
  const counts: SourceCounts = { cloudtrail: 0, vpcflow: 0, route53: 0, guardduty: 0 };
  const others = SOURCES.filter((s): s is Exclude<SourceName, 'guardduty'> => s !== 'guardduty' && sources.includes(s));
  if (sources.includes('guardduty')) {
    counts.guardduty = others.length === 0 ? total : Math.min(total, story.guardduty + Math.round(total * FINDINGS_PER_EVENT));
  }
  const rest = total - counts.guardduty;
  const weight = others.reduce((sum, s) => sum + SOURCE_SHARES[s], 0);
  let cumulative = 0;
  let given = 0;
  for (const source of others) {
    cumulative += SOURCE_SHARES[source];
    const upTo = Math.round((rest * cumulative) / weight);
    counts[source] = upTo - given;
    given = upTo;
  }
  return counts;
}

/** True when every selected source can hold its story and some background. */
function fits(total: number, sources: readonly SourceName[], story: SourceCounts): boolean {
  const counts = splitEvents(total, sources, story);
  return sources.every((s) => counts[s] >= story[s] + (s === 'guardduty' ? 0 : MIN_BACKGROUND));
}

/** The smallest total that `fits`, and never below 100 (a corpus should be worth querying). */
export function minimumEvents(sources: readonly SourceName[], story: SourceCounts): number {
  const weight = sources.reduce((sum, s) => sum + (s === 'guardduty' ? 0 : SOURCE_SHARES[s]), 0);
  let total = 100;
  for (const s of sources) {
    if (s === 'guardduty') total = Math.max(total, story.guardduty);
    else total = Math.max(total, Math.ceil(((story[s] + MIN_BACKGROUND) * weight) / SOURCE_SHARES[s]));
  }
  // The estimate ignores GuardDuty's cut and rounding; a few steps up settle it.
  while (!fits(total, sources, story)) total++;
  return total;
}
