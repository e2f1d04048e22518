/**
 * The documented Logs Insights queries (../shared/data/cwl-insights-docs, read in place) on every
 * evidence type other than CloudTrail (which insightsDocQueries.test.ts covers), each on the real
 * sample of its type through the local backend with the type's log group, as a notebook cell runs
 * them. Every answer is checked against values computed from the same files in plain Node
 * (sampleEvents.ts), never through the engine.
 */
import assert from 'node:assert/strict';
import { LocalBackend } from '../../../src/backends/local/localBackend';
import type { CellValue } from '../../../src/common/resultSet';
import type { QueryResult } from '../../../src/backends/queryBackend';
import { readDocBlocks } from '../../core/cwli/docBlocks';
import { samples } from './sources/samples';
import { binStart, countBy, dynamoDbEvents, dynamoDbRecords, flowEvents, guardDutyEvents, insightsTime, loadBalancerEvents, payloadEvents, route53Events, s3AccessEvents, type SampleEvent } from './sampleEvents';

interface TypeSample {
  title: string;
  folder: string;
  logGroup: string;
  events: () => SampleEvent[];
  /** The documented blocks that apply to the type, beyond the general ones. */
  own: readonly number[];
}

/** Blocks that read only what every log group has (@message, @timestamp, @logStream), or placeholder names (f1, fieldName). */
const GENERAL = [1, 2, 3, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39];
/** CloudTrail's blocks, run on CloudTrail in insightsDocQueries.test.ts (13's fields are in DynamoDB stream records too). */
const CLOUDTRAIL = [13, 14, 15, 16, 42];
/** Apache server logs with remoteIP, status… fields: the shared data holds none (22 is also a documented syntax error). */
const NO_EVIDENCE = [21, 22, 23];
const NOT_QUERIES = [40, 41];

const SAMPLES: TypeSample[] = [
  { title: 'VPC flow logs', folder: samples.vpc, logGroup: 'vpc-flow-logs', events: flowEvents, own: [6, 7, 8, 9, 17, 18, 19, 20] },
  { title: 'Route 53 Resolver query logs', folder: samples.route53, logGroup: '/aws/route53resolver', events: route53Events, own: [10, 11, 12] },
  { title: 'CloudWatch Logs subscription payload', folder: samples.lambdaEvents, logGroup: 'testLogGroup', events: payloadEvents, own: [4, 5] },
  { title: 'DynamoDB Streams records', folder: samples.lambdaEvents, logGroup: 'dynamodb-streams', events: dynamoDbEvents, own: [13] },
  { title: 'S3 server access logs', folder: samples.accessLogs, logGroup: 's3-server-access-logs', events: s3AccessEvents, own: [] },
  { title: 'ALB access logs', folder: samples.accessLogs, logGroup: 'alb-access-logs', events: loadBalancerEvents, own: [] },
  { title: 'GuardDuty findings', folder: samples.guardDuty, logGroup: '/aws/events/guardduty', events: guardDutyEvents, own: [] },
];

type Row = CellValue[];

/** The rows without @ptr (which has no independent value to compare with). */
function rowsOf(result: QueryResult): Row[] {
  const ptr = result.result.columns.findIndex((c) => c.name === '@ptr');
  return result.result.rows.map((row) => row.filter((_, i) => i !== ptr));
}

/** Rows as sorted JSON lines, for comparisons where the order is not the point. */
function multiset(rows: readonly Row[]): string[] {
  return rows.map((row) => JSON.stringify(row)).sort();
}

function counts(map: Map<string | null, number>): Row[] {
  return [...map].map(([key, n]) => [key, String(n)]);
}

/** The newest `n` events, newest first, events without a time last (as the default order puts them). */
function newest(events: readonly SampleEvent[], n: number): SampleEvent[] {
  return [...events].sort((a, b) => (b.time ?? -Infinity) - (a.time ?? -Infinity)).slice(0, n);
}

/** Glob `* [*] *` (block 26) as a regex: each star lazy, the last taking the rest. */
const LOGGING_LINE = /^(.*?) \[(.*?)\] (.*)$/s;

/**
 * What each general block must answer on a sample's events, computed from them alone; asserts it.
 * Blocks whose placeholder fields no event has (f1, myField, fieldName) see every event without them.
 */
function checkGeneral(id: number, rows: readonly Row[], events: readonly SampleEvent[]): void {
  const time = (e: SampleEvent) => (e.time === undefined ? null : insightsTime(e.time));
  switch (id) {
    case 1:
    case 39: {
      // The newest events by time; events sharing a time may come in any order, so pairs are checked as a set.
      const expected = newest(events, id === 1 ? 25 : 20);
      assert.deepEqual(rows.map((r) => r[0]), expected.map(time));
      const all = new Set(events.map((e) => JSON.stringify([time(e), e.message])));
      for (const row of rows) assert.ok(all.has(JSON.stringify(row)), `not an event of the sample: ${JSON.stringify(row)}`);
      return;
    }
    case 2:
      assert.deepEqual(multiset(rows), multiset(counts(countBy(events.filter((e) => e.message.includes('Exception')), (e) => binStart(e.time, 3_600_000)))));
      return;
    case 3:
      assert.deepEqual(multiset(rows), multiset(events.filter((e) => !e.message.includes('Exception')).map((e) => [e.message])));
      return;
    case 24:
    case 25:
      // parse keeps the rows it cannot match, without the fields: they are one group with every key absent.
      assert.equal(events.filter((e) => /user=.*, method:.*,\s*latency := /.test(e.message)).length, 0);
      assert.deepEqual(rows, [[null, null, null]]);
      return;
    case 26: {
      const matched = events.map((e) => LOGGING_LINE.exec(e.message)).filter((m) => m !== null && ['ERROR', 'INFO'].includes(m[2]!));
      assert.deepEqual(multiset(rows), multiset(matched.map((m) => [m![3]!, String(m![2] === 'ERROR')])));
      return;
    }
    case 27:
      assert.deepEqual(rows, [[null, String(events.length)]]);
      return;
    case 28:
      assert.deepEqual(multiset(rows), multiset(counts(countBy(events, (e) => e.stream))));
      return;
    case 29:
      assert.deepEqual(multiset(rows), multiset(counts(countBy(events, (e) => binStart(e.time, 30_000)))));
      return;
    case 37:
      assert.deepEqual(rows, events.map(() => [null, null]));
      return;
    case 38:
      assert.deepEqual(rows, [[null]]);
      return;
    default:
      // 30–36 filter on fields no event has: a comparison with an absent field is false.
      assert.deepEqual(rows, [], `block ${id}`);
  }
}

