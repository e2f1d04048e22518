/** The scanner on its own: token kinds and values, trivia, and lexical errors with their ranges. */
import assert from 'node:assert/strict';
import { Scanner } from '../../../src/core/cwli/scanner';
import type { Token } from '../../../src/core/cwli/tokens';
import { covered, parse } from './queryShape';

function scanAll(text: string): Token[] {
  const scanner = new Scanner(text);
  const tokens: Token[] = [];
  for (let t = scanner.scan(); t.kind !== 'eof'; t = scanner.scan()) tokens.push(t);
  return tokens;
}

function kinds(text: string): string {
  return scanAll(text).map((t) => (t.kind === 'identifier' ? `id:${t.value}` : t.kind)).join(' ');
}

describe('core/cwli scanner', () => {
  it('scans operators, punctuation and words', () => {
    assert.equal(kinds('a|b,c:d .(e)[f]+-*/%^'), 'id:a pipe id:b comma id:c colon id:d dot lparen id:e rparen lbracket id:f rbracket plus minus star slash percent caret');
    assert.equal(kinds('= != < <= > >= =~'), 'eq neq lt le gt ge match');
  });

  it('splits field names into path segments at unquoted dots', () => {
    const [a, b, c] = scanAll('requestParameters.items.0.id json.`user.id` @`aws.tag.x:y`');
    assert.deepEqual([a!.value, a!.path], ['requestParameters.items.0.id', ['requestParameters', 'items', '0', 'id']]);
    assert.deepEqual([b!.value, b!.path, b!.backticked], ['json.user.id', ['json', 'user.id'], true]);
    assert.deepEqual([c!.value, c!.path], ['@aws.tag.x:y', ['@aws.tag.x:y']]);
  });

  it('reads numbers and period literals with every documented unit spelling', () => {
    const tokens = scanAll('42 1.5 5m 1h 300s 1hrs 2days 3mo 1qtr 2yrs 10msec 7w');
    assert.deepEqual(tokens.map((t) => [t.kind, t.number, t.unit]), [
      ['number', 42, undefined], ['number', 1.5, undefined], ['period', 5, 'm'], ['period', 1, 'h'], ['period', 300, 's'],
      ['period', 1, 'h'], ['period', 2, 'd'], ['period', 3, 'mo'], ['period', 1, 'q'], ['period', 2, 'y'], ['period', 10, 'ms'], ['period', 7, 'w'],
    ]);
  });

  it('rejects malformed numbers and periods with a specific message', () => {
    const problem = (text: string) => scanAll(text)[0]!.problem!;
    assert.match(problem('5x').message, /Unknown time unit 'x' in 5x/);
    assert.match(problem('1.5h').message, /write 90m instead of 1\.5h/);
    assert.match(problem('1h30m').message, /neither a number nor a period/);
    assert.match(problem('5xx_count').message, /needs backticks: `5xx_count`/);
    assert.equal(kinds('2 days'), 'number id:days', 'A.1: no space between the number and the unit');
  });

  it('treats Unicode spaces as whitespace and explains curly quotes', () => {
    assert.equal(kinds('fields\u00a0a,\u2003b'), 'id:fields id:a comma id:b');
    const q = 'filter a = “x”';
    const d = parse(q).diagnostics[0]!;
    assert.equal(d.code, 'invalidCharacter');
    assert.match(d.message, /Curly quote/);
    assert.equal(covered(q, d.range), '“');
  });

  it('records comments and marks tokens that follow space', () => {
    const scanner = new Scanner('a # one\n#two\nb');
    const a = scanner.scan();
    const b = scanner.scan();
    assert.deepEqual([a.spaceBefore, b.spaceBefore, b.value], [false, true, 'b']);
    assert.deepEqual(scanner.comments, [[2, 7], [8, 12]]);
  });

  describe('unterminated literals: one error from the opening character to the end of its line', () => {
    for (const [name, query, code, coveredText] of [
      ['double-quoted string', 'filter a = "abc\n| limit 1', 'unterminatedString', '"abc'],
      ['single-quoted string', "filter a = 'abc", 'unterminatedString', "'abc"],
      ['regex', 'filter a like /abc\n| limit 1', 'unterminatedRegex', '/abc'],
      ['backtick field name', 'fields `abc\n| limit 1', 'unterminatedBacktick', '`abc'],
      ['backtick after @', 'fields @`abc', 'unterminatedBacktick', '`abc'],
    ] as const) {
      it(name, () => {
        const result = parse(query);
        const d = result.diagnostics.find((x) => x.code === code)!;
        assert.ok(d, JSON.stringify(result.diagnostics));
        assert.equal(d.severity, 'error');
        assert.equal(covered(query, d.range), coveredText);
        if (query.includes('| limit 1')) assert.equal(result.ast.commands[result.ast.commands.length - 1]!.kind, 'limit', 'the next line is still read');
      });
    }
  });

  it('lets a string or regex span lines, with a warning that the break is part of it', () => {
    const q = 'filter m like /a\n  b/';
    const d = parse(q).diagnostics[0]!;
    assert.deepEqual([d.code, d.severity, covered(q, d.range)], ['multilineLiteral', 'warning', '/a\n  b/']);
  });

  it('refuses regex flags after the closing slash and says how to write them', () => {
    const q = 'filter m like /error/i';
    const d = parse(q).diagnostics[0]!;
    assert.equal(d.code, 'regexFlags');
    assert.equal(covered(q, d.range), 'i');
    assert.match(d.message, /\/\(\?i\)error\//);
  });

  it('reports an empty path segment', () => {
    assert.equal(parse('fields a..b').diagnostics[0]!.code, 'invalidFieldName');
    assert.equal(parse('fields a.').diagnostics[0]!.code, 'invalidFieldName');
  });
});
