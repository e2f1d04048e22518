/** One test (at least) per validation rule: the code, the severity, the message and the range. */
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../../src/core/cwli';
import { clean, covered, errors, parse } from './queryShape';

function only(query: string, code: string): Diagnostic {
  const found = parse(query).diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code} in ${query}, got ${JSON.stringify(parse(query).diagnostics.map((d) => d.code))}`);
  return found[0]!;
}

function at(query: string, code: string): string {
  return covered(query, only(query, code).range);
}

describe('core/cwli validation rules', () => {
  describe('stats', () => {
    it('stats may appear at most twice (error on the third, at its keyword)', () => {
      const q = 'stats count(*) as c by x | stats sum(c) as s | stats max(s)';
      const d = only(q, 'tooManyStats');
      assert.equal(d.severity, 'error');
      assert.match(d.message, /^stats may appear at most twice/);
      assert.equal(d.range.start.column, 48);
      assert.equal(at(q, 'tooManyStats'), 'stats');
    });

    it('sort and limit must come after the second stats', () => {
      const q = 'stats count(*) as c by x | sort c desc | limit 5 | stats avg(c)';
      const found = parse(q).diagnostics.filter((d) => d.code === 'sortLimitBeforeSecondStats');
      assert.deepEqual(found.map((d) => covered(q, d.range)), ['sort', 'limit']);
      assert.match(found[0]!.message, /sort must come after the second stats/);
      assert.deepEqual(errors('stats count(*) as c by x | stats avg(c) as a | sort a desc | limit 5'), []);
      assert.deepEqual(errors('sort @timestamp desc | limit 5 | stats count(*)'), [], 'with one stats the order is free');
    });

    it('bin() is not allowed in the second stats, with the documented remedy', () => {
      const q = 'stats count(*) as c by bin(1m) | stats avg(c) by bin(5m)';
      const d = only(q, 'binInSecondStats');
      assert.equal(d.message, 'bin() is not allowed in the second stats; carry a time out of the first stats (max(@timestamp) as @t) and use dateceil(@t, 5m)');
      assert.equal(at(q, 'binInSecondStats'), 'bin(5m)');
      assert.deepEqual(errors('stats count(*) as c, max(@timestamp) as @t by bin(1m) | stats avg(c) by dateceil(@t, 5m)'), []);
    });

    it('after the first stats only its output fields may be referenced', () => {
      const q = 'stats count(*) as c by srcAddr | filter dstAddr = "x" | display c, srcAddr, @timestamp';
      const found = parse(q).diagnostics.filter((d) => d.code === 'fieldNotAvailable');
      assert.deepEqual(found.map((d) => covered(q, d.range)), ['dstAddr', '@timestamp']);
      assert.match(found[0]!.message, /dstAddr is not available here: after stats only its output can be used \(c, srcAddr\)/);
      // Output columns by alias, by group field, by unaliased expression text, names defined later, map keys.
      assert.deepEqual(errors('stats count(*) by srcAddr, bin(1h) | sort count(*) desc | display srcAddr, bin(1h)'), []);
      assert.deepEqual(errors('stats count(*) as c by x | fields c * 2 as d | sort d | display d, x'), []);
      assert.deepEqual(errors('stats count(*) as c by x | parse x "a=*" as a | filter a = "1"'), []);
      assert.deepEqual(errors('stats latest(m) as m by x | fields m.key'), []);
      assert.deepEqual(errors('stats count(*) as c by x | stats avg(c) by y'), ['fieldNotAvailable']);
    });

    it('an expression in stats must aggregate (fields outside an aggregation are errors, earlier aliases are not)', () => {
      const q = 'stats x, count(*) by y';
      assert.equal(at(q, 'notAggregated'), 'x');
      assert.match(only(q, 'notAggregated').message, /x must be inside an aggregation such as count\(x\)/);
      assert.deepEqual(errors('stats sum(a) as s, count(*) as n, s / n as mean'), []);
    });

    it('aggregations are only valid in stats, not in its by list, and cannot be nested', () => {
      assert.equal(at('fields count(*) as n', 'aggregateOutsideStats'), 'count');
      assert.equal(at('filter max(x) > 1', 'aggregateOutsideStats'), 'max');
      assert.equal(at('stats count(*) by max(x)', 'aggregateInGroupBy'), 'max');
      assert.equal(at('stats sum(count(x))', 'nestedAggregate'), 'count');
      assert.deepEqual(errors('stats earliest(x), latest(y), sortsFirst(z), sortsLast(w), pct(d, 95), count_distinct(u), stddev(d) by bin(1h)'), []);
    });

    it('* is only valid as the single argument of count', () => {
      assert.deepEqual(errors('stats count(*)'), []);
      assert.equal(at('stats sum(*)', 'starNotAllowed'), '*');
      assert.equal(at('stats count(*, x)', 'starNotAllowed'), '*');
    });
  });

  describe('other pipeline rules', () => {
    it('only limit may follow dedup', () => {
      assert.deepEqual(errors('sort @timestamp desc | dedup server | limit 10'), []);
      const q = 'dedup server | filter x = 1 | limit 5 | sort y';
      const found = parse(q).diagnostics.filter((d) => d.code === 'afterDedup');
      assert.deepEqual(found.map((d) => covered(q, d.range)), ['filter', 'sort']);
      assert.match(found[0]!.message, /^Only limit may follow dedup; move filter before the dedup\.$/);
    });

    it('dedup takes field names', () => {
      assert.equal(at('dedup strlen(x)', 'dedupField'), 'strlen(x)');
    });

    it('SOURCE must come first, and its logGroups() keywords are checked', () => {
      assert.equal(at('fields a | SOURCE logGroups()', 'sourcePosition'), 'SOURCE');
      assert.deepEqual(errors("SOURCE logGroups(accountIdentifiers:['111122223333'], namePrefix: ['a', 'b'], class: ['INFREQUENT_ACCESS']) | fields @message"), []);
      const q = "SOURCE logGroups(namePrefix: ['1','2','3','4','5','6'], color: ['x'], class: ['COLD'], accountIdentifiers: 'x')";
      const found = parse(q).diagnostics.filter((d) => d.code === 'sourceArgument');
      assert.deepEqual(found.map((d) => covered(q, d.range)), ["['1','2','3','4','5','6']", 'color', "'COLD'", "'x'"]);
    });

    it('a glob pattern needs exactly one alias per *', () => {
      const q = 'parse @message "user=*, method:*" as user';
      const d = only(q, 'globAliasCount');
      assert.equal(d.message, 'The pattern has 2 * wildcards but 1 name follows as; give exactly one name per *.');
      assert.equal(covered(q, d.range), '"user=*, method:*" as user');
      assert.deepEqual(errors('parse @message "no wildcard" as a, b'), ['globAliasCount']);
      assert.deepEqual(errors('parse "user=*" as u'), []);
      assert.equal(at('parse @message "user=*"', 'parseAliases'), '"user=*"', 'reported at the pattern when nothing follows it');
    });

    it('the query is at most 10,000 characters (the API limit)', () => {
      const q = `fields @message | filter @message like "${'x'.repeat(10_000)}"`;
      const d = only(q, 'queryTooLong');
      assert.equal(d.severity, 'error');
      assert.equal(d.range.start.offset, 10_000);
      assert.equal(d.range.end.offset, q.length);
      assert.match(d.message, /The query is 10,041 characters; CloudWatch Logs accepts at most 10,000/);
      assert.deepEqual(errors(`fields @message | filter @message like "${'x'.repeat(9_950)}"`), []);
    });

    it('an empty or comment-only query is an error', () => {
      assert.deepEqual(errors(''), ['emptyQuery']);
      assert.deepEqual(errors('  # just a note\n'), ['emptyQuery']);
    });

    it('limit takes a positive whole number; above the API maximum is a warning', () => {
      assert.equal(at('limit 0', 'limitValue'), '0');
      assert.equal(at('limit 2.5', 'limitValue'), '2.5');
      assert.equal(at('limit x', 'limitValue'), 'x');
      const d = only('limit 50000', 'limitAboveApiMax');
      assert.equal(d.severity, 'warning');
      assert.deepEqual(errors('limit any 50'), []);
    });

    it('head and tail parse but are flagged as deprecated', () => {
      const result = parse('head 10 | tail 5');
      assert.deepEqual(result.diagnostics.map((d) => [d.code, d.severity]), [['deprecated', 'warning'], ['deprecated', 'warning']]);
      assert.match(result.diagnostics[0]!.message, /use limit/);
    });

    it('subqueries cannot be nested', () => {
      const q = 'filter a in (SOURCE logGroups() | filter b in (SOURCE logGroups() | fields b) | fields a)';
      assert.equal(at(q, 'nestedSubquery'), '(SOURCE logGroups() | fields b)');
      assert.deepEqual(errors('filter a in (SOURCE logGroups() | fields a)'), []);
    });
  });

  describe('functions and periods', () => {
    it('unknown functions are errors with a suggestion', () => {
      const d = only('fields strlenn(@message)', 'unknownFunction');
      assert.equal(d.message, 'Unknown function strlenn(). Did you mean strlen()?');
      assert.equal(at('fields frobnicate(x)', 'unknownFunction'), 'frobnicate');
    });

    it('function names are case-insensitive and keep their catalog spelling', () => {
      assert.deepEqual(errors('filter ISIPV4INSUBNET(srcAddr, "10.0.0.0/8") | stats COUNT(*) by BIN(5m)'), []);
    });

    it('wrong argument counts are errors that show the signature', () => {
      assert.equal(only('fields strlen(a, b)', 'arity').message, 'strlen() takes 1 argument but got 2: strlen(text: string): number');
      assert.match(only('fields substr(a)', 'arity').message, /substr\(\) takes 2 to 3 arguments but got 1/);
      assert.match(only('fields concat()', 'arity').message, /takes at least 1 argument but got 0/);
      assert.match(only('fields now(1)', 'arity').message, /takes 0 arguments but got 1/);
      assert.deepEqual(errors('fields greatest(a, b, c, d), round(x), round(x, 2), coalesce(a, b, c), trim(s, "xy")'), []);
    });

    it('bin over a unit cap is a warning saying what the service does and what to write', () => {
      const d = only('stats count(*) by bin(300s)', 'periodCapped');
      assert.equal(d.severity, 'warning');
      assert.equal(d.message, '300s is over the 60s maximum for this unit, so Logs Insights treats it as 60s. Write 5m instead.');
      assert.equal(at('stats count(*) by bin(300s)', 'periodCapped'), '300s');
      assert.match(only('stats count(*) by bin(48h)', 'periodCapped').message, /Write 2d instead/);
      assert.match(only('stats count(*) by bin(2000ms)', 'periodCapped').message, /Write 2s instead/);
      assert.match(only('fields datefloor(@timestamp, 90m)', 'periodCapped').message, /Use a larger unit/);
      assert.deepEqual(codes('stats count(*) by bin(60s), bin(24h), bin(1000ms), bin(3d), bin(2mo)'), []);
    });

    it('a period is required where a function takes one, and refused elsewhere', () => {
      assert.equal(at('stats count(*) by bin("5m")', 'periodExpected'), '"5m"');
      assert.equal(at('fields dateceil(@timestamp, 5)', 'periodExpected'), '5');
      assert.equal(at('filter x > 5m', 'periodNotAllowed'), '5m');
      assert.equal(at('fields strlen(1h)', 'periodNotAllowed'), '1h');
    });

    it('unmask() only in fields and display', () => {
      assert.deepEqual(errors('fields unmask(@message) | display unmask(@message)'), []);
      assert.equal(at('filter unmask(@message) like "x"', 'functionContext'), 'unmask');
    });

    it('maps and lists are refused in sort, dedup, stats and pattern when statically known', () => {
      assert.equal(at('sort jsonParse(@message) desc', 'structuredValue'), 'jsonParse(@message)');
      assert.equal(at('fields jsonParse(@message) as j | dedup j', 'structuredValue'), 'j');
      assert.equal(at('fields split(a, ",") as parts | stats count(*) by parts', 'structuredValue'), 'parts');
      assert.equal(at('fields jsonParse(@message) as j | stats count_distinct(j)', 'structuredValue'), 'j');
      assert.equal(at('parse @message logfmt as kv | sort kv', 'structuredValue'), 'kv');
      assert.match(only('sort jsonParse(@message)', 'structuredValue').message, /sort cannot use a map or list; use one of its keys instead/);
      // A key inside the map is a plain value again.
      assert.deepEqual(errors('fields jsonParse(@message) as j | sort j.level | dedup j.user'), []);
      assert.deepEqual(errors('fields jsonParse(@message) as j | stats count(*) by j.level'), []);
    });
  });

  describe('warnings with ranges', () => {
    it('a regex parse without named groups extracts nothing', () => {
      assert.equal(only('parse @message /user=\\S+/', 'regexNoGroups').severity, 'warning');
    });

    it('regex constructs outside RE2 (lookaround, backreferences)', () => {
      const q = 'filter @message like /(a)\\1(?<=x)(?!y)/';
      const found = parse(q).diagnostics.filter((d) => d.code === 'regexUnsupported');
      assert.deepEqual(found.map((d) => [d.severity, covered(q, d.range)]), [['warning', '\\1'], ['warning', '(?<='], ['warning', '(?!']]);
      assert.deepEqual(codes('filter x like /(?i)[(?=]\\d+(?<name>\\w+)(?P<other>.)/'), []);
    });

    it('a hyphen between two bare names is probably a field name', () => {
      const q = 'stats count(*) by detail-type';
      const d = only(q, 'hyphenatedField');
      assert.equal(d.severity, 'warning');
      assert.equal(covered(q, d.range), 'detail-type');
      assert.match(d.message, /write it in backticks: `detail-type`/);
      assert.deepEqual(codes('fields a - b, `detail-type`'), []);
    });
  });

  it('errors and warnings are distinct severities and come back in source order', () => {
    const result = parse('stats count(*) by bin(300s) | fields nope(1)');
    assert.deepEqual(result.diagnostics.map((d) => [d.severity, d.code]), [['warning', 'periodCapped'], ['error', 'unknownFunction']]);
    assert.equal(clean('fields @message'), 'fields(@message)');
  });
});

function codes(query: string): string[] {
  return parse(query).diagnostics.map((d) => d.code);
}
