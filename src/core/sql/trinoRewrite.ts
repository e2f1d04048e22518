/**
 * Athena (Trino) SQL → DuckDB SQL, token by token. Spacing, comments and anything we do not know
 * stay as written; what changes is listed in docs/sql-dialect.md:
 * - Trino functions DuckDB lacks or defines differently (trinoFunctions.ts);
 * - CAST / TRY_CAST target types (trinoTypes.ts), IPADDRESS and JSON casts;
 * - typed literals IPADDRESS '…', JSON '…', TIMESTAMP '… UTC';
 * - catalog and database qualifiers in front of the local tables (`"default".cloudtrail_logs`);
 * - unquoted and quoted identifiers lowercased, so result columns are named as Athena names them.
 */
import type { SqlStatement } from './statements';
import { MACRO_PREFIX, TranslationError, callOf, translateCall, trimmed, type Piece } from './trinoFunctions';
import { TypeSyntaxError, translateType } from './trinoTypes';
import { isSignificant, isSymbol, quoteIdentifier, tokenize, wordOf, type Token } from './tokenizer';

export interface TranslateOptions {
  /** Local table names; qualifiers in front of them are dropped. Lowercase. */
  tables?: Iterable<string>;
}

export interface TranslatedSql {
  sql: string;
  /** Where each part of `sql` came from, to place engine errors in the user's text. */
  pieces: Piece[];
}

// Keywords keep the case they were written in; every other word is an identifier or function name and
// is lowercased, as Trino does.
const KEYWORDS = new Set(
  ('select from where group by order having limit offset as and or not in is null like between case when then else end join ' +
    'inner left right full outer cross on using union all distinct except intersect with values cast try_cast exists asc desc ' +
    'nulls first last true false interval date timestamp time array map row over partition rows range preceding following ' +
    'unbounded current filter within lateral unnest ordinality escape any some at zone tablesample fetch next only ties ' +
    'recursive window qualify describe explain analyze show tables columns table lambda')
    .split(' '),
);

/** Translates one statement (query or utility) of a script. */
export function translateStatement(statement: SqlStatement, options: TranslateOptions = {}): TranslatedSql {
  const tokens = statement.tokens;
  const significant = tokens.filter(isSignificant);
  if (statement.keyword === 'SHOW COLUMNS' && significant.length > 3) {
    // SHOW COLUMNS FROM|IN t → DESCRIBE t: DuckDB lists the columns with their types.
    const tableTokens = tokens.filter((t) => t.start > significant[2]!.start);
    const pieces = [{ text: 'DESCRIBE ', src: significant[0]!.start }, ...new Rewriter(tableTokens, options).run()];
    return { sql: pieces.map((p) => p.text).join(''), pieces };
  }
  const pieces = new Rewriter(tokens, options).run();
  return { sql: pieces.map((p) => p.text).join(''), pieces };
}

/** Translates a single statement given as text (for tests and tools). */
export function translateSql(sql: string, options: TranslateOptions = {}): string {
  return new Rewriter(tokenize(sql), options).run().map((p) => p.text).join('');
}

/** The offset in the original script that produced the character at `offset` of the translated SQL. */
export function sourceOffsetOf(translated: TranslatedSql, offset: number): number | undefined {
  let at = 0;
  for (const piece of translated.pieces) {
    if (offset < at + piece.text.length) return piece.src;
    at += piece.text.length;
  }
  return translated.pieces.at(-1)?.src;
}

class Rewriter {
  private readonly tables: Set<string>;
  constructor(private readonly tokens: Token[], options: TranslateOptions) {
    this.tables = new Set(options.tables ?? []);
  }

  run(): Piece[] {
    return this.range(0, this.tokens.length);
  }

  /** Index of the next significant token at or after `i`, or -1. */
  private nextSignificant(i: number, end = this.tokens.length): number {
    for (let j = i; j < end; j++) if (isSignificant(this.tokens[j]!)) return j;
    return -1;
  }

