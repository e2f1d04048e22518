/**
 * How each Trino function that DuckDB lacks, or defines differently, is written for DuckDB.
 *
 * Most become a call to a DuckDB macro named `awsfx_<trino name>` that the local backend defines with
 * Trino's semantics (see src/backends/local/trinoMacros.ts). The rest are rewritten in place, because
 * DuckDB macros cannot take lambdas, vary by argument type, or need a format known at translation.
 */
import { DateFormatError, jodaToStrftime, mysqlToStrftime, type FormatDirection } from './dateFormats';
import { quoteString, type Token } from './tokenizer';

/** A piece of translated SQL and the offset in the original script it came from. */
export interface Piece {
  text: string;
  src: number;
}

export interface FunctionCall {
  /** The lowercase Trino name. */
  name: string;
  nameToken: Token;
  /** Each argument already translated. */
  args: Piece[][];
  /** Each argument's significant tokens as written, for inspecting literals. */
  argTokens: Token[][];
}

export class TranslationError extends Error {
  override readonly name = 'TranslationError';
  constructor(
    message: string,
    readonly token: Token | undefined,
    /** Whether the text is wrong ('syntax') or right but beyond the local engine ('unsupported'). */
    readonly problem: 'syntax' | 'unsupported' = 'unsupported',
  ) {
    super(message);
  }
}

export const MACRO_PREFIX = 'awsfx_';

/**
 * Trino functions backed by a same-named `awsfx_` macro, with the argument counts the macro accepts.
 * The backend must define exactly these (a test checks).
 */
export const MACRO_FUNCTIONS: Readonly<Record<string, readonly number[]>> = {
  json_extract_scalar: [2],
  json_extract: [2],
  json_parse: [1],
  json_format: [1],
  json_array_contains: [2],
  json_array_length: [1],
  json_array_get: [2],
  json_size: [2],
  from_iso8601_timestamp: [1],
  from_iso8601_date: [1],
  from_unixtime: [1],
  to_unixtime: [1],
  to_iso8601: [1],
  date_diff: [3],
  date_add: [3],
  date: [1],
  last_day_of_month: [1],
  day_of_week: [1],
  dow: [1],
  day_of_year: [1],
  doy: [1],
  day_of_month: [1],
  week_of_year: [1],
  year_of_week: [1],
  yow: [1],
  current_timezone: [0],
  regexp_like: [2],
  regexp_extract: [2, 3],
  regexp_replace: [2, 3],
  regexp_split: [2],
  regexp_count: [2],
  split_part: [3],
  codepoint: [1],
  levenshtein_distance: [2],
  hamming_distance: [2],
  to_utf8: [1],
  from_utf8: [1],
  truncate: [1],
  is_nan: [1],
  is_finite: [1],
  is_infinite: [1],
  url_extract_host: [1],
  array_join: [2, 3],
  array_position: [2],
  array_distinct: [1],
  array_max: [1],
  array_min: [1],
  array_sort: [1],
  array_union: [2],
  array_except: [2],
  array_remove: [2],
  arrays_overlap: [2],
  slice: [3],
  cardinality: [1],
  approx_distinct: [1, 2],
  approx_percentile: [2],
  every: [1],
};

/** Macros the translation calls for syntax rather than for a same-named function: IPADDRESS casts and literals, contains(cidr, ip). */
export const INTERNAL_MACROS: Readonly<Record<string, readonly number[]>> = {
  ipaddress: [1],
  ip_in_network: [2],
};

/** Functions renamed to a DuckDB built-in that takes the same arguments (lambdas cannot pass through macros). */
const RENAMED: Readonly<Record<string, string>> = {
  transform: 'list_transform',
  filter: 'list_filter',
  format: 'printf',
  sequence: 'generate_series',
};

/** Translates one call, or returns undefined to leave it as written. */
export function translateCall(call: FunctionCall): Piece[] | undefined {
  const { name, nameToken } = call;
  // Templates place arguments themselves, so the spacing written around them is dropped.
  const args = call.args.map(trimmed);
  const at = nameToken.start;
  const renamedTo = RENAMED[name];
  if (renamedTo) return callOf(renamedTo, args, at);
  switch (name) {
    case 'date_add':
      // DuckDB's own date_add(ts, interval) has two arguments; only Trino's three-argument form is ours.
      return args.length === 3 ? callOf(MACRO_PREFIX + name, args, at) : undefined;
    case 'contains':
      return translateContains(call, args);
    case 'concat':
      // Trino's concat is NULL when any argument is; DuckDB's concat skips NULLs but || does not.
      return wrap(joinArgs(args, ' || ', at), at);
    case 'replace':
      return args.length === 2 ? callOf('replace', [...args, [{ text: "''", src: at }]], at) : undefined;
    case 'element_at':
      // Subscripts index lists (1-based, negative from the end) and maps alike, NULL when absent.
      return args.length === 2 ? [{ text: '(', src: at }, ...args[0]!, { text: ')[', src: at }, ...args[1]!, { text: ']', src: at }] : undefined;
    case 'if':
      return args.length === 2 ? callOf('if', [...args, [{ text: 'NULL', src: at }]], at) : undefined;
    case 'any_match':
    case 'all_match':
    case 'none_match':
      return args.length === 2 ? translateMatch(name, args, at) : undefined;
    case 'reduce':
      return args.length === 4 ? translateReduce(args, at) : undefined;
    case 'date_format':
      return translateFormat(call, 'strftime', mysqlToStrftime, 'format');
    case 'date_parse':
      return translateFormat(call, 'strptime', mysqlToStrftime, 'parse');
    case 'format_datetime':
      return translateFormat(call, 'strftime', jodaToStrftime, 'format');
    case 'parse_datetime': {
      const parsed = translateFormat(call, 'strptime', jodaToStrftime, 'parse');
      // Trino's parse_datetime returns a timestamp with time zone.
      return parsed && [{ text: 'CAST(', src: at }, ...parsed, { text: ' AS TIMESTAMPTZ)', src: at }];
    }
  }
  if (Object.hasOwn(MACRO_FUNCTIONS, name)) return callOf(MACRO_PREFIX + name, args, at);
  return undefined;
}

