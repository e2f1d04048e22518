/**
 * General and JSON functions (A.4). Values that must share a kind (if, case, coalesce branches) share
 * the one they agree on, else text. jsonParse of anything that is not a JSON object or array gives no
 * value; a log line never fails the query.
 */
import type { CallExpression } from '../../ast';
import type { ExpressionCompiler } from '../expressions';
import { asBoolean, asNumber, asString, booleanValue, commonKind, convert, numberConstant, numberValue, oneOrZero, type SqlValue } from '../sqlValue';
import type { FunctionTable } from './functionCompiler';

function shared(values: SqlValue[]): SqlValue[] {
  const kind = commonKind(values);
  return values.map((v) => convert(v, kind));
}

function caseOf(call: CallExpression, x: ExpressionCompiler): SqlValue {
  const args = call.args.map((_, i) => x.arg(call, i));
  const pairs = Math.floor(args.length / 2);
  const results = shared([...Array.from({ length: pairs }, (_, i) => args[2 * i + 1]!), ...(args.length % 2 === 1 ? [args[args.length - 1]!] : [])]);
  const whens = Array.from({ length: pairs }, (_, i) => `WHEN ${asBoolean(args[2 * i]!)} THEN ${results[i]!.sql}`).join(' ');
  const otherwise = args.length % 2 === 1 ? ` ELSE ${results[pairs]!.sql}` : '';
  return { sql: `(CASE ${whens}${otherwise} END)`, kind: results[0]?.kind ?? 'string' };
}

/** Text holding a JSON object or array, as a JSON value; a JSON value passes through. */
function parsed(v: SqlValue): string {
  if (v.kind === 'json') return v.sql;
  const t = asString(v);
  return `(CASE WHEN TRY(json_type(${t})) IN ('OBJECT', 'ARRAY') THEN CAST(${t} AS JSON) END)`;
}

function windowMs(x: ExpressionCompiler, pick: (w: { startMs: number; endMs: number }) => number): SqlValue {
  const window = x.facts.window;
  return window ? numberConstant(pick(window)) : numberValue('CAST(NULL AS DOUBLE)');
}

export const GENERAL_FUNCTIONS: FunctionTable = {
  ispresent: (call, x) => booleanValue(`(${x.arg(call, 0).sql} IS NOT NULL)`),
  coalesce: (call, x) => {
    const values = shared(call.args.map((_, i) => x.arg(call, i)));
    return { sql: `coalesce(${values.map((v) => v.sql).join(', ')})`, kind: values[0]!.kind };
  },
  if: (call, x) => {
    const [a, b] = shared([x.arg(call, 1), x.arg(call, 2)]);
    return { sql: `(CASE WHEN ${asBoolean(x.arg(call, 0))} THEN ${a!.sql} ELSE ${b!.sql} END)`, kind: a!.kind };
  },
  case: caseOf,
  isNumeric: (call, x) => booleanValue(`(${asNumber(x.arg(call, 0))} IS NOT NULL)`),
  messageSize: (call, x) => numberValue(`CAST(strlen(${x.text(call, 0)}) AS DOUBLE)`),
  queryStartTime: (_call, x) => windowMs(x, (w) => w.startMs),
  queryEndTime: (_call, x) => windowMs(x, (w) => w.endMs),
  queryTimeRange: (_call, x) => windowMs(x, (w) => w.endMs - w.startMs),
  jsonParse: (call, x) => ({ sql: parsed(x.arg(call, 0)), kind: 'json' }),
  jsonStringify: (call, x) => {
    const v = x.arg(call, 0);
    return { sql: v.kind === 'json' ? `CAST(json(${v.sql}) AS VARCHAR)` : `CAST(to_json(${v.sql}) AS VARCHAR)`, kind: 'string' };
  },
  jsonArraySize: (call, x) => {
    const j = parsed(x.arg(call, 0));
    return numberValue(`(CASE WHEN json_type(${j}) = 'ARRAY' THEN CAST(json_array_length(${j}) AS DOUBLE) END)`);
  },
  jsonArrayContains: (call, x) => {
    const j = parsed(x.arg(call, 0));
    return oneOrZero(`coalesce(json_type(${j}) = 'ARRAY' AND list_contains(json_extract_string(${j}, '$[*]'), ${x.text(call, 1)}), false)`);
  },
};
