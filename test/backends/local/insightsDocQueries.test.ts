/**
 * The documented queries (../shared/data/cwl-insights-docs, read in place) on real evidence: each
 * compiles and runs, or gets the clear error; those about CloudTrail return what the evidence holds.
 */
import assert from 'node:assert/strict';
import { AwsfxError } from '../../../src/core/errors';
import { readDocBlocks } from '../../core/cwli/docBlocks';
import { InsightsFixture, inlineRelation } from './insightsEvidence';
import { invictusFolder, stratusFolder } from './evidenceFolders';

/** Blocks that are not queries (an operator list, a JSON event) and the one with an unquoted URL. */
const NOT_QUERIES = new Set([40, 41]);
const SYNTAX_ERROR = 22;

describe('backends/local Logs Insights documented queries', function () {
  this.timeout(120_000);
  const stratus = InsightsFixture.cloudTrail(stratusFolder);
  const invictus = InsightsFixture.cloudTrail(invictusFolder);
  after(async () => {
    await stratus.dispose();
    await invictus.dispose();
  });
  const blocks = readDocBlocks();

  it('runs every documented query on CloudTrail evidence, except block 22 (a syntax error at its unquoted URL)', async () => {
    const outcomes = { ran: 0, syntax: 0, unsupported: 0, notQueries: 0 };
    for (const block of blocks) {
      if (NOT_QUERIES.has(block.id)) {
        outcomes.notQueries += 1;
        continue;
      }
      try {
        await stratus.run(block.query);
        outcomes.ran += 1;
        assert.notEqual(block.id, SYNTAX_ERROR);
      } catch (error) {
        assert.ok(error instanceof AwsfxError, `block ${block.id}: ${String(error)}`);
        assert.equal(block.id, SYNTAX_ERROR, `block ${block.id}: ${error.message}`);
        assert.equal(error.code, 'query.syntax');
        assert.deepEqual([error.range?.line, error.range?.column], [2, 41]);
        outcomes.syntax += 1;
      }
    }
    assert.deepEqual(outcomes, { ran: 39, syntax: 1, unsupported: 0, notQueries: 2 });
  });

  it('block 13: events per service, name and region add up to every event', async () => {
    const rows = await stratus.records(blocks.find((b) => b.id === 13)!.query);
    assert.equal(rows.reduce((sum, r) => sum + Number(r['count(*)']), 0), 310);
    assert.deepEqual(Object.keys(rows[0]!), ['eventSource', 'eventName', 'awsRegion', 'count(*)']);
  });

  it('block 15 / A.8 #14: new IAM users with nested request and response fields, newest first', async () => {
    const users = ['stratus-red-team-login-profile-user', 'malicious-iam-user', 'stratus-red-team-backdoor-u-user', 'stratus-red-team-nmfalu-gfjyeaypjt'];
    assert.deepEqual(
      await invictus.records(blocks.find((b) => b.id === 15)!.query),
      users.map((user) => ({ awsRegion: 'us-east-1', 'requestParameters.userName': user, 'responseElements.user.arn': `arn:aws:iam::123837392027:user/${user}` })),
    );
  });

  it('block 1 / A.8 #1: the 25 newest events, two columns', async () => {
    const result = await invictus.result(blocks.find((b) => b.id === 1)!.query);
    assert.equal(result.rows.length, 25);
    assert.deepEqual(result.columns.map((c) => c.name), ['@timestamp', '@message', '@ptr']);
    const times = result.rows.map((r) => r[0] as string);
    assert.deepEqual([...times].sort().reverse(), times);
    const [[newest]] = (await invictus.sql(`SELECT strftime(max(CAST(TRY_CAST(e ->> 'eventTime' AS TIMESTAMPTZ) AS TIMESTAMP)), '%Y-%m-%d %H:%M:%S.%g') FROM (SELECT unnest(json_extract(json, '$.Records[*]')) AS e FROM read_json_objects('${invictusFolder}/*', format = 'auto', maximum_object_size = 1073741824))`)) as [[string]];
    assert.equal(times[0], newest);
  });

  it('A.8 #16: calls with old TLS versions by service (in is exact: none on this trail)', async () => {
    assert.deepEqual(await invictus.records('filter tlsDetails.tlsVersion in [ "TLSv1", "TLSv1.1" ] | stats count(*) as numOutdatedTlsCalls by eventSource | sort numOutdatedTlsCalls desc'), []);
    const [row] = await invictus.records('filter tlsDetails.tlsVersion in [ "TLSv1.2" ] | stats count(*) as n');
    assert.equal(row!.n, '2096');
  });

  it('blocks 41 and 42 / A.8 #25: the documented event is found by the flattened array index path', async () => {
    const event = blocks.find((b) => b.id === 41)!.query;
    const doc = new InsightsFixture([inlineRelation('doc', [{ time: '2014-03-06 21:22:54', message: event }])]);
    try {
      const rows = await doc.records(blocks.find((b) => b.id === 42)!.query);
      assert.equal(rows.length, 1);
      assert.deepEqual(await doc.records('display responseElements.instancesSet.items.0.currentState.name, userIdentity.userName'), [{ 'responseElements.instancesSet.items.0.currentState.name': 'pending', 'userIdentity.userName': 'Alice' }]);
    } finally {
      await doc.dispose();
    }
  });

  it('A.8 #27 filterIndex runs as filter; #28 SOURCE picks the log groups by prefix', async () => {
    const indexed = await invictus.run('fields @timestamp, @message | filterIndex sourceIPAddress in ["192.168.10.20"] | limit 20');
    assert.equal(indexed.result.rows.length, 20);
    assert.match(indexed.warnings.map((w) => w.message).join(), /filterIndex ran as filter/);
    assert.equal((await invictus.records("SOURCE logGroups(namePrefix: ['aws-cloud']) | stats count(*) as n"))[0]!.n, '2900');
    await assert.rejects(invictus.run("SOURCE logGroups(namePrefix: ['vpc']) | stats count(*) as n"), (e: AwsfxError) => e.code === 'input.invalid');
  });
});
