/**
 * The unit every source produces and the writer stores: one file of one evidence type, already
 * serialised, with its S3 key. Sources produce their files one five-minute slot at a time, so the
 * corpus never exists in memory as a whole.
 */
import type { Vpc } from './network';
import type { SourceName } from './sources';

export interface EvidenceFile {
  /** Path relative to the output folder, in the S3 layout AWS delivers to. */
  key: string;
  source: SourceName;
  /** Log records (lines, findings, events) in the file; a flow log's header line is not one. */
  records: number;
  /** The file's content before gzip. */
  text: string;
  /** Earliest and latest event time of the records, epoch milliseconds. */
  firstMs: number;
  lastMs: number;
}

export interface SlotSource {
  readonly source: SourceName;
  /** The files delivered at the end of slot `slot`, in a fixed order. Slots are asked for in order. */
  files(slot: number): EvidenceFile[];
}

/**
 * Groups a slot's records by the VPC (flow log, query log configuration, detector) that delivers
 * them, in the network's VPC order, each group sorted by time with ties kept in drawing order.
 */
export function groupByVpc<T>(items: readonly T[], vpcOf: (item: T) => Vpc, timeOf: (item: T) => number, vpcOrder: readonly Vpc[]): Array<[Vpc, T[]]> {
  const groups = new Map<Vpc, T[]>();
  for (const item of items) {
    const vpc = vpcOf(item);
    let list = groups.get(vpc);
    if (list === undefined) groups.set(vpc, (list = []));
    list.push(item);
  }
  const out: Array<[Vpc, T[]]> = [];
  for (const vpc of vpcOrder) {
    const list = groups.get(vpc);
    if (list === undefined) continue;
    const keyed = list.map((item, i) => ({ item, i, t: timeOf(item) }));
    keyed.sort((a, b) => a.t - b.t || a.i - b.i);
    out.push([vpc, keyed.map((k) => k.item)]);
  }
  return out;
}

/** Items of a time-sorted list that fall before `toMs`, taken from `cursor.next` on. */
export function takeUntil<T>(sorted: readonly T[], timeOf: (item: T) => number, cursor: { next: number }, toMs: number): T[] {
  const out: T[] = [];
  while (cursor.next < sorted.length && timeOf(sorted[cursor.next]!) < toMs) out.push(sorted[cursor.next++]!);
  return out;
}