  private previousSignificant(i: number): Token | undefined {
    for (let j = i - 1; j >= 0; j--) if (isSignificant(this.tokens[j]!)) return this.tokens[j];
    return undefined;
  }

  /** Index of the `)` closing the `(` at `open`. */
  private matching(open: number, end: number): number {
    let depth = 0;
    for (let j = open; j < end; j++) {
      const t = this.tokens[j]!;
      if (t.kind !== 'symbol') continue;
      if (t.text === '(' || t.text === '[' || t.text === '{') depth += 1;
      else if (t.text === ')' || t.text === ']' || t.text === '}') {
        depth -= 1;
        if (depth === 0) return j;
      }
    }
    throw new TranslationError('a parenthesis is not closed', this.tokens[open], 'syntax');
  }

  /** Splits the tokens between `open` and `close` at top-level commas into index ranges. */
  private splitArgs(open: number, close: number): Array<[number, number]> {
    const args: Array<[number, number]> = [];
    let depth = 0;
    let start = open + 1;
    for (let j = open + 1; j < close; j++) {
      const t = this.tokens[j]!;
      if (t.kind !== 'symbol') continue;
      if (t.text === '(' || t.text === '[' || t.text === '{') depth += 1;
      else if (t.text === ')' || t.text === ']' || t.text === '}') depth -= 1;
      else if (t.text === ',' && depth === 0) {
        args.push([start, j]);
        start = j + 1;
      }
    }
    if (args.length > 0 || this.nextSignificant(open + 1, close) !== -1) args.push([start, close]);
    return args;
  }

  private range(from: number, to: number): Piece[] {
    const out: Piece[] = [];
    let i = from;
    while (i < to) {
      const token = this.tokens[i]!;
      const handled = this.special(i, to);
      if (handled) {
        out.push(...handled.pieces);
        i = handled.next;
        continue;
      }
      out.push(this.plain(token));
      i += 1;
    }
    return out;
  }

  private plain(token: Token): Piece {
    if (token.kind === 'word') {
      const lower = token.text.toLowerCase();
      return { text: KEYWORDS.has(lower) ? token.text : lower, src: token.start };
    }
    if (token.kind === 'quoted') {
      if (token.quote === '`') {
        throw new TranslationError('Athena queries quote identifiers with double quotes ("name"); backquotes are only for DDL', token, 'syntax');
      }
      return { text: quoteIdentifier((token.value ?? '').toLowerCase()), src: token.start };
    }
    return { text: token.text, src: token.start };
  }

  /** Rewrites a construct starting at `i`, or returns undefined when the token is copied as it is. */
  private special(i: number, to: number): { pieces: Piece[]; next: number } | undefined {
    const token = this.tokens[i]!;
    if (token.kind !== 'word' && token.kind !== 'quoted') return undefined;
    const afterIndex = this.nextSignificant(i + 1, to);
    const after = afterIndex === -1 ? undefined : this.tokens[afterIndex];
    const before = this.previousSignificant(i);
    if (isSymbol(before, '.')) return undefined;

    const chain = this.qualifiedTable(i, to);
    if (chain) return chain;
    if (token.kind !== 'word') return undefined;
    const word = token.text.toLowerCase();

    // COUNT(*) FILTER (WHERE …) is a clause, not Trino's filter(array, lambda).
    if (isSymbol(after, '(') && !(word === 'filter' && isSymbol(before, ')'))) {
      const close = this.matching(afterIndex, to);
      if (word === 'cast' || word === 'try_cast') return { pieces: this.cast(i, afterIndex, close), next: close + 1 };
      const pieces = this.call(word, i, afterIndex, close);
      return pieces ? { pieces, next: close + 1 } : undefined;
    }
    if (after?.kind === 'string' && (word === 'ipaddress' || word === 'json' || word === 'timestamp')) {
      return { pieces: this.typedLiteral(word, token, after), next: afterIndex + 1 };
    }
    return undefined;
  }

