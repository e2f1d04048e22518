/**
 * DuckDB macros that give Trino functions their Trino meaning. The SQL translation
 * (src/core/sql/trinoFunctions.ts) renames a call such as json_extract_scalar(...) to
 * awsfx_json_extract_scalar(...); the macro here defines it. Each body was checked against DuckDB
 * 1.5 (test/backends/local/trinoMacros.test.ts asserts the values). Macros are expanded when a query
 * is bound, so they cost nothing at run time beyond the expression they stand for; a statement
 * defines only the ones it calls (creating all of them takes longer than a small query).
 */
import { INTERNAL_MACROS, MACRO_FUNCTIONS, MACRO_PREFIX } from '../../core/sql';

/** One body per accepted argument count: parameter list → expression. */
type Overloads = Record<string, string>;

// JSON functions: Trino answers NULL for text that is not JSON where DuckDB raises an error, and
// json_extract_scalar is NULL for objects and arrays where DuckDB's json_extract_string gives their text.
const JSON_MACROS: Record<string, Overloads> = {
  json_extract_scalar: {
    'j, p': `CASE WHEN json_valid(j) THEN (CASE WHEN json_type(j, p) IN ('OBJECT', 'ARRAY', 'NULL') THEN NULL ELSE json_extract_string(j, p) END) END`,
  },
  json_extract: { 'j, p': 'CASE WHEN json_valid(j) THEN json_extract(j, p) END' },
  json_parse: { s: 'json(s)' },
  json_format: { j: 'CAST(json(j) AS VARCHAR)' },
  json_array_contains: {
    'j, v': `CASE WHEN json_valid(j) AND json_type(j) = 'ARRAY' THEN list_contains(CAST(json_extract(j, '$[*]') AS VARCHAR[]), CAST(to_json(v) AS VARCHAR)) END`,
  },
  json_array_length: { j: `CASE WHEN json_valid(j) AND json_type(j) = 'ARRAY' THEN json_array_length(j) END` },
  json_array_get: {
    'j, i': `CASE WHEN json_valid(j) AND json_type(j) = 'ARRAY' THEN json_extract(j, CASE WHEN i < 0 THEN '$[#' || CAST(i AS VARCHAR) || ']' ELSE '$[' || CAST(i AS VARCHAR) || ']' END) END`,
  },
  json_size: {
    'j, p': `CASE WHEN json_valid(j) AND json_type(j, p) IS NOT NULL THEN (CASE json_type(j, p) WHEN 'ARRAY' THEN json_array_length(j, p) WHEN 'OBJECT' THEN len(json_keys(j, p)) ELSE 0 END) END`,
  },
};

const TIME_MACROS: Record<string, Overloads> = {
  from_iso8601_timestamp: { s: 'CAST(s AS TIMESTAMPTZ)' },
  from_iso8601_date: { s: 'CAST(s AS DATE)' },
  from_unixtime: { x: 'to_timestamp(x)' },
  to_unixtime: { t: 'epoch(t)' },
  to_iso8601: { t: `strftime(CAST(t AS TIMESTAMPTZ), '%Y-%m-%dT%H:%M:%S.%gZ')` },
  // DuckDB's date_sub counts whole units elapsed, as Trino's date_diff does; DuckDB's date_diff
  // counts unit boundaries crossed instead.
  date_diff: { 'u, a, b': 'date_sub(u, a, b)' },
  date_add: {
    'u, n, t': `t + (CASE lower(u) WHEN 'millisecond' THEN to_milliseconds(n) WHEN 'second' THEN to_seconds(n) WHEN 'minute' THEN to_minutes(n) WHEN 'hour' THEN to_hours(n) WHEN 'day' THEN to_days(n) WHEN 'week' THEN to_weeks(n) WHEN 'month' THEN to_months(n) WHEN 'quarter' THEN to_months(3 * n) WHEN 'year' THEN to_years(n) ELSE error('date_add: unknown unit ' || u) END)`,
  },
  date: { x: 'CAST(x AS DATE)' },
  last_day_of_month: { x: 'last_day(x)' },
  // Trino's day_of_week is ISO (Monday 1 … Sunday 7), which is DuckDB's isodow, not its dayofweek.
  day_of_week: { x: 'isodow(x)' },
  dow: { x: 'isodow(x)' },
  day_of_year: { x: 'dayofyear(x)' },
  doy: { x: 'dayofyear(x)' },
  day_of_month: { x: 'day(x)' },
  week_of_year: { x: 'week(x)' },
  year_of_week: { x: 'isoyear(x)' },
  yow: { x: 'isoyear(x)' },
  current_timezone: { '': `current_setting('TimeZone')` },
};

