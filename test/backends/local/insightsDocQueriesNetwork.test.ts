/**
 * The documented VPC flow log and Route 53 queries (blocks 6–12 and 17–20 of the shared docs; A.8
 * #9–#13) on the real samples, read in place through the local backend with their log groups. The
 * expected rows are computed from the same files in plain Node (sampleEvents.ts). Where a documented
 * query names an address or a code the samples do not hold (192.0.2.0/24, SERVFAIL, x.x.x.x), it is
 * run as written (and finds nothing, which the files confirm) and again with values the samples hold.
 */
import assert from 'node:assert/strict';
import { LocalBackend } from '../../../src/backends/local/localBackend';
import type { CellValue } from '../../../src/common/resultSet';
import { readDocBlocks } from '../../core/cwli/docBlocks';
import { samples } from './sources/samples';
import { binStart, countBy, flowNumber, flowRecords, inIpv4Subnet, route53Records, type FlowRecord } from './sampleEvents';

type Row = CellValue[];

const sorted = (rows: readonly Row[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

/**
 * `stats sum(<value>) by <key>` over the records `keep` accepts, computed here: every key is a group,
 * and its sum is absent when no record of it has the field (as SQL's sum).
 */
function sums(records: readonly FlowRecord[], value: string, key: (r: FlowRecord) => string, keep: (r: FlowRecord) => boolean = () => true): Map<string, number | null> {
  const totals = new Map<string, number | null>();
  for (const record of records.filter(keep)) {
    const n = flowNumber(record, value);
    const before = totals.get(key(record)) ?? null;
    totals.set(key(record), n === undefined ? before : (before ?? 0) + n);
  }
  return totals;
}

/** Group keys as the rows spell them: the by fields' values, absent as null. */
const byPair = (r: FlowRecord) => JSON.stringify([r.fields.srcaddr ?? null, r.fields.dstaddr ?? null]);
const byDestination = (r: FlowRecord) => JSON.stringify([r.fields.dstaddr ?? null]);

/** Largest first, absent last: the order `sort x desc` gives. */
const descending = (a: number | null, b: number | null): number => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : b - a);

/**
 * Checks a `sort <sum> desc | limit n` answer against all groups: the sums in order are the n largest
 * (ties and absent sums at the cut may be any of the tied groups), and each row's sum is its group's.
 */
function assertTop(rows: readonly Row[], all: Map<string, number | null>, n: number, keyOf: (row: Row) => string): void {
  const values = [...all.values()].sort(descending).slice(0, n);
  assert.deepEqual(rows.map((r) => r[r.length - 1]), values.map((v) => (v === null ? null : String(v))));
  for (const row of rows) {
    const key = keyOf(row);
    assert.ok(all.has(key), `not a group of the sample: ${key}`);
    const sum = all.get(key)!;
    assert.equal(row[row.length - 1], sum === null ? null : String(sum), key);
  }
}

describe('backends/local Logs Insights documented VPC flow log and Route 53 queries, with their results', function () {
  this.timeout(120_000);
  const backend = new LocalBackend({ threads: 2 });
  after(() => backend.dispose());
  const blocks = new Map(readDocBlocks().map((b) => [b.id, b.query]));
  const flow = (query: string) => backend.run({ language: 'cwli', query, target: { kind: 'evidence', folder: samples.vpc, logGroups: ['vpc-flow-logs'] } });
  const dns = (query: string) => backend.run({ language: 'cwli', query, target: { kind: 'evidence', folder: samples.route53, logGroups: ['/aws/route53resolver'] } });
  const records = flowRecords();
  const pairKey = (row: Row) => JSON.stringify(row.slice(0, 2));

  it('reads 36 flow-log records from the eight sample files (checked independently)', () => {
    assert.equal(records.length, 36);
    assert.equal(new Set(records.map((r) => r.file)).size, 8);
  });

  it('block 6 / A.8 #9: the top 15 host pairs by packets', async () => {
    const result = await flow(blocks.get(6)!);
    assert.deepEqual(result.result.columns.map((c) => c.name), ['srcAddr', 'dstAddr', 'packetsTransferred']);
    const all = sums(records, 'packets', byPair);
    assert.equal(all.size, 23);
    assert.equal(result.result.rows.length, 15);
    assertTop(result.result.rows, all, 15, pairKey);
    assert.deepEqual(result.result.rows.slice(0, 3), [
      ['52.213.180.42', '10.0.0.62', '15869'],
      ['10.0.0.62', '52.213.180.42', '2205'],
      ['2001:db8:1234:a100:8d6e:3477:df66:f105', '2001:db8:1234:a102:3304:8879:34cf:4071', '108'],
    ]);
  });

  it('block 7 / A.8 #10: the top destinations by bytes for sources in a subnet', async () => {
    const query = blocks.get(7)!;
    // The documentation's subnet is TEST-NET-1: no sample record comes from it.
    assert.ok(!records.some((r) => inIpv4Subnet(r.fields.srcaddr, '192.0.2.0/24')));
    const asWritten = await flow(query);
    assert.deepEqual(asWritten.result.columns.map((c) => c.name), ['dstAddr', 'bytesTransferred']);
    assert.deepEqual(asWritten.result.rows, []);
    for (const [subnet, groups] of [['172.31.0.0/16', 3], ['10.0.0.0/16', 5]] as const) {
      const rows = (await flow(query.replace('192.0.2.0/24', subnet))).result.rows;
      const destinations = sums(records, 'bytes', byDestination, (r) => inIpv4Subnet(r.fields.srcaddr, subnet));
      assert.equal(destinations.size, groups, subnet);
      assertTop(rows, destinations, 15, (row) => JSON.stringify(row.slice(0, 1)));
    }
  });

  it('block 8: the sources of UDP flows', async () => {
    const expected = countBy(records.filter((r) => flowNumber(r, 'protocol') === 17), (r) => r.fields.srcaddr ?? null);
    assert.deepEqual(sorted((await flow(blocks.get(8)!)).result.rows), sorted([...expected].map(([k, n]) => [k, String(n)])));
    assert.deepEqual([...expected.keys()].sort(), ['2a02:cf40::', '89.160.20.156']);
  });

  it('block 9 / A.8 #11: skipped capture windows per hour, ascending', async () => {
    const result = await flow(blocks.get(9)!);
    assert.deepEqual(result.result.columns.map((c) => c.name), ['t', 'count(*)']);
    const skipped = countBy(records.filter((r) => r.fields['log-status'] === 'SKIPDATA'), (r) => binStart(flowNumber(r, 'start')! * 1000, 3_600_000));
    const expected = [...skipped].sort(([a], [b]) => String(a).localeCompare(String(b))).map(([t, n]) => [t, String(n)]);
    assert.deepEqual(result.result.rows, expected);
    assert.deepEqual(result.result.rows, [['2015-05-10 18:00:00.000', '2']]);
  });

  it('blocks 17–20: NAT gateway and upload/download traffic, placeholders as written and filled from the samples', async () => {
    const fill = (query: string, values: Record<string, string>) => Object.entries(values).reduce((q, [placeholder, value]) => q.split(`'${placeholder}'`).join(`'${value}'`), query);
    const like = (value: string | undefined, part: string) => (value ?? '').includes(part);
    // The NAT gateway example: its private address 10.0.0.220, public peer 203.0.113.5, VPC 10.0.x.x.
    // Uploads and downloads: the instance 10.0.0.62 of the tcp-flags example, talking outside 10.0.
    const cases: Array<{ id: number; values: Record<string, string>; keep: (r: FlowRecord) => boolean }> = [
      { id: 17, values: { 'x.x.x.x': '10.0.0.220', 'y.y.': '10.0.' }, keep: (r) => like(r.fields.dstaddr, '10.0.0.220') && like(r.fields.srcaddr, '10.0.') },
      {
        id: 18,
        values: { 'x.x.x.x': '10.0.0.220', 'y.y.': '10.0.', 'xxx.xx.xx.xx': '203.0.113.5' },
        keep: (r) => (like(r.fields.dstaddr, '10.0.0.220') && like(r.fields.srcaddr, '10.0.')) || (like(r.fields.srcaddr, '203.0.113.5') && like(r.fields.dstaddr, '10.0.')),
      },
      { id: 19, values: { 'x.x.x.x': '10.0.0.62', 'y.y.': '10.0.' }, keep: (r) => like(r.fields.srcaddr, '10.0.0.62') && !like(r.fields.dstaddr, '10.0.') },
      { id: 20, values: { 'x.x.x.x': '10.0.0.62', 'y.y.': '10.0.' }, keep: (r) => like(r.fields.dstaddr, '10.0.0.62') && !like(r.fields.srcaddr, '10.0.') },
    ];
    const answers: Row[][] = [];
    for (const { id, values, keep } of cases) {
      const query = blocks.get(id)!;
      // As written, the placeholders match no address (`like` is a substring test; the dots are dots).
      assert.deepEqual((await flow(query)).result.rows, [], `block ${id} as written`);
      const rows = (await flow(fill(query, values))).result.rows;
      const expected = sums(records, 'bytes', byPair, keep);
      assert.ok(expected.size > 0, `block ${id} has traffic to find`);
      assertTop(rows, expected, 10, pairKey);
      answers.push(rows);
    }
    // The NAT example's format has no bytes field: its pairs are found, their sums absent.
    assert.deepEqual(answers[0], [['10.0.1.5', '10.0.0.220', null]]);
    assert.deepEqual(answers[2], [['10.0.0.62', '52.213.180.42', '64402']]);
    assert.deepEqual(answers[3], [['52.213.180.42', '10.0.0.62', '23397117']]);
  });

  it('block 10 / A.8 #12: Route 53 queries per type per hour', async () => {
    const result = await dns(blocks.get(10)!);
    assert.deepEqual(result.result.columns.map((c) => c.name), ['queryType', 'bin(1h)', 'count(*)']);
    const expected = countBy(route53Records(), (r) => JSON.stringify([r.query_type, binStart(Date.parse(r.query_timestamp), 3_600_000)]));
    assert.deepEqual(sorted(result.result.rows), sorted([...expected].map(([key, n]) => [...(JSON.parse(key!) as string[]), String(n)])));
    assert.deepEqual(sorted(result.result.rows), sorted([
      ['A', '2021-12-11 22:00:00.000', '14'], ['AAAA', '2021-12-11 22:00:00.000', '14'],
      ['PTR', '2021-02-04 17:00:00.000', '1'], ['PTR', '2021-12-11 22:00:00.000', '5'],
    ]));
  });

  it('block 11: resolver logs have no resolverIp (a public hosted-zone field), so every query is in the absent group', async () => {
    assert.ok(route53Records().every((r) => !('resolverIp' in r)));
    assert.deepEqual((await dns(blocks.get(11)!)).result.rows, [[null, String(route53Records().length)]]);
  });

  it('block 12 / A.8 #13: SERVFAIL per name (none in the sample), and the same question for NXDOMAIN', async () => {
    const query = blocks.get(12)!;
    assert.ok(!route53Records().some((r) => r.rcode === 'SERVFAIL'));
    const asWritten = await dns(query);
    assert.deepEqual(asWritten.result.columns.map((c) => c.name), ['queryName', 'count(*)']);
    assert.deepEqual(asWritten.result.rows, []);
    const rows = (await dns(query.replace('SERVFAIL', 'NXDOMAIN'))).result.rows;
    const expected = countBy(route53Records().filter((r) => r.rcode === 'NXDOMAIN'), (r) => r.query_name);
    assert.deepEqual(sorted(rows), sorted([...expected].map(([name, n]) => [name, String(n)])));
    assert.equal(rows.length, 8);
    assert.equal(rows.reduce((sum, r) => sum + Number(r[1]), 0), 11);
  });
});