describe('backends/local Logs Insights documented queries on every evidence type', function () {
  this.timeout(120_000);
  const backend = new LocalBackend({ threads: 2 });
  after(() => backend.dispose());
  const blocks = new Map(readDocBlocks().map((b) => [b.id, b.query]));
  const run = (sample: TypeSample, query: string) => backend.run({ language: 'cwli', query, target: { kind: 'evidence', folder: sample.folder, logGroups: [sample.logGroup] } });

  it('accounts for every documented block: run on a type here, on CloudTrail, or without evidence to run on', () => {
    const placed = [...GENERAL, ...SAMPLES.flatMap((s) => s.own), ...CLOUDTRAIL, ...NO_EVIDENCE, ...NOT_QUERIES];
    assert.deepEqual([...new Set(placed)].sort((a, b) => a - b), [...blocks.keys()].sort((a, b) => a - b));
  });

  for (const sample of SAMPLES) {
    it(`${sample.title}: every block that applies runs on the ${sample.logGroup} log group alone; the general ones answer what the files hold`, async () => {
      const events = sample.events();
      assert.ok(events.length > 0);
      for (const id of [...GENERAL, ...sample.own]) {
        const result = await run(sample, blocks.get(id)!);
        assert.equal(result.facts.statistics?.logGroups, 1, `block ${id} read one log group`);
        // Files of other types or of no type in the shared folders are reported, never mixed in.
        assert.deepEqual(result.warnings.filter((w) => !w.code.startsWith('evidence.')), [], `block ${id}`);
        if (GENERAL.includes(id)) checkGeneral(id, rowsOf(result), events);
      }
    });
  }

  it('DynamoDB Streams: block 13 counts stream records by source, name and region, CloudTrail\'s field names being theirs too', async () => {
    const result = await run(SAMPLES[3]!, blocks.get(13)!);
    const records = dynamoDbRecords();
    const expected = countBy(records, (r) => JSON.stringify([r.eventSource, r.eventName, r.awsRegion]));
    assert.deepEqual(multiset(rowsOf(result)), multiset([...expected].map(([key, n]) => [...(JSON.parse(key!) as string[]), String(n)])));
    assert.deepEqual(multiset(rowsOf(result)), multiset([['aws:dynamodb', 'INSERT', 'us-east-1', '3'], ['aws:dynamodb', 'MODIFY', 'us-east-1', '1'], ['aws:dynamodb', 'REMOVE', 'us-east-1', '1']]));
    assert.match(result.warnings.map((w) => w.message).join('\n'), /Skipped dynamodb-event-malformed\.2\.json: the engine could not read it/);
  });

  it('CloudWatch Logs payload: the Lambda blocks 4 and 5 (A.8 #6, #7) find no REPORT line, as the payload holds none', async () => {
    // The only payload in the shared data is testLogGroup's two "[ERROR] …" events, not a Lambda log group.
    const events = payloadEvents();
    assert.deepEqual(events.map((e) => [e.stream, insightsTime(e.time!), e.message]), [
      ['testLogStream', '2015-08-24 19:03:07.000', '[ERROR] First test message'],
      ['testLogStream', '2015-08-24 19:03:07.001', '[ERROR] Second test message'],
    ]);
    assert.equal(events.filter((e) => e.message.startsWith('REPORT ')).length, 0);
    const memory = await run(SAMPLES[2]!, blocks.get(4)!);
    assert.deepEqual(memory.result.columns.map((c) => c.name), ['provisonedMemoryMB', 'smallestMemoryRequestMB', 'avgMemoryUsedMB', 'maxMemoryUsedMB', 'overProvisionedMB']);
    // A stats without by over no event: one row, every aggregate absent (SQL's answer; AWS documents none).
    assert.deepEqual(rowsOf(memory), [[null, null, null, null, null]]);
    const latency = await run(SAMPLES[2]!, blocks.get(5)!);
    assert.deepEqual(latency.result.columns.map((c) => c.name), ['bin(5m)', 'avg(@duration)', 'max(@duration)', 'min(@duration)']);
    assert.deepEqual(rowsOf(latency), []);
  });

  it('S3 server access logs: block 26\'s glob reads the bracketed time as loggingType, so ERROR/INFO lines are none', async () => {
    const sample = SAMPLES[4]!;
    const probe = (await run(sample, 'PARSE @message "* [*] *" as loggingTime, loggingType, loggingMessage | stats count(*) as n by loggingType')).result.rows;
    const expected = countBy(sample.events(), (e) => LOGGING_LINE.exec(e.message)?.[2] ?? null);
    assert.deepEqual(multiset(probe), multiset(counts(expected)));
    assert.ok(probe.length >= 5 && probe.every((r) => /^\d{2}\/\w{3}\/\d{4}:/.test(String(r[0]))));
  });
});