const STRING_MACROS: Record<string, Overloads> = {
  regexp_like: { 's, p': 'regexp_matches(s, p)' },
  // Trino gives NULL when the pattern does not match; DuckDB gives ''.
  regexp_extract: {
    's, p': 'CASE WHEN regexp_matches(s, p) THEN regexp_extract(s, p) END',
    's, p, g': 'CASE WHEN regexp_matches(s, p) THEN regexp_extract(s, p, g) END',
  },
  // Trino replaces every match and refers to groups as $1; DuckDB replaces the first unless 'g' and uses \1.
  regexp_replace: {
    's, p': `regexp_replace(s, p, '', 'g')`,
    's, p, r': `regexp_replace(s, p, regexp_replace(r, '\\$(\\d)', '\\\\\\1', 'g'), 'g')`,
  },
  regexp_split: { 's, p': 'regexp_split_to_array(s, p)' },
  regexp_count: { 's, p': 'len(regexp_extract_all(s, p))' },
  // Trino gives NULL for a field index past the end; DuckDB gives ''.
  split_part: { 's, d, i': 'CASE WHEN i <= len(string_split(s, d)) THEN split_part(s, d, i) END' },
  codepoint: { c: 'unicode(c)' },
  levenshtein_distance: { 'a, b': 'levenshtein(a, b)' },
  hamming_distance: { 'a, b': 'hamming(a, b)' },
  to_utf8: { s: 'encode(s)' },
  from_utf8: { b: 'decode(b)' },
  truncate: { x: 'trunc(x)' },
  is_nan: { x: 'isnan(x)' },
  is_finite: { x: 'isfinite(x)' },
  is_infinite: { x: 'isinf(x)' },
  url_extract_host: { u: `nullif(regexp_extract(u, '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?(\\[[^\\]]*\\]|[^:/?#]*)', 1), '')` },
};

const COLLECTION_MACROS: Record<string, Overloads> = {
  array_join: {
    'a, d': 'array_to_string(a, d)',
    'a, d, n': 'array_to_string(list_transform(a, x -> coalesce(CAST(x AS VARCHAR), n)), d)',
  },
  array_position: { 'a, e': 'coalesce(list_position(a, e), 0)' },
  // Trino keeps the first occurrence of each element, in order.
  array_distinct: { a: 'list_filter(a, (x, i) -> list_position(a, x) = i)' },
  array_max: { a: 'list_max(a)' },
  array_min: { a: 'list_min(a)' },
  array_sort: { a: `list_sort(a, 'ASC', 'NULLS LAST')` },
  array_union: { 'a, b': 'list_filter(list_concat(a, b), (x, i) -> list_position(list_concat(a, b), x) = i)' },
  array_except: { 'a, b': 'list_filter(a, (x, i) -> list_position(a, x) = i AND NOT coalesce(list_contains(b, x), false))' },
  array_remove: { 'a, e': 'list_filter(a, x -> x IS DISTINCT FROM e)' },
  arrays_overlap: { 'a, b': 'list_has_any(a, b)' },
  slice: { 'a, s, n': 'CASE WHEN s > 0 THEN list_slice(a, s, s + n - 1) ELSE list_slice(a, len(a) + s + 1, len(a) + s + n) END' },
  // Trino's cardinality takes arrays and maps; DuckDB needs a different function for each, chosen
  // before the type is known, so the size is read from the value's JSON form.
  cardinality: {
    x: `CASE json_type(to_json(x)) WHEN 'ARRAY' THEN json_array_length(to_json(x)) WHEN 'OBJECT' THEN len(json_keys(to_json(x))) END`,
  },
  approx_distinct: { x: 'approx_count_distinct(x)', 'x, e': 'approx_count_distinct(x)' },
  approx_percentile: { 'x, p': 'approx_quantile(x, p)' },
  every: { x: 'bool_and(x)' },
};

