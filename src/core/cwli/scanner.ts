import { periodUnit, wholePeriod } from './periods';
import type { Token, TokenKind, TokenProblem } from './tokens';

/**
 * Hand-written scanner. It runs on demand: the parser asks for one token at a time, and asks again
 * with scanRegex() where the grammar expects a value and finds a `/`. That is how a `/` is told apart
 * as division or as the start of a regex literal without guessing from the token before it.
 * Every loop advances at least one character, so scanning is linear and always ends.
 */
export class Scanner {
  pos = 0;
  /** Comment ranges [start, end) in source order. */
  readonly comments: [number, number][] = [];
  private lastComment = -1;

  constructor(readonly text: string) {}

  scan(): Token {
    const text = this.text;
    let i = this.pos;
    let spaceBefore = false;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (isSpace(c)) {
        i++;
      } else if (c === HASH) {
        const end = this.lineEnd(i);
        if (i > this.lastComment) {
          this.lastComment = i;
          this.comments.push([i, end]);
        }
        i = end;
      } else break;
      spaceBefore = true;
    }
    const token = i >= text.length ? this.make('eof', i, i, '', spaceBefore) : this.scanAt(i, spaceBefore);
    this.pos = token.end;
    return token;
  }

  /** Scans a regex literal whose opening `/` is at `start`. */
  scanRegex(start: number, spaceBefore: boolean): Token {
    const text = this.text;
    let j = start + 1;
    let multiline = false;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c === BACKSLASH) {
        j += 2;
        continue;
      }
      if (c === SLASH) {
        const token = this.make('regex', start, j + 1, text.slice(start + 1, j), spaceBefore);
        let k = j + 1;
        while (k < text.length && isAsciiLetter(text.charCodeAt(k))) k++;
        if (k > j + 1) {
          token.end = k;
          token.problem = problem('error', 'regexFlags', `Flags after the closing / are not supported; start the pattern with (?i) for case-insensitive matching, e.g. /(?i)${token.value}/.`, j + 1, k);
        } else if (multiline) {
          token.problem = multilineWarning('regex', start, j + 1);
        }
        this.pos = token.end;
        return token;
      }
      if (c === LF || c === CR) multiline = true;
      j++;
    }
    const end = this.lineEnd(start);
    const token = this.make('regex', start, end, text.slice(start + 1, end), spaceBefore);
    token.problem = problem('error', 'unterminatedRegex', 'This regex has no closing /. Add one at the end of the pattern; write \\/ for a slash inside it.', start, end);
    this.pos = end;
    return token;
  }

  lineEnd(offset: number): number {
    let i = offset;
    while (i < this.text.length) {
      const c = this.text.charCodeAt(i);
      if (c === LF || c === CR) break;
      i++;
    }
    return i;
  }

  private scanAt(i: number, spaceBefore: boolean): Token {
    const text = this.text;
    const c = text.charCodeAt(i);
    if (c === BACKTICK || identStartWidth(text, i) > 0) return this.identifier(i, spaceBefore);
    if (isDigit(c)) return this.number(i, spaceBefore);
    if (c === DQUOTE || c === SQUOTE) return this.string(i, spaceBefore);
    const next = text.charCodeAt(i + 1);
    const single = SINGLE.get(c);
    if (single) return this.make(single, i, i + 1, text[i]!, spaceBefore);
    switch (c) {
      case PIPE:
        if (next === PIPE) return this.word('or', i, i + 2, spaceBefore, '|| is not an operator here: write or. A single | separates commands.');
        return this.make('pipe', i, i + 1, '|', spaceBefore);
      case AMP:
        if (next === AMP) return this.word('and', i, i + 2, spaceBefore, '&& is not an operator here: write and.');
        break;
      case EQ:
        if (next === TILDE) return this.make('match', i, i + 2, '=~', spaceBefore);
        if (next === EQ) return this.withProblem(this.make('eq', i, i + 2, '==', spaceBefore), 'invalidOperator', 'Compare with a single =, not ==.');
        return this.make('eq', i, i + 1, '=', spaceBefore);
      case BANG:
        if (next === EQ) return this.make('neq', i, i + 2, '!=', spaceBefore);
        return this.word('not', i, i + 1, spaceBefore, '! is not an operator here: write not (or != to compare).');
      case LT:
        if (next === EQ) return this.make('le', i, i + 2, '<=', spaceBefore);
        if (next === GT) return this.withProblem(this.make('neq', i, i + 2, '<>', spaceBefore), 'invalidOperator', 'Write != for "not equal", not <>.');
        return this.make('lt', i, i + 1, '<', spaceBefore);
      case GT:
        if (next === EQ) return this.make('ge', i, i + 2, '>=', spaceBefore);
        return this.make('gt', i, i + 1, '>', spaceBefore);
    }
    const width = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
    const ch = text.slice(i, i + width);
    const token = this.make('invalid', i, i + width, ch, spaceBefore);
    const curly = c === 0x201c || c === 0x201d || c === 0x2018 || c === 0x2019;
    const message = curly
      ? `Curly quote ${ch} is not a string delimiter: use straight quotes " or '.`
      : `Unexpected character '${ch}' (U+${text.codePointAt(i)!.toString(16).toUpperCase().padStart(4, '0')}). Field names with special characters go in backticks: \`name${ch}\`.`;
    token.problem = problem('error', 'invalidCharacter', message, i, i + width);
    return token;
  }

  private identifier(start: number, spaceBefore: boolean): Token {
    const text = this.text;
    const path: string[] = [];
    let segment = '';
    let run = start;
    let backticked = false;
    let unterminated: TokenProblem | undefined;
    let i = start;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === BACKTICK) {
        segment += text.slice(run, i);
        backticked = true;
        let close = i + 1;
        while (close < text.length && !isLineBreakOrTick(text.charCodeAt(close))) close++;
        if (text.charCodeAt(close) !== BACKTICK) {
          segment += text.slice(i + 1, close);
          unterminated = problem('error', 'unterminatedBacktick', 'This field name has no closing backtick. Add ` at the end of the name, on the same line.', i, close);
          i = close;
          run = i;
          break;
        }
        segment += text.slice(i + 1, close);
        i = close + 1;
        run = i;
      } else if (c === DOT) {
        segment += text.slice(run, i);
        path.push(segment);
        segment = '';
        i++;
        run = i;
      } else {
        const width = identPartWidth(text, i);
        if (width === 0) break;
        i += width;
      }
    }
    segment += text.slice(run, i);
    path.push(segment);
    const token = this.make('identifier', start, i, path.join('.'), spaceBefore);
    token.path = path;
    if (backticked) token.backticked = true;
    if (unterminated) token.problem = unterminated;
    else if (path.some((part) => part === '')) {
      token.problem = problem('error', 'invalidFieldName', `'${text.slice(start, i)}' has an empty name part: remove the extra dot, or put the whole name in backticks.`, start, i);
    }
    return token;
  }

  private number(start: number, spaceBefore: boolean): Token {
    const text = this.text;
    let j = start;
    while (isDigit(text.charCodeAt(j))) j++;
    let fraction = false;
    if (text.charCodeAt(j) === DOT && isDigit(text.charCodeAt(j + 1))) {
      fraction = true;
      j++;
      while (isDigit(text.charCodeAt(j))) j++;
    }
    if (j >= text.length || identPartWidth(text, j) === 0) {
      const token = this.make('number', start, j, text.slice(start, j), spaceBefore);
      token.number = Number(token.value);
      return token;
    }
    let k = j;
    while (isAsciiLetter(text.charCodeAt(k))) k++;
    let end = k;
    for (;;) {
      const width = identPartWidth(text, end);
      if (width > 0) end += width;
      else if (text.charCodeAt(end) === DOT && identPartWidth(text, end + 1) > 0) end++;
      else break;
    }
    const raw = text.slice(start, end);
    const unit = end === k && k > j ? periodUnit(text.slice(j, k)) : undefined;
    if (!unit || fraction) {
      const token = this.make('invalid', start, end, raw, spaceBefore);
      const message = end > k || k === j
        ? `'${raw}' is neither a number nor a period. A period is one whole number and one unit, such as 5m or 90s; a field name that starts with a digit needs backticks: \`${raw}\`.`
        : unit
          ? `A period needs a whole number of units: write ${wholePeriod(Number(text.slice(start, j)), unit) ?? 'a whole number of a smaller unit'} instead of ${raw}.`
          : `Unknown time unit '${text.slice(j, k)}' in ${raw}: use ms, s, m, h, d, w, mo, q or y (or second, minute, hour, …).`;
      token.problem = problem('error', 'invalidNumber', message, start, end);
      return token;
    }
    const token = this.make('period', start, end, raw, spaceBefore);
    token.number = Number(text.slice(start, j));
    token.unit = unit;
    return token;
  }

  private string(start: number, spaceBefore: boolean): Token {
    const text = this.text;
    const quote = text.charCodeAt(start);
    let value = '';
    let j = start + 1;
    let run = j;
    let multiline = false;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c === quote) {
        value += text.slice(run, j);
        const token = this.make('string', start, j + 1, value, spaceBefore);
        token.quote = quote === DQUOTE ? '"' : "'";
        if (multiline) token.problem = multilineWarning('string', start, j + 1);
        return token;
      }
      if (c === BACKSLASH && j + 1 < text.length) {
        value += text.slice(run, j);
        const escaped = text[j + 1]!;
        // Unknown escapes keep their backslash, so regex-like strings ("\d+") survive unchanged.
        value += ESCAPES[escaped] ?? `\\${escaped}`;
        j += 2;
        run = j;
        continue;
      }
      if (c === LF || c === CR) multiline = true;
      j++;
    }
    const end = this.lineEnd(start);
    const token = this.make('string', start, end, text.slice(start + 1, end), spaceBefore);
    token.quote = quote === DQUOTE ? '"' : "'";
    const q = text[start]!;
    token.problem = problem('error', 'unterminatedString', `This string has no closing ${q}. Add ${q} at its end; write \\${q} for a quote inside it.`, start, end);
    return token;
  }

  /** An operator typo that still reads as the word meant, so parsing carries on sensibly. */
  private word(value: string, start: number, end: number, spaceBefore: boolean, message: string): Token {
    const token = this.make('identifier', start, end, value, spaceBefore);
    token.path = [value];
    return this.withProblem(token, 'invalidOperator', message);
  }

  private withProblem(token: Token, code: 'invalidOperator', message: string): Token {
    token.problem = problem('error', code, message, token.start, token.end);
    return token;
  }

  private make(kind: TokenKind, start: number, end: number, value: string, spaceBefore: boolean): Token {
    return { kind, start, end, value, spaceBefore };
  }
}

