/**
 * Bad input never breaks the parser: random token soup, random Unicode, random edits of real queries,
 * 1 MB queries and 10,000-deep nesting all come back as diagnostics with valid ranges, quickly.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_DIAGNOSTICS, MAX_EXPRESSION_DEPTH, MAX_NESTING, parseInsightsQuery, type ParseResult } from '../../../src/core/cwli';
import { readDocBlocks } from './docBlocks';
import { assertRangesValid } from './queryShape';

const TOKENS = [
  'fields', 'display', 'filter', 'where', 'stats', 'sort', 'limit', 'parse', 'dedup', 'unnest', 'into', 'SOURCE', 'logGroups', 'pattern',
  'diff', 'anomaly', 'filterIndex', 'join', 'lookup', 'head', 'tail', 'by', 'as', 'asc', 'desc', 'and', 'or', 'not', 'like', 'in', 'any',
  'multi', 'logfmt', 'csv', 'json', 'field', 'offset', 'previousDay', '@message', '@timestamp', 'x', 'a.b', 'a.', '`q-r`', '@`s.t`', '`',
  '1', '2.5', '0', '5m', '300s', '1.5h', '5x', '"str"', "'s'", '"', "'", '/', '/re/', '/(?<g>x)(?=y)\\1/', '#', '# c\n', '\n', '\r\n', '\r',
  '|', ',', ':', '.', '(', ')', '[', ']', '+', '-', '*', '%', '^', '=', '!=', '<', '<=', '>', '>=', '=~', '==', '&&', '||', '!', '<>',
  '{', '“', '😀', '\u00a0', 'count(*)', 'bin(5m)', 'bin(300s)', 'jsonParse(', 'count', 'bin', 'strlen', 'unmask', 'rate', 'nope',
];

const soup = fc
  .array(fc.tuple(fc.constantFrom(...TOKENS), fc.constantFrom('', ' ', ' ', '\n')), { maxLength: 60 })
  .map((parts) => parts.map(([token, space]) => token + space).join(''));

const VALID = [
  ...readDocBlocks().filter((b) => (b.id < 40 && b.id !== 22) || b.id === 42).map((b) => b.query),
  'fields jsonParse(@message) as j | unnest j.events into e | display e.name',
  'FIELDS strlen(@message) AS n | STATS sum(n) AS b, max(@timestamp) as @t BY @logStream | STATS avg(b) BY dateceil(@t, 5m)',
  "SOURCE logGroups(namePrefix: ['a']) | filter x in (SOURCE logGroups() | fields x) | pattern @message | limit any 5",
  'parse @message /(?<a>\\d+)/ multi | parse b logfmt as lf | parse json field=c "d.e" as f | dedup a | limit 3',
];

type Edit = { kind: 'delete' | 'insert' | 'duplicate'; at: number; size: number; text: string };

const edit: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('delete', 'insert', 'duplicate'),
  at: fc.nat(),
  size: fc.integer({ min: 1, max: 12 }),
  text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'binary', maxLength: 3 })),
}) as fc.Arbitrary<Edit>;

function apply(query: string, edits: readonly Edit[]): string {
  let text = query;
  for (const e of edits) {
    const at = text.length === 0 ? 0 : e.at % (text.length + 1);
    if (e.kind === 'delete') text = text.slice(0, at) + text.slice(at + e.size);
    else if (e.kind === 'insert') text = text.slice(0, at) + e.text + text.slice(at);
    else text = text.slice(0, at) + text.slice(at, at + e.size) + text.slice(at);
  }
  return text;
}

const mutated = fc.tuple(fc.constantFrom(...VALID), fc.array(edit, { minLength: 1, maxLength: 5 })).map(([q, edits]) => apply(q, edits));

let parsed = 0;

/** Parses; the call must return, and everything it returns must be well-formed. */
function robust(text: string, options: { nodes?: boolean } = {}, parsedAlready?: ParseResult): ParseResult {
  const result = parsedAlready ?? parseInsightsQuery(text);
  parsed++;
  assert.equal(result.ast.kind, 'query');
  assert.ok(!result.diagnostics.some((d) => d.code === 'internalError'), JSON.stringify(result.diagnostics.find((d) => d.code === 'internalError')));
  assert.ok(result.diagnostics.length <= MAX_DIAGNOSTICS + 1);
  assertRangesValid(text, result, options);
  return result;
}

function timed(text: string): { ms: number; result: ParseResult } {
  const start = performance.now();
  const result = parseInsightsQuery(text);
  return { ms: performance.now() - start, result };
}

function bestOf(n: number, text: string): number {
  let best = Infinity;
  for (let i = 0; i < n; i++) best = Math.min(best, timed(text).ms);
  return best;
}

