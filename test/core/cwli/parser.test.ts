/** Commands, the pipeline, service-only commands, recovery after errors, and the public result. */
import assert from 'node:assert/strict';
import { parseInsightsQuery, serviceOnlyFeatures, type LimitCommand, type SourceCommand, type UnsupportedCommand } from '../../../src/core/cwli';
import { clean, covered, errors, parse, shape } from './queryShape';

describe('core/cwli parser', () => {
  describe('pipeline', () => {
    it('separates commands with |, also at line starts and with no spaces', () => {
      assert.equal(clean('fields a\n| filter b = 1\n    | limit 5'), 'fields(a) | filter((b = 1)) | limit(5)');
      assert.equal(clean('fields a|filter b|limit 5'), 'fields(a) | filter(b) | limit(5)');
    });

    it('treats # as a comment outside strings, regexes and backticks, on its own line or after a command', () => {
      const q = '# top\nfields a # trailing\n| filter b like "#x" and c like /#y/ # end';
      assert.equal(clean(q), 'fields(a) | filter(((b like "#x") and (c like /#y/)))');
      assert.deepEqual(parse(q).ast.comments.map((r) => covered(q, r)), ['# top', '# trailing', '# end']);
      assert.equal(clean('fields `a#b`'), 'fields(a#b)');
    });

    it('accepts keywords in any case and where as an alias of filter', () => {
      assert.equal(clean('FiElDs a | WHERE a = 1 | SoRt a DESC | LIMIT 1'), 'fields(a) | filter[where]((a = 1)) | sort(a desc) | limit(1)');
    });

    it('reports an empty command, a trailing |, and ignores a leading | with a warning', () => {
      assert.deepEqual(errors('fields a | | limit 1'), ['emptyCommand']);
      assert.deepEqual(errors('fields a |'), ['emptyCommand']);
      const result = parse('| fields a');
      assert.deepEqual(result.diagnostics.map((d) => [d.code, d.severity]), [['leadingPipe', 'warning']]);
      assert.equal(shape(result.ast), 'fields(a)');
    });

    it('recovers at the next | so that several errors are reported in one pass', () => {
      const q = 'fields a b | filter ( | stats nope(x) by y | sort';
      const result = parse(q);
      assert.deepEqual(result.diagnostics.map((d) => d.code), ['unexpectedToken', 'expectedExpression', 'expectedToken', 'unknownFunction', 'expectedExpression']);
      assert.deepEqual(result.ast.commands.map((c) => c.kind), ['fields', 'filter', 'stats', 'sort']);
    });

    it('notices a missing | before a command word', () => {
      const q = 'filter a = 1 limit 5';
      const d = parse(q).diagnostics[0]!;
      assert.equal(d.code, 'missingPipe');
      assert.equal(covered(q, d.range), 'limit');
      assert.equal(shape(parse(q).ast), 'filter((a = 1)) | limit(5)');
    });

    it('reports unknown commands with a suggestion and keeps their text', () => {
      const q = 'fitler a = 1 | limit 5';
      const result = parse(q);
      assert.equal(result.diagnostics[0]!.message, "Unknown command 'fitler'. Did you mean filter?");
      const unknown = result.ast.commands[0] as UnsupportedCommand;
      assert.deepEqual([unknown.kind, unknown.recognized, unknown.raw], ['unsupported', false, 'fitler a = 1']);
      assert.match(parse('SELECT * FROM x').diagnostics[0]!.message, /OpenSearch SQL/);
    });
  });

  describe('commands', () => {
    it('fields and display with aliases, including @ aliases', () => {
      assert.equal(clean('fields a as @x, b + 1 as `my col` | display @x, `my col`'), 'fields(a as @x, (b + 1) as my col) | display(@x, my col)');
    });

    it('stats with aggregations, by list with aliases, and a time-series offset', () => {
      assert.equal(clean('stats count(*) as n, avg(d) by bin(5m) as t, host'), 'stats(count(*) as n, avg(d) by bin(period(5m)) as t, host)');
      assert.equal(clean('stats count(*) by bin(5m) offset 1h'), 'stats(count(*) by bin(period(5m)) offset 1h)');
      assert.deepEqual(errors('stats by x'), ['expectedExpression']);
    });

    it('sort with several keys and directions', () => {
      assert.equal(clean('sort eventSource, eventName desc, awsRegion asc'), 'sort(eventSource asc*, eventName desc, awsRegion asc)');
    });

    it('limit N and limit any N', () => {
      assert.equal(clean('limit 25'), 'limit(25)');
      const any = parse('limit any 20').ast.commands[0] as LimitCommand;
      assert.deepEqual([any.any, any.count], [true, 20]);
    });

    it('parse in glob, regex, multi, logfmt, csv and json forms, with and without a field', () => {
      assert.equal(clean('parse "user=*" as user'), 'parse(glob @message* "user=*" as user)');
      assert.equal(clean('parse @logStream "*/*" as a, b'), 'parse(glob @logStream "*/*" as a, b)');
      assert.equal(clean('parse url /(?<v>\\d+)/ multi'), 'parse(regex url /(?<v>\\d+)/{v} multi)');
      assert.equal(clean('parse /(?<v>x)/'), 'parse(regex @message* /(?<v>x)/{v})');
      assert.equal(clean('parse logfmt as lf'), 'parse(logfmt @message* as lf)');
      assert.equal(clean('parse body logfmt'), 'parse(logfmt body)');
      assert.equal(clean('parse body csv as a, b, c'), 'parse(csv body as a, b, c)');
      assert.equal(clean('parse json field=detail "user.name" as who'), 'parse(json detail "user.name" as who)');
      assert.equal(clean('parse csv "a=*" as x'), 'parse(glob csv "a=*" as x)', 'a field named csv followed by a pattern');
      assert.deepEqual(errors('parse @message /(?<a>x)/ as a'), ['parseAliases']);
      assert.deepEqual(errors('parse @message'), ['expectedToken']);
    });

    it('dedup, unnest … into, head and tail', () => {
      assert.equal(clean('dedup server, severity'), 'dedup(server, severity)');
      assert.equal(clean('unnest json.items into item'), 'unnest(json.items into item)');
      assert.deepEqual(errors('unnest json.items'), ['expectedToken']);
      assert.equal(parse('head 5 | tail').ast.commands.map((c) => c.kind).join(), 'head,tail');
    });

    it('SOURCE logGroups(...) with keywords, and other SOURCE forms kept as text', () => {
      const q = "SOURCE logGroups(namePrefix: ['/aws/lambda'], class: ['STANDARD']) | fields @message";
      assert.equal(clean(q), 'source(namePrefix: ["/aws/lambda"], class: ["STANDARD"]) | fields(@message)');
      const other = parse('SOURCE dataSource(name: "x") start=-1d | fields a').ast.commands[0] as SourceCommand;
      assert.deepEqual([other.logGroups, other.raw], [undefined, 'dataSource(name: "x") start=-1d']);
      assert.deepEqual(errors("SOURCE logGroups(accountIdentifiers:['111122223333'], namePrefix: ['a']"), ['expectedToken'], 'the docs sample missing its )');
    });
  });

  describe('service-only commands and features', () => {
    it('pattern, diff, anomaly and filterIndex are typed nodes marked service-only', () => {
      const q = 'fields @message | pattern @message | anomaly | diff previousWeek | filterIndex requestId = "a"';
      assert.equal(clean(q), 'fields(@message) | pattern(@message) | anomaly() | diff(previousWeek) | filterIndex((requestId = "a"))');
      assert.deepEqual(parse(q).ast.commands.map((c) => c.serviceOnly), [false, true, true, true, true]);
      assert.equal(clean('diff'), 'diff()');
      assert.deepEqual(errors('diff yesterday'), ['expectedToken']);
    });

    it('commands with an unmodelled grammar keep their raw text and range, brackets and inner pipes included', () => {
      const q = 'filter status >= 500 | join type=inner left=api right=lambda where api.requestId=lambda.requestId (SOURCE \'/aws/lambda/f\' | filter x = 1) | fields api.requestId';
      const result = parse(q);
      assert.deepEqual(result.diagnostics, []);
      const join = result.ast.commands[1] as UnsupportedCommand;
      assert.deepEqual([join.kind, join.name, join.recognized, join.serviceOnly], ['unsupported', 'join', true, true]);
      assert.equal(join.raw, covered(q, join.range));
      assert.ok(join.raw.endsWith('filter x = 1)'));
      assert.equal(result.ast.commands[2]!.kind, 'fields');
      for (const name of ['lookup', 'addtotals', 'autoregress', 'logcompare', 'filldown', 'fillmissing', 'cidrlookup', 'outlier', 'accum', 'appendcols', 'sessionize', 'countFrequent', 'relevantfields', 'expand']) {
        const command = parse(`fields a | ${name} x, y=1 [z] /re/ | limit 1`).ast.commands[1] as UnsupportedCommand;
        assert.deepEqual([command.kind, command.recognized, command.serviceOnly, command.raw], ['unsupported', true, true, `${name} x, y=1 [z] /re/`], name);
      }
      assert.deepEqual(parse('fields a | lookup {users} & id OUTPUT name | limit 1').diagnostics, [], 'characters only the service understands are not ours to refuse');
    });

    it('subqueries after in are parsed into a nested query', () => {
      const q = 'filter requestId in (SOURCE logGroups(namePrefix: ["a"]) | filter status = 500 | fields requestId) | limit 5';
      assert.equal(clean(q), 'filter((requestId in {source(namePrefix: ["a"]) | filter((status = 500)) | fields(requestId)})) | limit(5)');
    });

    it('serviceOnlyFeatures lists what the local engine must refuse, with ranges', () => {
      const q = 'fields unmask(@message) | filter a in (SOURCE logGroups() | fields a) | pattern @message | stats rate(x, 5m) by bin(5m) offset 1h';
      const features = serviceOnlyFeatures(parse(q).ast);
      assert.deepEqual(features.map((f) => [f.kind, f.name, covered(q, f.range)]), [
        ['function', 'unmask', 'unmask'],
        ['subquery', 'SOURCE', '(SOURCE logGroups() | fields a)'],
        ['command', 'pattern', 'pattern'],
        ['command', 'offset', '1h'],
        ['function', 'rate', 'rate'],
      ]);
      assert.deepEqual(serviceOnlyFeatures(parse('fields a | stats count(*) by bin(5m)').ast), []);
    });
  });

  describe('the public result', () => {
    it('always returns an AST and diagnostics with 1-based line and column, end exclusive', () => {
      const q = 'fields a\n| filter b ==\n| limit 1';
      const result = parseInsightsQuery(q);
      assert.equal(result.ast.kind, 'query');
      const d = result.diagnostics[0]!;
      assert.deepEqual([d.code, d.range.start.line, d.range.start.column, d.range.end.line, d.range.end.column], ['invalidOperator', 2, 12, 2, 14]);
      assert.equal(covered(q, d.range), '==');
      assert.deepEqual(result.ast.range.end, { line: 3, column: 10, offset: q.length });
    });

    it('counts columns in UTF-16 code units, as VS Code does', () => {
      const q = 'filter `😀` = "é" and x ==';
      const d = parse(q).diagnostics.find((x) => x.code === 'invalidOperator')!;
      assert.equal(d.range.start.column, q.indexOf('==') + 1);
    });

    it('handles CRLF and CR line breaks', () => {
      const q = 'fields a\r\n| filter b ==\r| limit 1';
      const d = parse(q).diagnostics[0]!;
      assert.deepEqual([d.range.start.line, d.range.start.column], [2, 12]);
      assert.equal(shape(parse(q).ast), 'fields(a) | filter((b = 1))'.replace('(b = 1)', '(b = <error>)') + ' | limit(1)');
    });
  });
});
