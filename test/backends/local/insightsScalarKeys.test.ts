/**
 * A key AWS documents as a scalar (a resolver log's `query_name`, CloudTrail's `eventName`) is read
 * as text when a query reads it whole (sources/jsonInsights.ts). Its values must be those of the
 * full relation, which takes every field from the event's raw JSON by the leaf rule: strings however
 * escaped, numbers and booleans as their text, null and absent alike. The one documented exception is
 * evidence breaking AWS's format with an object where a scalar belongs: read whole, it is its JSON text.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalBackend } from '../../../src/backends/local/localBackend';
import { tempFolder } from './evidenceFolders';

const resolverRecord = (i: number, queryName: unknown): string =>
  JSON.stringify({ version: '1.100000', account_id: '111122223333', region: 'us-east-1', vpc_id: 'vpc-0abc', query_timestamp: `2024-06-01T10:00:0${i}Z`, query_name: queryName, query_type: 'A', query_class: 'IN', rcode: 'NOERROR', answers: [], srcaddr: '10.0.0.5', srcport: '5353', transport: 'UDP', srcids: { instance: `i-0${i}` } });

/** Every JSON shape a scalar key can take; OBJECT_NAME (record 8) is the exception. */
const QUERY_NAMES: unknown[] = ['plain.example.', 'esc\u00e9"aped\\.example.', 7, 2.5, true, null, '{braced}', '[bracketed]'];
const OBJECT_NAME = { label: 'x' };

describe('backends/local Logs Insights: documented scalar keys read as text', function () {
  this.timeout(60_000);
  const folder = tempFolder('scalar-keys');
  const dns = join(folder.dir, 'AWSLogs', '111122223333', 'vpcdnsquerylogs', 'vpc-0abc', '2024', '06', '01');
  const trail = join(folder.dir, 'trail');
  const backend = new LocalBackend();

  before(() => {
    mkdirSync(dns, { recursive: true });
    mkdirSync(trail, { recursive: true });
    const lines = [...QUERY_NAMES.map((name, i) => resolverRecord(i, name)), resolverRecord(8, OBJECT_NAME), JSON.stringify({ version: '1.100000', query_timestamp: '2024-06-01T10:00:09Z', rcode: 'NXDOMAIN' })];
    writeFileSync(join(dns, '111122223333_vpcdnsquerylogs_vpc-0abc_20240601T1000Z_0001.log'), lines.join('\n') + '\n');
    const event = (i: number, extra: Record<string, unknown>) => ({ eventVersion: '1.08', eventTime: `2024-06-01T10:00:0${i}Z`, eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.7', readOnly: false, recipientAccountId: '111122223333', ...extra });
    const records = [event(0, {}), event(1, { readOnly: true, eventName: 'GetUser' }), event(2, { eventName: { nested: 'CreateUser' } })];
    // One name written with a JSON escape, as a producer may.
    writeFileSync(join(trail, 'trail.json'), JSON.stringify({ Records: records }).replace('"GetUser"', '"Get\\u0055ser"'));
  });
  after(async () => {
    await backend.dispose();
    folder.remove();
  });

  const run = async (logGroup: string, query: string) =>
    backend.run({ language: 'cwli', query, target: { kind: 'evidence', folder: folder.dir, logGroups: [logGroup] } });
  /** Rows as text, and the SQL that ran. */
  const ask = async (logGroup: string, query: string) => {
    const result = await run(logGroup, query);
    return { rows: result.result.rows.map((row) => row.map((v) => (v === null ? null : String(v)))), sql: result.facts.executedQuery ?? '' };
  };

  // Event rows carry @ptr, made from the raw text, so these questions aggregate: then only the keys
  // asked for are read. Asking for @message keeps the raw text: every field then comes from it.
  const fromRaw = (query: string) => query.replace('filter ', 'filter ispresent(@message) and ');
  const sorted = (rows: Array<Array<string | null>>) => rows.map((row) => JSON.stringify(row)).sort();
  const objectRecord = `query_timestamp = '2024-06-01T10:00:08Z'`;

  it('gives a resolver key read whole the values the raw event gives, in every JSON shape', async () => {
    const query = `filter not (${objectRecord}) | stats count(*) as n by query_name, rcode`;
    const narrow = await ask('/aws/route53resolver', query);
    const full = await ask('/aws/route53resolver', fromRaw(query));
    assert.match(narrow.sql, /'query_name': 'VARCHAR'/, 'read as text');
    assert.doesNotMatch(full.sql, /'query_name': 'VARCHAR'/);
    const names = ['plain.example.', 'esc\u00e9"aped\\.example.', '7', '2.5', 'true', '{braced}', '[bracketed]'];
    // null and absent alike are no field.
    const expected = [...names.map((name) => [name, 'NOERROR', '1']), [null, 'NOERROR', '1'], [null, 'NXDOMAIN', '1']];
    assert.deepEqual(sorted(narrow.rows), sorted(expected));
    assert.deepEqual(sorted(full.rows), sorted(expected));
  });

  it('reads an object where AWS writes a scalar as its JSON text (the documented exception)', async () => {
    const query = `filter ${objectRecord} | stats count(*) as n by query_name`;
    assert.deepEqual((await ask('/aws/route53resolver', query)).rows, [['{"label":"x"}', '1']]);
    assert.deepEqual((await ask('/aws/route53resolver', fromRaw(query))).rows, [[null, '1']], 'CloudWatch makes an object no field');
  });

  it('reads the key as JSON when the query also looks inside it', async () => {
    const both = await ask('/aws/route53resolver', `filter ${objectRecord} or query_name = 'plain.example.' | stats count(*) as n by query_name, query_name.label`);
    assert.doesNotMatch(both.sql, /'query_name': 'VARCHAR'/);
    assert.deepEqual(sorted(both.rows), sorted([[null, 'x', '1'], ['plain.example.', null, '1']]));
  });

  it('filters and groups CloudTrail scalar keys as the raw events do: booleans as text, escapes undone', async () => {
    const narrow = await ask('aws-cloudtrail-logs', "filter readOnly = 'true' or eventName = 'CreateUser' | stats count(*) as n by eventName, readOnly | sort eventName");
    const full = await ask('aws-cloudtrail-logs', fromRaw("filter (readOnly = 'true' or eventName = 'CreateUser') | stats count(*) as n by eventName, readOnly | sort eventName"));
    assert.match(narrow.sql, /"eventName" VARCHAR/);
    // Compared as the text it is read as, not as JSON text (which it would have to be made into).
    assert.match(narrow.sql, /= 'CreateUser'/);
    assert.doesNotMatch(narrow.sql, /'"CreateUser"'|to_json/);
    assert.match(full.sql, /= '"CreateUser"'/, 'read from the raw JSON, compared as JSON text');
    assert.deepEqual(narrow.rows, [['CreateUser', 'false', '1'], ['GetUser', 'true', '1']]);
    assert.deepEqual(full.rows, narrow.rows);
  });
});