describe('core/cwli robustness', () => {
  after(() => console.log(`      (${parsed} inputs parsed by the robustness suite)`));

  it('random token soup: never throws, always ends, every diagnostic and node has a valid range', () => {
    fc.assert(fc.property(soup, (text) => void robust(text)), { numRuns: 4000 });
  });

  it('random Unicode text, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => void robust(text)), { numRuns: 1500 });
  });

  it('random edits of valid queries (the docs blocks and feature samples)', () => {
    assert.equal(VALID.length, 43);
    for (const query of VALID) assert.deepEqual(parseInsightsQuery(query).diagnostics.filter((d) => d.severity === 'error'), [], query);
    fc.assert(fc.property(mutated, (text) => void robust(text)), { numRuns: 4000 });
  });

  it('a 1 MB query parses in linear time and is reported as over the 10,000-character limit', () => {
    const unit = '\n| filter @message like /err(?<code>\\d+)/ and status >= 400 or not ispresent(x) # note\n| fields strlen(@message) as n';
    const big = `fields @timestamp, @message${unit.repeat(Math.ceil(1_048_576 / unit.length))}`;
    assert.ok(big.length >= 1_048_576);
    const { ms, result } = timed(big);
    assert.ok(ms < 4000, `1 MB took ${ms.toFixed(0)} ms`);
    robust(big, {}, result);
    assert.ok(result.diagnostics.some((d) => d.code === 'queryTooLong' && d.range.start.offset === 10_000));
    assert.ok(result.ast.commands.length > 10_000);
    const quarter = big.slice(0, big.length / 4);
    const ratio = bestOf(2, big) / bestOf(2, quarter);
    assert.ok(ratio < 10, `4× the input took ${ratio.toFixed(1)}× the time`);
  });

  it('a 1 MB operator chain is cut at the depth limit with one diagnostic, not a stack overflow', () => {
    for (const [name, text] of [
      ['left-deep +', `fields ${'1+'.repeat(500_000)}1`],
      ['right-deep ^', `fields ${'2^'.repeat(500_000)}2`],
      ['unary minus', `fields ${'-'.repeat(1_000_000)}x`],
      ['not', `filter ${'not '.repeat(250_000)}x`],
      ['or', `filter ${'a=1 or '.repeat(150_000)}a=2`],
    ] as const) {
      const { ms, result } = timed(text);
      assert.ok(ms < 4000, `${name} took ${ms.toFixed(0)} ms`);
      const deep = result.diagnostics.filter((d) => d.code === 'tooDeep');
      assert.equal(deep.length, 1, name);
      assert.match(deep[0]!.message, new RegExp(`more than ${MAX_EXPRESSION_DEPTH} levels`));
      robust(text, { nodes: false }, result);
    }
  });

  it('10,000 nested parentheses, brackets or calls give a diagnostic, not a RangeError', () => {
    for (const [name, text] of [
      ['balanced ( )', `filter ${'('.repeat(10_000)}x${')'.repeat(10_000)} | limit 5`],
      ['unbalanced (', `filter ${'('.repeat(10_000)}x | limit 5`],
      ['unbalanced )', `filter x${')'.repeat(10_000)} | limit 5`],
      ['lists', `filter x in ${'['.repeat(10_000)}1${']'.repeat(10_000)} | limit 5`],
      ['calls', `fields ${'abs('.repeat(10_000)}1${')'.repeat(10_000)} | limit 5`],
      ['subqueries', `filter ${'a in (SOURCE logGroups() | filter '.repeat(2_000)}x | limit 5`],
    ] as const) {
      const result = robust(text, { nodes: false });
      assert.ok(result.diagnostics.some((d) => d.severity === 'error'), name);
      if (name !== 'unbalanced )') assert.ok(result.diagnostics.some((d) => d.code === 'tooDeep' && d.message.includes(String(MAX_NESTING))), name);
      if (!name.startsWith('unbalanced (') && name !== 'subqueries') assert.equal(result.ast.commands[result.ast.commands.length - 1]!.kind, 'limit', `${name}: the next command is still read`);
    }
  });

  it('unbalanced quotes, regexes and backticks of any length give a diagnostic with a range', () => {
    for (const text of ['filter a = "', "filter a = '", 'filter a like /', 'fields `', 'fields @`a', `filter a = "${'x'.repeat(100_000)}`, `filter a like /${'('.repeat(100_000)}`]) {
      const result = robust(text);
      assert.ok(result.diagnostics.some((d) => d.code.startsWith('unterminated')), text.slice(0, 20));
    }
  });

  it('caps the number of diagnostics on a wall of garbage', () => {
    const result = robust('{'.repeat(50_000) + ' | ' + '=='.repeat(5_000), { nodes: false });
    assert.ok(result.diagnostics.length <= MAX_DIAGNOSTICS + 1);
  });
});
