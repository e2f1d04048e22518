/**
 * String functions (A.4). isempty, isblank, strcontains, startsWith and endsWith answer 1 or 0; trim and
 * friends take a SET of characters as the second argument (and then leave whitespace alone); substr is
 * 0-based; decToHex writes lower case with 0x. Decoders give no value for input they cannot decode.
 */
import type { CallExpression } from '../../ast';
import { quoteString } from '../../../sql';
import type { ExpressionCompiler } from '../expressions';
import { checkRe2 } from '../regexSupport';
import { asBoolean, asNumber, numberValue, oneOrZero, stringValue } from '../sqlValue';
import type { FunctionCompiler, FunctionTable } from './functionCompiler';

const text = (sql: (t: string) => string): FunctionCompiler => (call, x) => stringValue(sql(x.text(call, 0)));

function trim(side: 'both' | 'left' | 'right'): FunctionCompiler {
  const whitespace = { both: '^\\s+|\\s+$', left: '^\\s+', right: '\\s+$' }[side];
  const fn = { both: 'trim', left: 'ltrim', right: 'rtrim' }[side];
  return (call, x) => {
    const t = x.text(call, 0);
    return stringValue(call.args.length > 1 ? `${fn}(${t}, ${x.text(call, 1)})` : `regexp_replace(${t}, '${whitespace}', '', 'g')`);
  };
}

/** strcontains, startsWith, endsWith: 1/0, case-insensitive when the optional third argument is true. */
function containment(test: (a: string, b: string) => string): FunctionCompiler {
  return (call, x) => {
    const a = x.text(call, 0);
    const b = x.text(call, 1);
    if (call.args.length < 3) return oneOrZero(`coalesce(${test(a, b)}, false)`);
    const insensitive = asBoolean(x.arg(call, 2));
    return oneOrZero(`coalesce(CASE WHEN ${insensitive} THEN ${test(`lower(${a})`, `lower(${b})`)} ELSE ${test(a, b)} END, false)`);
  };
}

/** The pattern argument of regexReplace: a regex literal or text, checked for RE2 when written in the query. */
function pattern(call: CallExpression, x: ExpressionCompiler): string {
  const arg = call.args[1];
  if (arg?.kind === 'regex') {
    checkRe2(arg.pattern, arg.range);
    return quoteString(arg.pattern);
  }
  if (arg?.kind === 'string') checkRe2(arg.value, arg.range);
  return x.text(call, 1);
}

export const STRING_FUNCTIONS: FunctionTable = {
  isempty: (call, x) => oneOrZero(`coalesce(${x.text(call, 0)} = '', true)`),
  isblank: (call, x) => oneOrZero(`coalesce(regexp_full_match(${x.text(call, 0)}, '\\s*'), true)`),
  concat: (call, x) => stringValue(`concat(${call.args.map((_, i) => x.text(call, i)).join(', ')})`),
  trim: trim('both'),
  ltrim: trim('left'),
  rtrim: trim('right'),
  strlen: (call, x) => numberValue(`CAST(length(${x.text(call, 0)}) AS DOUBLE)`),
  toupper: text((t) => `upper(${t})`),
  tolower: text((t) => `lower(${t})`),
  substr: (call, x) => {
    // 0-based start; a negative start counts as 0 rather than from the end.
    const start = `CAST(greatest(floor(${x.number(call, 1)}), 0) AS BIGINT) + 1`;
    const t = x.text(call, 0);
    return stringValue(call.args.length > 2 ? `substring(${t}, ${start}, CAST(greatest(floor(${x.number(call, 2)}), 0) AS BIGINT))` : `substring(${t}, ${start})`);
  },
  replace: (call, x) => stringValue(`replace(${x.text(call, 0)}, ${x.text(call, 1)}, ${x.text(call, 2)})`),
  regexReplace: (call, x) => stringValue(`regexp_replace(${x.text(call, 0)}, ${pattern(call, x)}, ${x.text(call, 2)}, 'g')`),
  strcontains: containment((a, b) => `contains(${a}, ${b})`),
  startsWith: containment((a, b) => `starts_with(${a}, ${b})`),
  endsWith: containment((a, b) => `ends_with(${a}, ${b})`),
  urlencode: text((t) => `url_encode(${t})`),
  urldecode: text((t) => `TRY(url_decode(${t}))`),
  base64encode: text((t) => `to_base64(encode(${t}))`),
  base64decode: text((t) => `TRY(decode(from_base64(${t})))`),
  split: (call, x) => ({ sql: `to_json(string_split(${x.text(call, 0)}, ${x.text(call, 1)}))`, kind: 'json' }),
  hexToAscii: text((t) => `TRY(decode(unhex(regexp_replace(${t}, '^0[xX]', ''))))`),
  hexToDec: (call, x) => numberValue(`CAST(TRY_CAST('0x' || regexp_replace(${x.text(call, 0)}, '^0[xX]', '') AS BIGINT) AS DOUBLE)`),
  decToHex: (call, x) => stringValue(`('0x' || lower(hex(TRY_CAST(trunc(${asNumber(x.arg(call, 0))}) AS BIGINT))))`),
  md5: text((t) => `md5(${t})`),
  sha256: text((t) => `sha256(${t})`),
};
