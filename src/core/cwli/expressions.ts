import type { BinaryExpression, BinaryOperator, CallExpression, ErrorExpression, Expression, RegexLiteral, UnaryExpression, UnaryOperator } from './ast';
import { findFunction } from './catalog';
import { analyzeRegex } from './regexPattern';
import { RESERVED_WORDS, type Token, type TokenKind } from './tokens';
import { bareWord, isWord, type TokenStream } from './tokenStream';

/** Brackets deeper than this are reported and skipped, so recursion stays far from the stack limit. */
export const MAX_NESTING = 100;
/**
 * Operator chains are built iteratively, but the tree they make can be deep; deeper than this is
 * reported and cut, so every consumer may walk the tree recursively.
 */
export const MAX_EXPRESSION_DEPTH = 1000;

const SYMBOL_OPERATORS: Partial<Record<TokenKind, BinaryOperator>> = { eq: '=', neq: '!=', lt: '<', le: '<=', gt: '>', ge: '>=', match: '=~' };
const MULTIPLICATIVE: Partial<Record<TokenKind, BinaryOperator>> = { star: '*', slash: '/', percent: '%' };

interface OperatorAt {
  op: BinaryOperator;
  start: number;
  end: number;
}

/**
 * Precedence climbing over the A.2 order, loosest first: or, and, not, comparisons (= != < <= > >=
 * like, not like, =~, in, not in), + -, * / %, ^ (right-associative), unary -, then postfix
 * (call, .key, [index]) and primaries.
 */
export class ExpressionParser {
  private nesting = 0;
  // Depth of each inner node; leaves are 1. A Map (not WeakMap): it lives only as long as one parse.
  private readonly depths = new Map<Expression, number>();
  private depthReported = false;

  constructor(
    private readonly ts: TokenStream,
    /** Called with the current token on the `(` of `in (SOURCE …)`. */
    private readonly parseSubquery: () => Expression,
  ) {}

  parse(): Expression {
    let left = this.and();
    while (this.ts.isWord('or')) {
      const op = this.take();
      left = this.binary('or', left, this.and(), op.start, op.end);
    }
    return left;
  }

  /** Guards a recursive descent into brackets; false when too deep (the group was skipped). */
  enter(open: Token): boolean {
    if (this.nesting < MAX_NESTING) {
      this.nesting++;
      return true;
    }
    this.ts.sink.error('tooDeep', `Brackets are nested more than ${MAX_NESTING} levels deep here; simplify the expression.`, open.start, open.end);
    let depth = 0;
    do {
      const kind = this.ts.token.kind;
      if (kind === 'lparen' || kind === 'lbracket') depth++;
      else if (kind === 'rparen' || kind === 'rbracket') depth--;
      else if (kind === 'eof') break;
      this.ts.skip();
    } while (depth > 0);
    return false;
  }

  leave(): void {
    this.nesting--;
  }

  /** Consumes the closing bracket; if something else is there, skips to it (or to the end of the command). */
  close(kind: 'rparen' | 'rbracket', open: Token): void {
    const ts = this.ts;
    if (ts.is(kind)) {
      ts.advance();
      return;
    }
    const at = ts.lines.position(open.start);
    ts.errorExpected(`${kind === 'rparen' ? ')' : ']'} to close the ${open.value} at line ${at.line}, column ${at.column}`);
    let depth = 0;
    while (!ts.is('eof') && !ts.is('pipe')) {
      const k = ts.token.kind;
      if (k === 'lparen' || k === 'lbracket') depth++;
      else if (k === 'rparen' || k === 'rbracket') {
        if (depth === 0) {
          if (k === kind) ts.advance();
          return;
        }
        depth--;
      }
      ts.skip();
    }
  }

  errorNode(start: number, end: number): ErrorExpression {
    return { kind: 'error', range: this.ts.range(start, end) };
  }

  private and(): Expression {
    let left = this.not();
    while (this.ts.isWord('and')) {
      const op = this.take();
      left = this.binary('and', left, this.not(), op.start, op.end);
    }
    return left;
  }

  private not(): Expression {
    const nots: Token[] = [];
    while (this.ts.isWord('not')) nots.push(this.take());
    let operand = this.comparison();
    for (let i = nots.length - 1; i >= 0; i--) operand = this.unary('not', nots[i]!, operand);
    return operand;
  }

  private comparison(): Expression {
    let result = this.additive();
    let chained = false;
    for (let op = this.comparisonOperator(); op; op = this.comparisonOperator()) {
      if (chained) this.ts.sink.error('chainedComparison', 'Comparisons cannot be chained: join them with and, e.g. a < b and b < c.', op.start, op.end);
      const isIn = op.op === 'in' || op.op === 'not in';
      const right = isIn && this.ts.is('lparen') && isWord(this.ts.peek(), 'source') ? this.parseSubquery() : this.additive();
      result = this.binary(op.op, result, right, op.start, op.end);
      chained = true;
    }
    return result;
  }

