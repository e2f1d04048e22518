import assert from 'node:assert/strict';
import { parseInsightsQuery } from '../../../../src/core/cwli';
import { compileInsightsText, selectRelations } from '../../../../src/core/cwli/compile';
import type { InsightsRelation } from '../../../../src/core/cwli/relation';
import { AwsfxError } from '../../../../src/core/errors';

const relation = (logGroup: string, evidenceType = 'cloudtrail'): InsightsRelation => ({
  logGroup,
  evidenceType,
  sql: `SELECT * FROM ${evidenceType}_events`,
  fields: { eventName: { sql: 'event_name', type: 'string' }, bytes: { sql: 'bytes', type: 'number' } },
  jsonColumn: 'event',
});
const options = { relations: [relation('trail')], nowMs: 1_717_236_000_000 };

function failure(query: string): AwsfxError {
  try {
    compileInsightsText(query, options);
  } catch (error) {
    assert.ok(error instanceof AwsfxError, String(error));
    return error;
  }
  assert.fail(`compiled: ${query}`);
}

describe('core/cwli/compile compiler', () => {
  it('names the output columns as the API does: default columns and @ptr for events, expression text for aggregates', () => {
    assert.deepEqual(compileInsightsText('filter eventName = "X"', options).columns, ['@timestamp', '@message', '@ptr']);
    const stats = compileInsightsText('stats count(*), avg(bytes) as mean by bin(1h), eventName', options);
    assert.deepEqual(stats.columns, ['bin(1h)', 'eventName', 'count(*)', 'mean']);
    assert.equal(stats.aggregate, true);
  });

  it('shows the union of several fields commands, and only the last display', () => {
    assert.deepEqual(compileInsightsText('fields a, b | fields c, a', options).columns, ['a', 'b', 'c', '@ptr']);
    assert.deepEqual(compileInsightsText('fields a, b | display b | display c as @c', options).columns, ['@c', '@ptr']);
  });

  it('caps rows at the API maximum of 10,000, or fewer when asked', () => {
    assert.match(compileInsightsText('fields a', options).sql, /\nLIMIT 10000$/);
    assert.match(compileInsightsText('fields a | limit 20000', options).sql, /\nLIMIT 10000$/);
    assert.equal(compileInsightsText('fields a | limit 25', options).queryLimit, 25);
    assert.match(compileInsightsText('fields a', { ...options, limit: 50 }).sql, /\nLIMIT 50$/);
  });

  it('writes string literals from the query as SQL literals, quotes doubled, never as SQL text', () => {
    const hostile = `filter eventName = "x'); DROP TABLE t; --" and eventName like 'a\\'b' | display concat("'", eventName)`;
    const { sql } = compileInsightsText(hostile, options);
    assert.ok(sql.includes(`'x''); DROP TABLE t; --'`));
    assert.ok(sql.includes(`'a''b'`), 'the like literal is quoted');
    assert.ok(sql.includes(`concat('''', `));
    // The only DROP in the statement is inside the quoted literal.
    assert.equal(sql.split('DROP TABLE').length, 2);
  });

  it('quotes field names that are not SQL identifiers and reads discovered fields as JSON pointers', () => {
    const { sql } = compileInsightsText('display `detail-type`, @`a"b`, requestParameters.items.0.id, `a/b~c`', options);
    assert.ok(sql.includes(`'/detail-type'`));
    assert.ok(sql.includes(`'/requestParameters/items/0/id'`));
    assert.ok(sql.includes(`'/a~1b~0c'`));
    // @-names are system or source fields, never JSON keys: absent here.
    assert.ok(!sql.includes(`'/@a"b'`));
  });

  it('turns parser errors into query.syntax with the range of the first one', () => {
    const error = failure('fields a |\nstats count(*) by bin(5m) | stats count(*) by bin(1h)');
    assert.equal(error.code, 'query.syntax');
    assert.deepEqual(error.range, { line: 2, column: 47, endLine: 2, endColumn: 54 });
    assert.match(error.message, /bin\(\) is not allowed in the second stats/);
  });

  const unsupported: Array<[string, RegExp, number]> = [
    ['fields @message | pattern @message', /^pattern is not available on local evidence/, 19],
    ['diff previousDay', /^diff is not available on local evidence/, 1],
    ['pattern @message | anomaly', /^pattern is not available/, 1],
    ['fields a | lookup users name OUTPUT email', /^lookup is not available on local evidence/, 12],
    ['fields a | join type=inner left=l right=r where l.a=r.a (SOURCE x | fields a)', /^join is not available/, 12],
    ['fields unmask(@message)', /^unmask\(\) is not available on local evidence/, 8],
    ['filter requestId in (SOURCE logGroups() | fields requestId)', /^A subquery/, 21],
    ['stats count(*) by bin(5m) offset 1h', /^offset is not available/, 34],
    ['stats rate(bytes, 1m) by bin(5m)', /^rate\(\) is not available/, 7],
    ["SOURCE 'a' start=-1d | fields a", /^This form of SOURCE is not available/, 1],
  ];
  for (const [query, message, column] of unsupported) {
    it(`refuses what needs the service, with its place: ${query}`, () => {
      const error = failure(query);
      assert.equal(error.code, 'query.unsupported');
      assert.match(error.message, message);
      assert.equal(error.range?.column, column);
    });
  }

  it('refuses regex backreferences and lookaround (RE2) with the range of the regex', () => {
    for (const query of ['filter @message like /(a)\\1/', 'filter @message =~ /a(?=b)/', 'parse @message /(?<x>a)(?<!b)/', 'display regexReplace(@message, "(?<=a)b", "")']) {
      const error = failure(query);
      assert.equal(error.code, 'query.unsupported', query);
      assert.match(error.message, /RE2/);
      assert.ok(error.range);
    }
  });

  it('treats filterIndex as filter and says so', () => {
    const compiled = compileInsightsText('filterIndex eventName in ["A", "B"] | limit 20', options);
    assert.match(compiled.sql, /WHERE coalesce\(CAST\(\("event_name"|WHERE/);
    assert.equal(compiled.warnings.length, 1);
    assert.match(compiled.warnings[0]!, /filterIndex ran as filter/);
  });

  it('unions several relations, typing a field as text where the sources disagree', () => {
    const other: InsightsRelation = { ...relation('flows', 'vpcflow'), fields: { bytes: { sql: 'bytes', type: 'string' } } };
    const { sql } = compileInsightsText('stats sum(bytes) by eventName', { ...options, relations: [relation('trail'), other] });
    assert.equal(sql.split('UNION ALL').length, 2);
    assert.ok(sql.includes('FROM (SELECT * FROM cloudtrail_events)'));
    assert.ok(sql.includes('FROM (SELECT * FROM vpcflow_events)'));
  });

  it('cuts every source to the inclusive time window in milliseconds', () => {
    const { sql } = compileInsightsText('fields a', { ...options, timeWindow: { startMs: 1000, endMs: 2000 } });
    assert.ok(sql.includes('"@timestamp" >= epoch_ms(CAST(1000 AS BIGINT))'));
    assert.ok(sql.includes('"@timestamp" < epoch_ms(CAST(2001 AS BIGINT))'));
  });

  it('asks a source that can narrow for every field the query reads', () => {
    let asked: string[] = [];
    const narrowing: InsightsRelation = {
      ...relation('trail'),
      narrow: (fields) => {
        asked = fields.map((f) => f.name);
        return { sql: 'SELECT * FROM narrow_events', fields: {}, jsonColumn: 'event' };
      },
    };
    const { sql } = compileInsightsText('filter eventName = "x" | stats count(*) by userIdentity.arn', { ...options, relations: [narrowing] });
    assert.deepEqual(asked.sort(), ['@timestamp', 'eventName', 'userIdentity.arn']);
    assert.ok(sql.includes('narrow_events'));
  });

  it('puts now() in epoch seconds', () => {
    assert.ok(compileInsightsText('display now()', options).sql.includes('CAST(1717236000 AS DOUBLE)'));
  });
});

describe('core/cwli/compile selectRelations', () => {
  const all = [relation('trail-a'), relation('trail-b'), relation('flows', 'vpcflow')];
  const names = (query: string, groups?: string[]) => selectRelations(parseInsightsQuery(query).ast, all, groups).relations.map((r) => r.logGroup);

  it('reads every source when the cell names none, or the named ones by log group or evidence type', () => {
    assert.deepEqual(names('fields a'), ['trail-a', 'trail-b', 'flows']);
    assert.deepEqual(names('fields a', ['trail-b']), ['trail-b']);
    assert.deepEqual(names('fields a', ['vpcflow']), ['flows']);
    assert.deepEqual(selectRelations(parseInsightsQuery('fields a').ast, all, ['nope', 'flows']).unknown, ['nope']);
  });

  it('lets SOURCE logGroups(namePrefix) choose instead, as StartQuery does', () => {
    assert.deepEqual(names("SOURCE logGroups(namePrefix: ['trail']) | fields a", ['flows']), ['trail-a', 'trail-b']);
    assert.deepEqual(names("SOURCE logGroups(class: ['INFREQUENT_ACCESS']) | fields a"), []);
    assert.deepEqual(names("SOURCE logGroups() | fields a"), ['trail-a', 'trail-b', 'flows']);
  });
});