function problem(severity: TokenProblem['severity'], code: TokenProblem['code'], message: string, start: number, end: number): TokenProblem {
  return { severity, code, message, start, end };
}

function multilineWarning(what: 'string' | 'regex', start: number, end: number): TokenProblem {
  return problem('warning', 'multilineLiteral', `This ${what} spans a line break; the line break and the indentation that follows are part of it. Keep it on one line unless that is intended.`, start, end);
}

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', "'": "'", n: '\n', t: '\t', r: '\r' };

const LF = 10;
const CR = 13;
const HASH = 35;
const DQUOTE = 34;
const SQUOTE = 39;
const AMP = 38;
const DOT = 46;
const SLASH = 47;
const LT = 60;
const EQ = 61;
const GT = 62;
const BANG = 33;
const BACKSLASH = 92;
const BACKTICK = 96;
const PIPE = 124;
const TILDE = 126;

const SINGLE = new Map<number, TokenKind>([
  [44, 'comma'],
  [58, 'colon'],
  [DOT, 'dot'],
  [40, 'lparen'],
  [41, 'rparen'],
  [91, 'lbracket'],
  [93, 'rbracket'],
  [43, 'plus'],
  [45, 'minus'],
  [42, 'star'],
  [SLASH, 'slash'],
  [37, 'percent'],
  [94, 'caret'],
]);

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isLineBreakOrTick(c: number): boolean {
  return c === BACKTICK || c === LF || c === CR;
}

/** Whitespace, including the no-break and other Unicode spaces that copy-paste from web pages brings. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

const UNICODE_START = /^[\p{L}]/u;
const UNICODE_PART = /^[\p{L}\p{N}\p{M}]/u;

function unicodeWidth(text: string, i: number, pattern: RegExp): number {
  const cp = text.codePointAt(i);
  if (cp === undefined || cp < 128) return 0;
  const ch = String.fromCodePoint(cp);
  return pattern.test(ch) && !isSpace(cp) ? ch.length : 0;
}

/** Letters, `_` and `@` start a bare field name. */
function identStartWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (isAsciiLetter(c) || c === 95 || c === 64) return 1;
  return unicodeWidth(text, i, UNICODE_START);
}

/** Letters, digits, `_` and `@` continue one (dots are handled by the caller as path separators). */
function identPartWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (isAsciiLetter(c) || isDigit(c) || c === 95 || c === 64) return 1;
  return unicodeWidth(text, i, UNICODE_PART);
}
