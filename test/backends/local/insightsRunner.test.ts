/** Running a Logs Insights cell: sources, time window, caps, cancellation, unreadable files, errors. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineEvidence, runInsightsQuery } from '../../../src/backends/local/insightsRunner';
import { EvidenceEngine } from '../../../src/backends/local/evidenceEngine';
import type { InsightsRelation } from '../../../src/core/cwli/relation';
import { AwsfxError, CancelledError } from '../../../src/core/errors';
import type { QueryRequest } from '../../../src/core/query';
import { InsightsFixture, inlineRelation } from './insightsEvidence';
import { tempFolder } from './evidenceFolders';

const minute = (i: number) => `2024-06-01 10:${String(i).padStart(2, '0')}:00`;
const app = inlineRelation('app', Array.from({ length: 10 }, (_, i) => ({ time: minute(i), message: `{"i":${i},"source":"app"}` })));
const web = inlineRelation('web', Array.from({ length: 5 }, (_, i) => ({ time: minute(i), message: `{"i":${i},"source":"web"}` })));

/** Many rows, generated: for the 10,000-row cap and for cancelling a long query. */
function generated(rows: number): InsightsRelation {
  return {
    logGroup: 'big',
    evidenceType: 'test',
    sql: `SELECT epoch_ms(1717236000000 + i) AS "@timestamp", 'event ' || i AS "@message", 's' AS "@logStream", '1:big' AS "@log", CAST(NULL AS TIMESTAMP) AS "@ingestionTime", i FROM range(${rows}) AS r(i)`,
    fields: { i: { sql: 'i', type: 'number' } },
  };
}

async function rejection(promise: Promise<unknown>): Promise<AwsfxError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AwsfxError, String(error));
    return error;
  }
  assert.fail('expected a failure');
}

describe('backends/local insightsRunner', function () {
  this.timeout(60_000);
  const fixture = new InsightsFixture([app, web, generated(30_000)]);
  after(() => fixture.dispose());

  it('reads every source (log group) by default, and only those the cell names otherwise', async () => {
    const count = async (extra: Partial<QueryRequest>) => (await fixture.records('filter ispresent(source) | stats count(*) as n by source', extra)).map((r) => `${r.source}:${r.n}`);
    assert.deepEqual(await count({}), ['app:10', 'web:5']);
    assert.deepEqual(await count({ target: { kind: 'evidence', folder: '/unused', logGroups: ['web'] } }), ['web:5']);
    const partly = await fixture.run('stats count(*) as n', { target: { kind: 'evidence', folder: '/unused', logGroups: ['web', 'nope'] } });
    assert.deepEqual(partly.result.rows, [['5']]);
    assert.deepEqual(partly.warnings.map((w) => w.code), ['query.logGroup']);
    const none = await rejection(fixture.run('stats count(*)', { target: { kind: 'evidence', folder: '/unused', logGroups: ['nope'] } }));
    assert.equal(none.code, 'input.invalid');
    assert.match(none.message, /Log groups here: app, web, big/);
  });

  it('keeps events inside the inclusive time window, in milliseconds', async () => {
    const window = { startMs: Date.UTC(2024, 5, 1, 10, 2), endMs: Date.UTC(2024, 5, 1, 10, 4) };
    const rows = await fixture.records('filter source = "app" | display i', { timeWindow: window });
    assert.deepEqual(rows.map((r) => r.i), ['4', '3', '2']);
  });

  it('returns at most 10,000 rows, says so when the cap cut the result, and keeps rowCap for the output', async () => {
    const capped = await fixture.run('filter ispresent(i) and i >= 0 | fields i', { target: { kind: 'evidence', folder: '/unused', logGroups: ['big'] } });
    assert.equal(capped.result.totalRows, 10_000);
    assert.match(capped.warnings.map((w) => w.message).join(), /stopped at 10,000 rows/);
    const limited = await fixture.run('fields i | limit 20000', { target: { kind: 'evidence', folder: '/unused', logGroups: ['big'] }, rowCap: 100 });
    assert.equal(limited.result.totalRows, 10_000);
    assert.equal(limited.result.rows.length, 100);
    assert.equal(limited.result.truncated, true);
    const small = await fixture.run('fields i | limit 5', { target: { kind: 'evidence', folder: '/unused', logGroups: ['big'] } });
    assert.equal(small.result.rows.length, 5);
    assert.deepEqual(small.warnings, []);
  });

  it('stops DuckDB when the cell is cancelled', async () => {
    // A billion generated rows: far longer than the abort takes to arrive.
    const big = new InsightsFixture([generated(1_000_000_000)]);
    try {
      const controller = new AbortController();
      const started = Date.now();
      const running = big.run('stats count_distinct(md5(@message)) as n', {}, { signal: controller.signal });
      setTimeout(() => controller.abort(), 200);
      await assert.rejects(running, (e) => e instanceof CancelledError);
      assert.ok(Date.now() - started < 10_000, 'stopped promptly');
    } finally {
      await big.dispose();
    }
  });

  it('sets aside an evidence file DuckDB cannot read, reports it by name, and answers from the rest', async () => {
    const { dir, remove } = tempFolder('insights-bad');
    try {
      const good = join(dir, 'good.json');
      const bad = join(dir, 'bad.json');
      writeFileSync(good, JSON.stringify({ Records: [{ eventTime: '2024-06-01T10:00:00Z', eventName: 'GetCallerIdentity' }] }));
      writeFileSync(bad, '{"Records": [{"eventTime": "2024-06-01T10:00:00Z", "eventName": ');
      // The real engine's evidence: discovery, the CloudTrail source's relation, its recovery.
      const engine = new EvidenceEngine(dir);
      const evidence = engineEvidence(engine);
      const request: QueryRequest = { language: 'cwli', query: 'stats count(*) as n by eventName', target: { kind: 'evidence', folder: dir } };
      const result = await runInsightsQuery(evidence, request, 100, {});
      assert.deepEqual(result.result.rows, [['GetCallerIdentity', '1']]);
      assert.deepEqual(result.warnings.map((w) => w.subject).filter(Boolean).map((f) => String(f).split('/').pop()), ['bad.json']);
      assert.match(result.warnings.find((w) => w.subject)!.message, /bad\.json/);
      assert.equal(result.facts.statistics.evidenceFiles, 1);
      await engine.dispose();
    } finally {
      remove();
    }
  });

  it('reports syntax errors and service-only commands before reading evidence, with their range', async () => {
    const syntax = await rejection(fixture.run('fields @message |\n filter (a = 1'));
    assert.equal(syntax.code, 'query.syntax');
    assert.equal(syntax.range?.line, 2);
    const service = await rejection(fixture.run('fields @message | diff'));
    assert.equal(service.code, 'query.unsupported');
    assert.match(service.message, /diff is not available on local evidence/);
    assert.deepEqual(service.range, { line: 1, column: 19, endLine: 1, endColumn: 23 });
  });

  it('records what ran: the compiled statement, DuckDB, the sources read', async () => {
    const { facts } = await fixture.run('stats count(*)');
    assert.equal(facts.engine, 'duckdb');
    assert.match(facts.executedQuery ?? '', /^WITH s0 AS/);
    assert.equal(facts.statistics.logGroups, 3);
  });
});
