/**
 * Comparison and matching operators with the language's dynamic rules (A.2): numeric when both sides
 * are numbers (a parsed "404" is one), text otherwise; an absent field makes every comparison false, so
 * `not` of a comparison is true for it; maps and lists compare as absent. `like "x"` is a case-sensitive
 * substring test, `like /re/` and `=~` a regex search, `in` exact text membership.
 */
import type { BinaryOperator, Expression, ListLiteral } from '../ast';
import { quoteString } from '../../sql';
import { queryError } from './compileError';
import { checkRe2 } from './regexSupport';
import { asNumber, asString, booleanValue, readNumber, type SqlValue } from './sqlValue';

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

const SQL_OPERATOR: Record<ComparisonOperator, string> = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

export function isComparison(op: BinaryOperator): op is ComparisonOperator {
  return op in SQL_OPERATOR;
}

/** Never null: what a filter sees as false is false everywhere (not, and, or, if). */
function definite(sql: string): SqlValue {
  return booleanValue(`coalesce(${sql}, false)`);
}

/** Number-like operands: numbers, booleans (1/0) and times (epoch ms). */
function numeric(v: SqlValue): boolean {
  return v.kind === 'number' || v.kind === 'boolean' || v.kind === 'timestamp';
}

/** A text constant that does not read as a number can never make a comparison numeric. */
function plainText(v: SqlValue): boolean {
  return v.constant !== undefined && typeof v.constant === 'string' && readNumber(v.constant) === undefined;
}

/**
 * `"text"`, the compact JSON a JSON string equal to `text` is written as, when comparing that JSON
 * text decides `field = 'text'` exactly as compare() does on the field's value; else undefined.
 * It does when `text` has only characters JSON writes as they are (printable ASCII but `"` and `\`)
 * and can equal no other JSON value's text: not a number ("5" equals the number 5 in compare()),
 * not `true` or `false`. An object or list then fails the test, as an absent field does.
 */
export function jsonEqualityText(text: string): string | undefined {
  if (!/^[\x20\x21\x23-\x5b\x5d-\x7e]*$/.test(text) || readNumber(text) !== undefined || text === 'true' || text === 'false') return undefined;
  return `"${text}"`;
}

export function compare(op: ComparisonOperator, left: SqlValue, right: SqlValue): SqlValue {
  const sqlOp = SQL_OPERATOR[op];
  if (left.kind === 'timestamp' && right.kind === 'timestamp') return definite(`${left.sql} ${sqlOp} ${right.sql}`);
  if (numeric(left) && numeric(right)) return definite(`${asNumber(left)} ${sqlOp} ${asNumber(right)}`);
  if (plainText(left) || plainText(right)) return definite(`${asString(left)} ${sqlOp} ${asString(right)}`);
  // Decided per row: both sides read as numbers → compare the numbers, else the texts.
  const a = asNumber(left);
  const b = asNumber(right);
  const bothNumbers = [numeric(left) ? undefined : `${a} IS NOT NULL`, numeric(right) ? undefined : `${b} IS NOT NULL`].filter(Boolean).join(' AND ');
  return definite(`CASE WHEN ${bothNumbers} THEN ${a} ${sqlOp} ${b} ELSE ${asString(left)} ${sqlOp} ${asString(right)} END`);
}

/** `like`, `not like`, `=~`: the right side is a regex literal or text (a substring for like, a pattern for =~). */
export function match(op: 'like' | 'not like' | '=~', subject: SqlValue, pattern: Expression, compileOperand: (e: Expression) => SqlValue): SqlValue {
  const text = asString(subject);
  let test: string;
  if (pattern.kind === 'regex') {
    checkRe2(pattern.pattern, pattern.range);
    test = `regexp_matches(${text}, ${quoteString(pattern.pattern)})`;
  } else {
    const other = asString(compileOperand(pattern));
    test = op === '=~' ? `regexp_matches(${text}, ${other})` : `contains(${text}, ${other})`;
  }
  return definite(op === 'not like' ? `NOT ${test}` : test);
}

/** `in [list]` / `not in [list]`: exact text membership; a list value (jsonParse, split) works too. */
export function membership(negated: boolean, subject: SqlValue, list: Expression, compileOperand: (e: Expression) => SqlValue): SqlValue {
  const text = asString(subject);
  let test: string;
  if (list.kind === 'list') {
    const items = (list as ListLiteral).items.map((item) => asString(compileOperand(item)));
    test = items.length === 0 ? `(${text} IS NOT NULL AND false)` : `${text} IN (${items.join(', ')})`;
  } else if (list.kind === 'subquery') {
    throw queryError('query.unsupported', 'A subquery (in (SOURCE …)) is not available on local evidence: it runs on the CloudWatch Logs service.', list.range);
  } else {
    const value = compileOperand(list);
    test = value.kind === 'json'
      ? `(CASE WHEN json_type(${value.sql}) = 'ARRAY' THEN list_contains(json_extract_string(${value.sql}, '$[*]'), ${text}) ELSE ${text} = ${asString(value)} END)`
      : `${text} = ${asString(value)}`;
  }
  // Absent on the left: the test is null, so both in and not in are false.
  return definite(negated ? `NOT (${test})` : test);
}