// IPADDRESS: an address becomes a number that orders as Trino orders addresses (IPv4 as IPv4-mapped
// IPv6, ::ffff:a.b.c.d), so <, >, = and BETWEEN compare as Trino does. Text that is not an address is NULL.
const IPV4_PATTERN = `'[0-9]{1,3}(\\.[0-9]{1,3}){3}'`;
const IP_MACROS: Record<string, Overloads> = {
  _ipv6_key: {
    g: `CASE WHEN len(g) = 8 AND list_bool_and(list_transform(g, x -> regexp_full_match(x, '[0-9a-f]{1,4}'))) THEN CAST(CAST('0x' || array_to_string(list_transform(g[1:4], x -> lpad(x, 4, '0')), '') AS UBIGINT) AS UHUGEINT) * CAST(18446744073709551616 AS UHUGEINT) + CAST('0x' || array_to_string(list_transform(g[5:8], x -> lpad(x, 4, '0')), '') AS UBIGINT) END`,
  },
  _ipv6_groups: {
    s: `${MACRO_PREFIX}_ipv6_key(CASE WHEN len(string_split(s, '::')) = 1 THEN string_split(s, ':') WHEN len(string_split(s, '::')) = 2 THEN list_concat(list_concat(CASE WHEN string_split(s, '::')[1] = '' THEN []::VARCHAR[] ELSE string_split(string_split(s, '::')[1], ':') END, list_transform(range(8 - len(CASE WHEN string_split(s, '::')[1] = '' THEN []::VARCHAR[] ELSE string_split(string_split(s, '::')[1], ':') END) - len(CASE WHEN string_split(s, '::')[2] = '' THEN []::VARCHAR[] ELSE string_split(string_split(s, '::')[2], ':') END)), z -> '0')), CASE WHEN string_split(s, '::')[2] = '' THEN []::VARCHAR[] ELSE string_split(string_split(s, '::')[2], ':') END) END)`,
  },
  // A trailing dotted IPv4 part (::ffff:1.2.3.4) becomes two hex groups before '::' is expanded.
  _ipv6: {
    s: `${MACRO_PREFIX}_ipv6_groups(CASE WHEN regexp_matches(s, ':[0-9]{1,3}(\\.[0-9]{1,3}){3}$') THEN regexp_replace(s, '[0-9.]+$', '') || printf('%x:%x', CAST(split_part(regexp_extract(s, '[0-9.]+$'), '.', 1) AS INTEGER) * 256 + CAST(split_part(regexp_extract(s, '[0-9.]+$'), '.', 2) AS INTEGER), CAST(split_part(regexp_extract(s, '[0-9.]+$'), '.', 3) AS INTEGER) * 256 + CAST(split_part(regexp_extract(s, '[0-9.]+$'), '.', 4) AS INTEGER)) ELSE split_part(s, '%', 1) END)`,
  },
  _ipv4: {
    s: `CASE WHEN list_max(list_transform(string_split(s, '.'), o -> CAST(o AS INTEGER))) <= 255 THEN CAST(281470681743360 AS UHUGEINT) + list_reduce(list_transform(string_split(s, '.'), o -> CAST(o AS UHUGEINT)), (acc, o) -> acc * 256 + o) END`,
  },
  ipaddress: {
    s: `CASE WHEN regexp_full_match(trim(CAST(s AS VARCHAR)), ${IPV4_PATTERN}) THEN ${MACRO_PREFIX}_ipv4(trim(CAST(s AS VARCHAR))) WHEN contains(CAST(s AS VARCHAR), ':') THEN ${MACRO_PREFIX}_ipv6(lower(trim(CAST(s AS VARCHAR)))) END`,
  },
  _prefix_bits: {
    n: `CAST(split_part(n, '/', 2) AS INTEGER) + CASE WHEN contains(split_part(n, '/', 1), ':') THEN 0 ELSE 96 END`,
  },
  // contains('10.0.0.0/8', address): the address lies in the CIDR block.
  // 2^k for 0 <= k <= 127, in the address type (DuckDB has no shift for UHUGEINT).
  _pow2: {
    k: 'list_reduce(list_concat([CAST(1 AS UHUGEINT)], list_transform(range(k), x -> CAST(2 AS UHUGEINT))), (a, b) -> a * b)',
  },
  ip_in_network: {
    'n, a': `CASE WHEN ${MACRO_PREFIX}_prefix_bits(n) = 0 THEN a IS NOT NULL ELSE a // ${MACRO_PREFIX}_pow2(128 - ${MACRO_PREFIX}_prefix_bits(n)) = ${MACRO_PREFIX}ipaddress(split_part(n, '/', 1)) // ${MACRO_PREFIX}_pow2(128 - ${MACRO_PREFIX}_prefix_bits(n)) END`,
  },
};

const ALL: Record<string, Overloads> = { ...JSON_MACROS, ...TIME_MACROS, ...STRING_MACROS, ...COLLECTION_MACROS, ...IP_MACROS };

/** The names defined here, without the prefix (for the test that checks the translation's list). */
export function definedMacroNames(): string[] {
  return Object.keys(ALL);
}

const CALLS = new RegExp(`\\b${MACRO_PREFIX}([a-z0-9_]+)\\b`, 'g');

/** The macro names (without prefix) a text calls, that are defined here. */
function calledIn(text: string): string[] {
  return [...new Set([...text.matchAll(CALLS)].map((m) => m[1]!))].filter((name) => Object.hasOwn(ALL, name));
}

/**
 * CREATE TEMP MACRO statements for the macros `sql` calls and the macros those call, callees first
 * (DuckDB checks that a macro's functions exist when it is created). Temporary macros belong to one
 * connection, so each statement defines just what it uses and runs never share mutable state.
 */
export function macroStatementsFor(sql: string): string[] {
  const ordered: string[] = [];
  const visit = (name: string): void => {
    if (ordered.includes(name)) return;
    for (const callee of calledIn(Object.values(ALL[name]!).join(' '))) if (callee !== name) visit(callee);
    ordered.push(name);
  };
  for (const name of calledIn(sql)) visit(name);
  return ordered.map((name) => {
    const bodies = Object.entries(ALL[name]!).map(([params, body]) => `(${params}) AS ${body}`);
    return `CREATE OR REPLACE TEMP MACRO ${MACRO_PREFIX}${name}${bodies.join(', ')}`;
  });
}

/** Every macro, for checks that the list is complete and that each one is valid DuckDB. */
export function macroStatements(): string[] {
  for (const name of [...Object.keys(MACRO_FUNCTIONS), ...Object.keys(INTERNAL_MACROS)]) {
    if (!ALL[name]) throw new Error(`no DuckDB macro defined for ${name}`);
  }
  return macroStatementsFor(Object.keys(ALL).map((name) => MACRO_PREFIX + name).join(' '));
}