  private comparisonOperator(): OperatorAt | undefined {
    const token = this.ts.token;
    const symbol = SYMBOL_OPERATORS[token.kind];
    if (symbol) {
      this.ts.advance();
      return { op: symbol, start: token.start, end: token.end };
    }
    const word = bareWord(token);
    if (word === 'like' || word === 'in') {
      this.ts.advance();
      return { op: word, start: token.start, end: token.end };
    }
    if (word === 'not') {
      const next = this.ts.peek();
      const nextWord = bareWord(next);
      if (nextWord === 'like' || nextWord === 'in') {
        this.ts.advance();
        this.ts.advance();
        return { op: nextWord === 'like' ? 'not like' : 'not in', start: token.start, end: next.end };
      }
    }
    return undefined;
  }

  private additive(): Expression {
    let left = this.multiplicative();
    for (;;) {
      const op = this.ts.token;
      if (op.kind !== 'plus' && op.kind !== 'minus') return left;
      this.ts.advance();
      const tight = op.kind === 'minus' && !op.spaceBefore && !this.ts.token.spaceBefore;
      const right = this.multiplicative();
      if (tight && left.kind === 'field' && right.kind === 'field') {
        const joined = `${left.name}-${right.name}`;
        this.ts.sink.warning('hyphenatedField', `${joined} is read as ${left.name} minus ${right.name}. If it is one field name, write it in backticks: \`${joined}\`.`, left.range.start.offset, right.range.end.offset);
      }
      left = this.binary(op.kind === 'plus' ? '+' : '-', left, right, op.start, op.end);
    }
  }

  private multiplicative(): Expression {
    let left = this.power();
    for (let op = MULTIPLICATIVE[this.ts.token.kind]; op; op = MULTIPLICATIVE[this.ts.token.kind]) {
      const token = this.take();
      left = this.binary(op, left, this.power(), token.start, token.end);
    }
    return left;
  }

  /** Right-associative, built without recursion: 2^3^2 is 2^(3^2). */
  private power(): Expression {
    const operands = [this.unaryMinus()];
    const carets: Token[] = [];
    while (this.ts.is('caret')) {
      carets.push(this.take());
      operands.push(this.unaryMinus());
    }
    let result = operands[operands.length - 1]!;
    for (let i = carets.length - 1; i >= 0; i--) result = this.binary('^', operands[i]!, result, carets[i]!.start, carets[i]!.end);
    return result;
  }

  private unaryMinus(): Expression {
    const minuses: Token[] = [];
    while (this.ts.is('minus')) minuses.push(this.take());
    let operand = this.postfix();
    for (let i = minuses.length - 1; i >= 0; i--) operand = this.unary('-', minuses[i]!, operand);
    return operand;
  }

  private postfix(): Expression {
    let result = this.primary();
    for (;;) {
      if (this.ts.is('dot')) {
        this.ts.advance();
        const key = this.ts.token;
        if (key.kind !== 'identifier') {
          this.ts.errorExpected('a key name after .');
          return result;
        }
        this.ts.advance();
        for (const part of key.path ?? [key.value]) {
          result = this.track({ kind: 'member', object: result, property: part, propertyRange: this.ts.tokenRange(key), range: { start: result.range.start, end: this.ts.lines.position(key.end) } }, [result]);
        }
      } else if (this.ts.is('lbracket')) {
        const open = this.ts.token;
        if (!this.enter(open)) return this.errorNode(result.range.start.offset, this.ts.prevEnd);
        this.ts.advance();
        const index = this.parse();
        this.close('rbracket', open);
        this.leave();
        result = this.track({ kind: 'index', object: result, index, range: this.ts.rangeFrom(result.range.start.offset) }, [result, index]);
      } else return result;
    }
  }

  private primary(): Expression {
    const ts = this.ts;
    const token = ts.token;
    switch (token.kind) {
      case 'number':
        ts.advance();
        return { kind: 'number', value: token.number ?? Number(token.value), raw: token.value, range: ts.tokenRange(token) };
      case 'period':
        ts.advance();
        return { kind: 'period', amount: token.number!, unit: token.unit!, raw: token.value, range: ts.tokenRange(token) };
      case 'string':
        ts.advance();
        return { kind: 'string', value: token.value, quote: token.quote ?? '"', range: ts.tokenRange(token) };
      case 'slash':
        ts.rescanAsRegex();
        return this.regex();
      case 'regex':
        return this.regex();
      case 'lbracket':
        return this.list();
      case 'lparen':
        return this.parenthesized();
      case 'identifier':
        return this.identifier();
      case 'invalid':
        ts.advance();
        return this.errorNode(token.start, token.end);
      default: {
        ts.errorExpected('a field, a value or a function call', 'expectedExpression');
        const terminator = ts.atCommandEnd() || token.kind === 'comma' || token.kind === 'rparen' || token.kind === 'rbracket';
        if (terminator) {
          const at = token.kind === 'eof' ? ts.prevEnd : token.start;
          return this.errorNode(at, at);
        }
        ts.advance();
        return this.errorNode(token.start, token.end);
      }
    }
  }