  /** `catalog.db.table` or `db.table` naming a local table → `table`. */
  private qualifiedTable(i: number, to: number): { pieces: Piece[]; next: number } | undefined {
    const parts: number[] = [i];
    let j = i;
    for (;;) {
      const dot = this.nextSignificant(j + 1, to);
      if (!isSymbol(this.tokens[dot], '.')) break;
      const part = this.nextSignificant(dot + 1, to);
      const partToken = this.tokens[part];
      if (partToken?.kind !== 'word' && partToken?.kind !== 'quoted') break;
      parts.push(part);
      j = part;
    }
    if (parts.length < 2) return undefined;
    const last = this.tokens[parts[parts.length - 1]!]!;
    const name = (last.kind === 'quoted' ? last.value ?? '' : last.text).toLowerCase();
    if (!this.tables.has(name)) return undefined;
    return { pieces: [this.plain(last)], next: parts[parts.length - 1]! + 1 };
  }

  private call(word: string, nameIndex: number, open: number, close: number): Piece[] | undefined {
    const ranges = this.splitArgs(open, close);
    const args = ranges.map(([s, e]) => this.range(s, e));
    const argTokens = ranges.map(([s, e]) => this.tokens.slice(s, e).filter(isSignificant));
    const translated = translateCall({ name: word, nameToken: this.tokens[nameIndex]!, args, argTokens });
    if (!translated) return undefined;
    return translated;
  }

  private cast(nameIndex: number, open: number, close: number): Piece[] {
    const nameToken = this.tokens[nameIndex]!;
    let asIndex = -1;
    let depth = 0;
    for (let j = open + 1; j < close; j++) {
      const t = this.tokens[j]!;
      if (t.kind === 'symbol' && (t.text === '(' || t.text === '[')) depth += 1;
      else if (t.kind === 'symbol' && (t.text === ')' || t.text === ']')) depth -= 1;
      else if (depth === 0 && wordOf(t) === 'as') asIndex = j;
    }
    if (asIndex === -1) throw new TranslationError(`${nameToken.text.toUpperCase()} needs AS and a type`, nameToken, 'syntax');
    const expression = this.range(open + 1, asIndex);
    const typeTokens = this.tokens.slice(asIndex + 1, close).filter(isSignificant);
    let type;
    try {
      type = translateType(typeTokens);
    } catch (error) {
      if (error instanceof TypeSyntaxError) throw new TranslationError(error.message, error.token ?? nameToken, error.problem);
      throw error;
    }
    const at = nameToken.start;
    // Invalid addresses become NULL either way, so CAST and TRY_CAST to IPADDRESS translate alike.
    if (type.special === 'ipaddress') return callOf(`${MACRO_PREFIX}ipaddress`, [trimmed(expression)], at);
    // Trino's CAST(x AS JSON) makes a JSON value of x (a string stays a JSON string); it does not parse.
    if (type.special === 'json') return callOf('to_json', [trimmed(expression)], at);
    const typeStart = typeTokens[0]?.start ?? at;
    return [
      { text: `${nameToken.text}(`, src: at },
      ...expression,
      { text: this.tokens[asIndex]!.text, src: this.tokens[asIndex]!.start },
      { text: ` ${type.sql})`, src: typeStart },
    ];
  }

  private typedLiteral(word: string, token: Token, literal: Token): Piece[] {
    const value = { text: literal.text, src: literal.start };
    if (word === 'ipaddress') return callOf(`${MACRO_PREFIX}ipaddress`, [[value]], token.start);
    if (word === 'json') return callOf('json', [[value]], token.start);
    // TIMESTAMP '2024-01-01 00:00:00 UTC' is a timestamp with time zone in Trino.
    const zoned = /\d:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[+-]\d{1,2}(?::?\d{2})?|Z|[A-Za-z][A-Za-z0-9_/+-]*)$/.test(literal.value ?? '');
    return [{ text: zoned ? 'TIMESTAMPTZ ' : `${token.text} `, src: token.start }, value];
  }
}
