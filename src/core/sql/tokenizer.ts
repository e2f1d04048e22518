/**
 * A lossless SQL tokenizer for Athena (Trino) text. Joining every token's text gives back the input
 * exactly, so rewrites can work token by token and leave comments, spacing and line breaks alone.
 */

export type TokenKind =
  | 'space'
  | 'comment'
  /** Unquoted identifier or keyword. */
  | 'word'
  /** "Double-quoted" (or `backquoted`) identifier; `value` holds the unescaped name. */
  | 'quoted'
  /** 'Single-quoted' string; `value` holds the unescaped text. */
  | 'string'
  | 'number'
  /** ( ) [ ] , ; . and operators. */
  | 'symbol';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Offset of the first character in the tokenized text. */
  start: number;
  end: number;
  /** 1-based. */
  line: number;
  column: number;
  /** Unescaped content of strings and quoted identifiers. */
  value?: string;
  /** The quote character of a quoted identifier: `"` or a backquote. */
  quote?: string;
  /** A string, quoted identifier or block comment whose closing quote or marker is missing. */
  unterminated?: boolean;
}

// Longest first, so that `<=` wins over `<`.
const SYMBOLS = ['->', '=>', '||', '<=', '>=', '<>', '!=', '::', '(', ')', '[', ']', '{', '}', ',', ';', '.', '=', '<', '>', '+', '-', '*', '/', '%', '?', ':', '|', '&', '^', '~', '!', '@', '$'];

const WORD_START = /[\p{L}_]/u;
const WORD_PART = /[\p{L}\p{N}_$]/u;
const DIGIT = /[0-9]/;

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let line = 1;
  let column = 1;

  const push = (kind: TokenKind, end: number, extra: Partial<Token> = {}): void => {
    const text = sql.slice(pos, end);
    tokens.push({ kind, text, start: pos, end, line, column, ...extra });
    for (const ch of text) {
      if (ch === '\n') {
        line += 1;
        column = 1;
      } else {
        column += 1;
      }
    }
    pos = end;
  };

  while (pos < sql.length) {
    const ch = sql[pos]!;
    const next = sql[pos + 1];
    if (/\s/.test(ch)) {
      let end = pos + 1;
      while (end < sql.length && /\s/.test(sql[end]!)) end += 1;
      push('space', end);
    } else if (ch === '-' && next === '-') {
      const newline = sql.indexOf('\n', pos);
      push('comment', newline === -1 ? sql.length : newline);
    } else if (ch === '/' && next === '*') {
      const close = sql.indexOf('*/', pos + 2);
      if (close === -1) push('comment', sql.length, { unterminated: true });
      else push('comment', close + 2);
    } else if (ch === "'") {
      const { end, value, closed } = readQuoted(sql, pos, "'");
      push('string', end, closed ? { value } : { value, unterminated: true });
    } else if (ch === '"' || ch === '`') {
      const { end, value, closed } = readQuoted(sql, pos, ch);
      push('quoted', end, closed ? { value, quote: ch } : { value, quote: ch, unterminated: true });
    } else if (DIGIT.test(ch) || (ch === '.' && next !== undefined && DIGIT.test(next))) {
      push('number', readNumber(sql, pos));
    } else if (WORD_START.test(ch)) {
      let end = pos + ch.length;
      while (end < sql.length && WORD_PART.test(sql[end]!)) end += 1;
      push('word', end);
    } else {
      const symbol = SYMBOLS.find((s) => sql.startsWith(s, pos));
      // Anything else (a stray character) becomes a one-character symbol and the engine reports it.
      push('symbol', pos + (symbol?.length ?? 1));
    }
  }
  return tokens;
}

/** Reads a quoted run where a doubled quote stands for one quote character. */
function readQuoted(sql: string, start: number, quote: string): { end: number; value: string; closed: boolean } {
  let value = '';
  let pos = start + 1;
  while (pos < sql.length) {
    const ch = sql[pos]!;
    if (ch === quote) {
      if (sql[pos + 1] === quote) {
        value += quote;
        pos += 2;
        continue;
      }
      return { end: pos + 1, value, closed: true };
    }
    value += ch;
    pos += 1;
  }
  return { end: sql.length, value, closed: false };
}

function readNumber(sql: string, start: number): number {
  const match = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(sql.slice(start));
  return start + (match?.[0].length ?? 1);
}

/** True for tokens that carry meaning (not whitespace or comments). */
export function isSignificant(token: Token): boolean {
  return token.kind !== 'space' && token.kind !== 'comment';
}

/** The lowercase word, or undefined when the token is not an unquoted word. */
export function wordOf(token: Token | undefined): string | undefined {
  return token?.kind === 'word' ? token.text.toLowerCase() : undefined;
}

export function isSymbol(token: Token | undefined, symbol: string): boolean {
  return token?.kind === 'symbol' && token.text === symbol;
}

/** A string literal in SQL syntax: single quotes, inner quotes doubled. */
export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** An identifier in SQL syntax: double quotes, inner quotes doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
