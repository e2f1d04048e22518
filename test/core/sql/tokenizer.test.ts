import assert from 'node:assert/strict';
import { isSignificant, quoteIdentifier, quoteString, tokenize } from '../../../src/core/sql/tokenizer';

describe('core/sql tokenizer', () => {
  it('gives back the input exactly when the tokens are joined', () => {
    const sql = "SELECT \"a\"\"b\", 'it''s' -- note\n/* block\n comment */ FROM t WHERE x >= 1.5e3 AND y <> 'z';";
    assert.equal(tokenize(sql).map((t) => t.text).join(''), sql);
  });

  it('reads strings with doubled quotes, quoted identifiers, numbers, comments and operators', () => {
    const tokens = tokenize("select 'it''s', \"Mixed\"\"Name\", `tick`, 42, .5, 1e-3, a->b, x || y, n >= 2 -- end").filter(isSignificant);
    const summary = tokens.map((t) => [t.kind, t.value ?? t.text]);
    assert.deepEqual(summary, [
      ['word', 'select'], ['string', "it's"], ['symbol', ','], ['quoted', 'Mixed"Name'], ['symbol', ','], ['quoted', 'tick'], ['symbol', ','],
      ['number', '42'], ['symbol', ','], ['number', '.5'], ['symbol', ','], ['number', '1e-3'], ['symbol', ','],
      ['word', 'a'], ['symbol', '->'], ['word', 'b'], ['symbol', ','], ['word', 'x'], ['symbol', '||'], ['word', 'y'], ['symbol', ','],
      ['word', 'n'], ['symbol', '>='], ['number', '2'],
    ]);
    assert.equal(tokens[5]!.quote, '`');
  });

  it('keeps semicolons and quotes inside strings and comments', () => {
    const tokens = tokenize("select 'a;b' /* ; ' */ -- ;'\n, \"c;d\"");
    assert.equal(tokens.filter((t) => t.kind === 'symbol' && t.text === ';').length, 0);
    assert.deepEqual(tokens.filter((t) => t.kind === 'string').map((t) => t.value), ['a;b']);
  });

  it('records 1-based line and column of every token', () => {
    const tokens = tokenize('select a,\n  b\nfrom t');
    const b = tokens.find((t) => t.text === 'b')!;
    const from = tokens.find((t) => t.text === 'from')!;
    assert.deepEqual([b.line, b.column, from.line, from.column], [2, 3, 3, 1]);
  });

  it('marks an unterminated string, identifier or block comment', () => {
    assert.equal(tokenize("select 'open").at(-1)!.unterminated, true);
    assert.equal(tokenize('select "open').at(-1)!.unterminated, true);
    assert.equal(tokenize('select /* open').at(-1)!.unterminated, true);
    assert.equal(tokenize("select 'closed'").at(-1)!.unterminated, undefined);
  });

  it('quotes strings and identifiers by doubling the quote', () => {
    assert.equal(quoteString("O'Brien"), "'O''Brien'");
    assert.equal(quoteIdentifier('a"b'), '"a""b"');
    assert.equal(tokenize(quoteString("x'; DROP TABLE t; --"))[0]!.value, "x'; DROP TABLE t; --");
  });
});
