import type { BinaryOperator, Expression } from './ast';

/** Binding strength for printing, loosest first (mirrors the parser). */
const PRECEDENCE: Record<BinaryOperator, number> = {
  or: 1,
  and: 2,
  '=': 4,
  '!=': 4,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  like: 4,
  'not like': 4,
  '=~': 4,
  in: 4,
  'not in': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
  '^': 7,
};

const NOT_PRECEDENCE = 3;
const UNARY_MINUS_PRECEDENCE = 8;

function precedenceOf(e: Expression): number {
  if (e.kind === 'binary') return PRECEDENCE[e.op];
  if (e.kind === 'unary') return e.op === 'not' ? NOT_PRECEDENCE : UNARY_MINUS_PRECEDENCE;
  return 9;
}

const BARE_NAME = /^[\p{L}_@][\p{L}\p{N}\p{M}_@]*$/u;

/** A field name as it must be written: backticks around any segment that is not a bare name. */
export function formatFieldName(path: readonly string[]): string {
  return path
    .map((part, i) => {
      if (BARE_NAME.test(part) || (i > 0 && /^\d+$/.test(part))) return part;
      // System fields keep their @ outside the backticks: @`aws.tag.a:b`.
      return i === 0 && part.startsWith('@') && part.length > 1 ? `@\`${part.slice(1)}\`` : `\`${part}\``;
    })
    .join('.');
}

/**
 * Canonical text of an expression: single spaces around operators, ", " between arguments, only the
 * parentheses precedence needs. Used for default column names (`count(*)`, `bin(1h)`) and messages.
 */
export function formatExpression(e: Expression, options: { lowerCaseFunctions?: boolean } = {}): string {
  const f = (x: Expression) => formatExpression(x, options);
  switch (e.kind) {
    case 'field':
      return formatFieldName(e.path);
    case 'number':
      return e.raw;
    case 'string':
      return `${e.quote}${e.value.replace(/\\/g, '\\\\').replaceAll(e.quote, `\\${e.quote}`).replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r')}${e.quote}`;
    case 'regex':
      return `/${e.pattern}/`;
    case 'period':
      return e.raw;
    case 'list':
      return `[${e.items.map(f).join(', ')}]`;
    case 'star':
      return '*';
    case 'call':
      return `${options.lowerCaseFunctions ? e.name.toLowerCase() : e.name}(${e.args.map(f).join(', ')})`;
    case 'unary': {
      const inner = f(e.operand);
      const wrap = precedenceOf(e.operand) < precedenceOf(e);
      const operand = wrap ? `(${inner})` : inner;
      return e.op === 'not' ? `not ${operand}` : `-${operand}`;
    }
    case 'binary': {
      const own = PRECEDENCE[e.op];
      const rightAssociative = e.op === '^';
      const leftWrap = precedenceOf(e.left) < own || (rightAssociative && precedenceOf(e.left) === own);
      const rightWrap = precedenceOf(e.right) < own || (!rightAssociative && precedenceOf(e.right) === own);
      const left = leftWrap ? `(${f(e.left)})` : f(e.left);
      const right = rightWrap ? `(${f(e.right)})` : f(e.right);
      return `${left} ${e.op} ${right}`;
    }
    case 'member':
      return `${precedenceOf(e.object) < 9 ? `(${f(e.object)})` : f(e.object)}.${formatFieldName([e.property])}`;
    case 'index':
      return `${precedenceOf(e.object) < 9 ? `(${f(e.object)})` : f(e.object)}[${f(e.index)}]`;
    case 'subquery':
      return '(subquery)';
    case 'error':
      return '?';
  }
}
