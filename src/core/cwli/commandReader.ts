import type { Alias, Expression, FieldRef, Keyword, Projection } from './ast';
import type { InsightsCommand } from './catalog';
import type { ExpressionParser } from './expressions';
import type { TokenStream } from './tokenStream';

/** What every command parser needs: the tokens, the expression parser, and the shared list grammars. */
export class CommandReader {
  constructor(
    readonly ts: TokenStream,
    readonly expr: ExpressionParser,
    readonly keyword: Keyword,
    readonly spec: InsightsCommand,
  ) {}

  /** The fields every command node shares, with the range ending at the last token read so far. */
  base(): { keyword: Keyword; serviceOnly: boolean; range: Keyword['range'] } {
    return { keyword: this.keyword, serviceOnly: !this.spec.offline, range: this.ts.rangeFrom(this.keyword.range.start.offset) };
  }

  /** `expr [as name], …`; at least one item. Stops before any of `stopWords`. */
  projections(what: string, stopWords: readonly string[] = []): Projection[] {
    const ts = this.ts;
    const items: Projection[] = [];
    if (ts.atCommandEnd() || stopWords.some((w) => ts.isWord(w))) {
      ts.errorExpected(what, 'expectedExpression');
      return items;
    }
    for (;;) {
      const expression = this.expr.parse();
      let alias: Alias | undefined;
      if (ts.isWord('as')) {
        ts.advance();
        alias = this.alias();
      }
      const end = alias ? alias.range.end : expression.range.end;
      items.push({ expression, alias, range: { start: expression.range.start, end } });
      if (!ts.is('comma')) return items;
      ts.advance();
    }
  }

  /** `expr, …`; at least one item. */
  expressions(what: string): Expression[] {
    const ts = this.ts;
    if (ts.atCommandEnd()) {
      ts.errorExpected(what, 'expectedExpression');
      return [];
    }
    const items = [this.expr.parse()];
    while (ts.is('comma')) {
      ts.advance();
      items.push(this.expr.parse());
    }
    return items;
  }

  /** One expression, or an error node when the command ends too early. */
  expression(what: string): Expression {
    const ts = this.ts;
    if (ts.atCommandEnd()) {
      ts.errorExpected(what, 'expectedExpression');
      const at = ts.token.kind === 'eof' ? ts.prevEnd : ts.token.start;
      return this.expr.errorNode(at, at);
    }
    return this.expr.parse();
  }

  /** A name after `as` (or `into`). */
  alias(): Alias | undefined {
    const token = this.ts.token;
    if (token.kind !== 'identifier') {
      this.ts.errorExpected('a name');
      return undefined;
    }
    this.ts.advance();
    return { name: token.value, range: this.ts.tokenRange(token) };
  }

  aliases(): Alias[] {
    const list: Alias[] = [];
    for (;;) {
      const alias = this.alias();
      if (alias) list.push(alias);
      if (!alias || !this.ts.is('comma')) return list;
      this.ts.advance();
    }
  }

  fieldRef(): FieldRef | undefined {
    const token = this.ts.token;
    if (token.kind !== 'identifier') {
      this.ts.errorExpected('a field name');
      return undefined;
    }
    this.ts.advance();
    return { kind: 'field', name: token.value, path: token.path ?? [token.value], range: this.ts.tokenRange(token) };
  }

  /**
   * Consumes the rest of the command without a grammar, keeping brackets balanced so that a
   * `(SOURCE … | …)` inside stays part of it. Returns the text from `start`.
   */
  rest(start: number): string {
    const ts = this.ts;
    const opens: number[] = [];
    while (!ts.is('eof') && !(opens.length === 0 && ts.atCommandEnd())) {
      const kind = ts.token.kind;
      if (kind === 'lparen' || kind === 'lbracket') opens.push(ts.token.start);
      else if ((kind === 'rparen' || kind === 'rbracket') && opens.length > 0) opens.pop();
      ts.skip();
    }
    if (opens.length > 0) {
      const at = opens[opens.length - 1]!;
      ts.sink.error('expectedToken', 'This bracket is never closed.', at, at + 1);
    }
    return ts.text.slice(start, Math.max(start, ts.prevEnd));
  }
}