  private identifier(): Expression {
    const ts = this.ts;
    const token = ts.token;
    const word = bareWord(token);
    if (word !== undefined && RESERVED_WORDS.has(word)) {
      ts.errorHere('expectedExpression', `Expected a field, a value or a function call before '${token.value}'. A field named ${token.value} needs backticks: \`${token.value}\`.`);
      return this.errorNode(token.start, token.start);
    }
    ts.advance();
    if (ts.is('lparen') && !token.backticked) return this.call(token);
    return { kind: 'field', name: token.value, path: token.path ?? [token.value], range: ts.tokenRange(token) };
  }

  private call(name: Token): Expression {
    const ts = this.ts;
    const open = ts.token;
    if (!this.enter(open)) return this.errorNode(name.start, ts.prevEnd);
    ts.advance();
    const args: Expression[] = [];
    if (!ts.is('rparen')) {
      for (;;) {
        if (ts.is('star') && ['rparen', 'comma'].includes(ts.peek().kind)) {
          const star = this.take();
          args.push({ kind: 'star', range: ts.tokenRange(star) });
        } else args.push(this.parse());
        if (!ts.is('comma')) break;
        ts.advance();
      }
    }
    this.close('rparen', open);
    this.leave();
    const node: CallExpression = { kind: 'call', name: name.value, canonicalName: findFunction(name.value)?.name, nameRange: ts.tokenRange(name), args, range: ts.rangeFrom(name.start) };
    return this.track(node, args);
  }

  private parenthesized(): Expression {
    const open = this.ts.token;
    if (!this.enter(open)) return this.errorNode(open.start, this.ts.prevEnd);
    this.ts.advance();
    const inner = this.parse();
    this.close('rparen', open);
    this.leave();
    return inner;
  }

  private list(): Expression {
    const ts = this.ts;
    const open = ts.token;
    if (!this.enter(open)) return this.errorNode(open.start, ts.prevEnd);
    ts.advance();
    const items: Expression[] = [];
    if (!ts.is('rbracket')) {
      for (;;) {
        items.push(this.parse());
        if (!ts.is('comma')) break;
        ts.advance();
      }
    }
    this.close('rbracket', open);
    this.leave();
    return this.track({ kind: 'list', items, range: ts.rangeFrom(open.start) }, items);
  }

  /** Reads a regex literal at the current `/` (parse's pattern position). */
  regexLiteral(): RegexLiteral {
    this.ts.rescanAsRegex();
    return this.regex();
  }

  private regex(): RegexLiteral {
    const ts = this.ts;
    const token = this.take();
    const analysis = analyzeRegex(token.value);
    const base = token.start + 1;
    for (const issue of analysis.unsupported) {
      ts.sink.warning('regexUnsupported', `${issue.what} is not RE2 syntax, which Logs Insights uses for regexes; rewrite the pattern without it.`, base + issue.start, base + issue.end);
    }
    return {
      kind: 'regex',
      pattern: token.value,
      caseInsensitive: analysis.caseInsensitive,
      groups: analysis.groups.map((g) => ({ name: g.name, range: ts.range(base + g.start, base + g.end) })),
      range: ts.tokenRange(token),
    };
  }

  private take(): Token {
    const token = this.ts.token;
    this.ts.advance();
    return token;
  }

  private unary(op: UnaryOperator, token: Token, operand: Expression): Expression {
    const node: UnaryExpression = { kind: 'unary', op, operand, range: { start: this.ts.lines.position(token.start), end: operand.range.end } };
    return this.track(node, [operand]);
  }

  private binary(op: BinaryOperator, left: Expression, right: Expression, opStart: number, opEnd: number): Expression {
    const node: BinaryExpression = { kind: 'binary', op, left, right, opRange: this.ts.range(opStart, opEnd), range: { start: left.range.start, end: right.range.end } };
    return this.track(node, [left, right]);
  }

  /** Records the node's depth; past the limit, reports once and stands an error node in its place. */
  private track<T extends Expression>(node: T, children: readonly Expression[]): Expression {
    let depth = 1;
    for (const child of children) depth = Math.max(depth, (this.depths.get(child) ?? 1) + 1);
    if (depth <= MAX_EXPRESSION_DEPTH) {
      this.depths.set(node, depth);
      return node;
    }
    if (!this.depthReported) {
      this.depthReported = true;
      this.ts.sink.errorAt('tooDeep', `This expression is nested more than ${MAX_EXPRESSION_DEPTH} levels deep; split it up, or test many values at once with in [ … ].`, node.range);
    }
    return { kind: 'error', range: node.range };
  }
}