/** The pieces without the spacing at either end. */
export function trimmed(pieces: Piece[]): Piece[] {
  let start = 0;
  let end = pieces.length;
  while (start < end && pieces[start]!.text.trim() === '') start += 1;
  // The line break after a -- comment ends the comment, so it stays.
  while (end > start && pieces[end - 1]!.text.trim() === '' && !pieces[end - 2]?.text.startsWith('--')) end -= 1;
  return pieces.slice(start, end);
}

export function callOf(name: string, args: Piece[][], src: number): Piece[] {
  return [{ text: `${name}(`, src }, ...joinArgs(args, ', ', src), { text: ')', src }];
}

function joinArgs(args: Piece[][], separator: string, src: number): Piece[] {
  const out: Piece[] = [];
  args.forEach((arg, index) => {
    if (index > 0) out.push({ text: separator, src });
    out.push(...arg);
  });
  return out;
}

function wrap(pieces: Piece[], src: number): Piece[] {
  return [{ text: '(', src }, ...pieces, { text: ')', src }];
}

/** Trino's contains(network, address) tests an IP address against a CIDR block; otherwise contains is DuckDB's. */
function translateContains(call: FunctionCall, args: Piece[][]): Piece[] | undefined {
  const first = call.argTokens[0];
  const isCidrLiteral = first?.length === 1 && first[0]!.kind === 'string' && (first[0]!.value ?? '').includes('/');
  if (args.length === 2 && isCidrLiteral) return callOf(`${MACRO_PREFIX}ip_in_network`, args, call.nameToken.start);
  return undefined;
}

function translateMatch(name: string, args: Piece[][], at: number): Piece[] {
  const filtered = [{ text: 'len(list_filter(', src: at }, ...args[0]!, { text: ', ', src: at }, ...args[1]!, { text: '))', src: at }];
  if (name === 'any_match') return wrap([...filtered, { text: ' > 0', src: at }], at);
  if (name === 'none_match') return wrap([...filtered, { text: ' = 0', src: at }], at);
  return wrap([...filtered, { text: ' = len(', src: at }, ...args[0]!, { text: ')', src: at }], at);
}

/** reduce(array, initial, (s, x) -> ..., s -> ...): DuckDB's list_reduce, then the output function. */
function translateReduce(args: Piece[][], at: number): Piece[] {
  const [array, initial, step, output] = args as [Piece[], Piece[], Piece[], Piece[]];
  return [
    { text: 'list_transform([list_reduce(', src: at }, ...array, { text: ', ', src: at }, ...step, { text: ', ', src: at }, ...initial,
    { text: ')], ', src: at }, ...output, { text: ')[1]', src: at },
  ];
}

function translateFormat(
  call: FunctionCall,
  duckName: string,
  convert: (format: string, direction: FormatDirection) => string,
  direction: FormatDirection,
): Piece[] | undefined {
  if (call.args.length !== 2) return undefined;
  const formatTokens = call.argTokens[1]!;
  const literal = formatTokens.length === 1 && formatTokens[0]!.kind === 'string' ? formatTokens[0]! : undefined;
  if (!literal) {
    throw new TranslationError(`${call.name} needs its format as a string literal to run locally (the format is translated to DuckDB's before the query runs)`, formatTokens[0] ?? call.nameToken);
  }
  let converted: string;
  try {
    converted = convert(literal.value ?? '', direction);
  } catch (error) {
    if (error instanceof DateFormatError) throw new TranslationError(`${call.name}: ${error.message}`, literal);
    throw error;
  }
  return callOf(duckName, [trimmed(call.args[0]!), [{ text: quoteString(converted), src: literal.start }]], call.nameToken.start);
}

/** Maps names in an engine message back to what the user wrote: `awsfx_json_extract_scalar` → `json_extract_scalar`. */
export function untranslateNames(message: string): string {
  const reverse: Record<string, string> = Object.fromEntries(Object.entries(RENAMED).map(([trino, duck]) => [duck, trino]));
  return message
    .replace(new RegExp(`\\b${MACRO_PREFIX}([a-z0-9_]+)`, 'g'), (_, name: string) => (name === 'ip_in_network' ? 'contains' : name === 'ipaddress' ? 'CAST AS IPADDRESS' : name))
    .replace(/\b(list_transform|list_filter|printf|generate_series)\b/g, (name) => reverse[name] ?? name);
}
