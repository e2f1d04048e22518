import type { DiagnosticCode, DiagnosticSink } from './diagnostics';
import type { LineIndex, Range } from './position';
import { Scanner } from './scanner';
import { endsOperand, type Token, type TokenKind } from './tokens';

/** The parser's view of the token sequence: one current token, peek, and error helpers. */
export class TokenStream {
  private readonly scanner: Scanner;
  token: Token;
  /** The token consumed last (ranges of nodes end at it). */
  previous: Token | undefined;
  private older: Token | undefined;
  private quiet = false;
  /** Open `(SOURCE …)` subqueries; inside one, a `)` ends the pipeline. */
  subqueryDepth = 0;

  constructor(
    readonly text: string,
    readonly lines: LineIndex,
    readonly sink: DiagnosticSink,
  ) {
    this.scanner = new Scanner(text);
    this.token = this.scanner.scan();
    this.report(this.token);
  }

  get comments(): readonly [number, number][] {
    return this.scanner.comments;
  }

  /** End offset of the last consumed token (0 before any). */
  get prevEnd(): number {
    return this.previous?.end ?? 0;
  }

  advance(): void {
    if (this.token.kind === 'eof') return;
    this.older = this.previous;
    this.previous = this.token;
    this.token = this.scanner.scan();
    this.report(this.token);
  }

  /** The token after the current one, without consuming anything or reporting its problems. */
  peek(): Token {
    const saved = this.scanner.pos;
    const next = this.scanner.scan();
    this.scanner.pos = saved;
    return next;
  }

  /** The grammar wants a value here and found `/`: read it as a regex literal instead. */
  rescanAsRegex(): void {
    if (this.token.kind !== 'slash') return;
    this.token = this.scanner.scanRegex(this.token.start, this.token.spaceBefore);
    this.report(this.token);
  }

  /**
   * Advances while skipping over text that could not be parsed. No grammar guides the scanner here,
   * so a `/` opens a regex when the token before it cannot end an operand, or follows `parse <field>`.
   * Stray characters in skipped text are not reported one by one: the text is already in error, or
   * belongs to a command whose grammar only the service knows.
   */
  skip(): void {
    this.quiet = true;
    this.advance();
    this.quiet = false;
    if (this.token.kind !== 'slash') return;
    const afterParseField = this.previous?.kind === 'identifier' && isWord(this.older, 'parse');
    if (!endsOperand(this.previous) || afterParseField) this.rescanAsRegex();
  }

  is(kind: TokenKind): boolean {
    return this.token.kind === kind;
  }

  /** The current token is the bare (unquoted, undotted) word, compared case-insensitively. */
  isWord(word: string): boolean {
    return isWord(this.token, word);
  }

  /** The current token's lower-cased text when it is a bare word. */
  word(): string | undefined {
    return bareWord(this.token);
  }

  /** At `|`, the end of the text, or the `)` closing a subquery. */
  atCommandEnd(): boolean {
    const kind = this.token.kind;
    return kind === 'pipe' || kind === 'eof' || (kind === 'rparen' && this.subqueryDepth > 0);
  }

  expect(kind: TokenKind, what: string): boolean {
    if (this.token.kind === kind) {
      this.advance();
      return true;
    }
    this.errorExpected(what);
    return false;
  }

  errorExpected(what: string, code: DiagnosticCode = 'expectedToken'): void {
    this.errorHere(code, `Expected ${what} but found ${this.describe(this.token)}.`);
  }

  /** Reports at the current token; at the end of the text, at the token before it. Invalid tokens were already reported. */
  errorHere(code: DiagnosticCode, message: string): void {
    const token = this.token;
    if (token.kind === 'invalid') return;
    if (token.kind === 'eof') {
      const at = this.previous ?? token;
      this.sink.error(code, message, at.start, at.end);
    } else this.sink.error(code, message, token.start, token.end);
  }

  describe(token: Token): string {
    switch (token.kind) {
      case 'eof':
        return 'the end of the query';
      case 'string':
        return 'a string';
      case 'regex':
        return 'a regex';
      case 'identifier':
        return `'${token.value}'`;
      default:
        return `'${this.text.slice(token.start, token.end)}'`;
    }
  }

  range(start: number, end: number): Range {
    return this.lines.range(start, end);
  }

  tokenRange(token: Token): Range {
    return this.lines.range(token.start, token.end);
  }

  /** From `start` to the end of the last consumed token. */
  rangeFrom(start: number): Range {
    return this.lines.range(start, Math.max(start, this.prevEnd));
  }

  private report(token: Token): void {
    const p = token.problem;
    if (!p || (this.quiet && p.code === 'invalidCharacter')) return;
    if (p.severity === 'error') this.sink.error(p.code, p.message, p.start, p.end);
    else this.sink.warning(p.code, p.message, p.start, p.end);
  }
}

export function bareWord(token: Token | undefined): string | undefined {
  if (!token || token.kind !== 'identifier' || token.backticked || token.path?.length !== 1) return undefined;
  return token.value.toLowerCase();
}

export function isWord(token: Token | undefined, word: string): boolean {
  return bareWord(token) === word;
}
