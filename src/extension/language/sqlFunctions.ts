/**
 * The Trino functions an Athena SQL cell can call and the local engine runs (translated where DuckDB
 * differs, see docs/sql-dialect.md), each with its signature and a one-line doc of our own for
 * completion and hover. Every function the translation maps has an entry (an in-host test checks).
 */

export interface SqlFunction {
  name: string;
  /** `name(arg type, …) → type`, in Trino's type names. */
  signature: string;
  doc: string;
  /** A call that runs as written, shown under the doc. */
  example: string;
  aggregate?: boolean;
}

type Row = [signature: string, doc: string, example: string];

function define(rows: Row[], aggregate = false): SqlFunction[] {
  return rows.map(([signature, doc, example]) => ({ name: signature.slice(0, signature.indexOf('(')), signature, doc, example, ...(aggregate ? { aggregate } : {}) }));
}

const AGGREGATES = define(
  [
    ['count(x) → bigint', 'Rows where x is not NULL; count(*) counts every row.', 'count(*)'],
    ['count_if(condition) → bigint', 'Rows where the condition is true.', "count_if(errorcode IS NOT NULL)"],
    ['sum(x) → same as x', 'Sum of the values.', 'sum(1)'],
    ['avg(x) → double', 'Mean of the values.', 'avg(1)'],
    ['min(x) → same as x', 'Smallest value.', 'min(eventtime)'],
    ['max(x) → same as x', 'Largest value.', 'max(eventtime)'],
    ['min_by(x, y) → same as x', 'The x of the row with the smallest y: the first of something.', 'min_by(eventname, eventtime)'],
    ['max_by(x, y) → same as x', 'The x of the row with the largest y: the last of something.', 'max_by(eventname, eventtime)'],
    ['arbitrary(x) → same as x', 'Any one non-NULL value of the group.', 'arbitrary(eventname)'],
    ['array_agg(x) → array', 'The values of the group as an array; array_agg(DISTINCT x ORDER BY x) for a sorted set.', 'array_agg(eventname)'],
    ['approx_distinct(x) → bigint', 'Number of distinct values (estimated on Athena, exact locally).', 'approx_distinct(eventname)'],
    ['approx_percentile(x, p) → same as x', 'The value at percentile p (0–1) of the group.', 'approx_percentile(1, 0.5)'],
    ['bool_or(condition) → boolean', 'True when the condition holds for some row of the group.', "bool_or(errorcode IS NULL)"],
    ['bool_and(condition) → boolean', 'True when the condition holds for every row of the group.', "bool_and(errorcode IS NULL)"],
    ['every(condition) → boolean', 'Same as bool_and.', "every(errorcode IS NULL)"],
    ['stddev(x) → double', 'Sample standard deviation.', 'stddev(1)'],
  ],
  true,
);

const JSON_FUNCTIONS = define([
  ['json_extract_scalar(json, path) → varchar', 'The scalar at a JSONPath as text; NULL when the path reaches an object or array.', "json_extract_scalar('{\"a\":{\"b\":\"x\"}}', '$.a.b')"],
  ['json_extract(json, path) → json', 'The JSON value at a JSONPath.', "json_extract('{\"a\":[1,2]}', '$.a')"],
  ['json_parse(text) → json', 'Reads text as a JSON value.', "json_parse('[1,2]')"],
  ['json_format(json) → varchar', 'Writes a JSON value as text.', "json_format(json_parse('[1,2]'))"],
  ['json_array_contains(json, value) → boolean', 'True when the JSON array holds the value.', "json_array_contains('[1,2]', 2)"],
  ['json_array_length(json) → bigint', 'Number of elements of a JSON array.', "json_array_length('[1,2]')"],
  ['json_array_get(json, index) → json', 'The element at a 0-based index (negative counts from the end).', "json_array_get('[1,2]', 0)"],
  ['json_size(json, path) → bigint', 'Number of members or elements at a JSONPath.', "json_size('{\"a\":[1,2]}', '$.a')"],
]);

const TIME_FUNCTIONS = define([
  ['from_iso8601_timestamp(text) → timestamp(3) with time zone', 'Reads ISO-8601 text such as CloudTrail\'s eventtime.', "from_iso8601_timestamp('2024-05-13T08:00:00Z')"],
  ['from_iso8601_date(text) → date', 'Reads an ISO-8601 date.', "from_iso8601_date('2024-05-13')"],
  ['from_unixtime(seconds) → timestamp(3) with time zone', 'Epoch seconds to a timestamp (VPC flow start and end).', 'from_unixtime(1715587200)'],
  ['to_unixtime(timestamp) → double', 'A timestamp as epoch seconds.', "to_unixtime(from_iso8601_timestamp('2024-05-13T08:00:00Z'))"],
  ['to_iso8601(timestamp) → varchar', 'A timestamp as ISO-8601 text.', "to_iso8601(from_iso8601_timestamp('2024-05-13T08:00:00Z'))"],
  ['date_trunc(unit, timestamp) → timestamp', "Rounds down to 'minute', 'hour', 'day', 'week', 'month'…", "date_trunc('hour', from_iso8601_timestamp('2024-05-13T08:30:00Z'))"],
  ['date_add(unit, value, timestamp) → timestamp', 'Adds value units to a timestamp.', "date_add('day', 1, from_iso8601_timestamp('2024-05-13T08:00:00Z'))"],
  ['date_diff(unit, timestamp1, timestamp2) → bigint', 'Whole units from timestamp1 to timestamp2.', "date_diff('minute', from_iso8601_timestamp('2024-05-13T08:00:00Z'), from_iso8601_timestamp('2024-05-13T09:00:00Z'))"],
  ['date_format(timestamp, format) → varchar', 'Formats with MySQL-style %Y-%m-%d %H:%i:%s (the format must be a literal).', "date_format(from_iso8601_timestamp('2024-05-13T08:00:00Z'), '%Y-%m-%d %H:%i')"],
  ['date_parse(text, format) → timestamp', 'Reads text with a MySQL-style format (a literal).', "date_parse('2024-05-13 08:00', '%Y-%m-%d %H:%i')"],
  ['format_datetime(timestamp, format) → varchar', 'Formats with a Joda pattern such as yyyy-MM-dd (a literal).', "format_datetime(from_iso8601_timestamp('2024-05-13T08:00:00Z'), 'yyyy-MM-dd HH:mm')"],
  ['parse_datetime(text, format) → timestamp with time zone', 'Reads text with a Joda pattern (a literal).', "parse_datetime('2024-05-13 08:00', 'yyyy-MM-dd HH:mm')"],
  ['date(x) → date', 'The date of a timestamp, or reads ISO date text.', "date('2024-05-13')"],
  ['last_day_of_month(x) → date', 'The last day of the month.', "last_day_of_month(date('2024-05-13'))"],
  ['day_of_week(x) → bigint', 'ISO day of the week, 1 Monday to 7 Sunday (alias dow).', "day_of_week(date('2024-05-13'))"],
  ['dow(x) → bigint', 'ISO day of the week, 1 Monday to 7 Sunday.', "dow(date('2024-05-13'))"],
  ['day_of_year(x) → bigint', 'Day of the year, 1–366 (alias doy).', "day_of_year(date('2024-05-13'))"],
  ['doy(x) → bigint', 'Day of the year, 1–366.', "doy(date('2024-05-13'))"],
  ['day_of_month(x) → bigint', 'Day of the month.', "day_of_month(date('2024-05-13'))"],
  ['week_of_year(x) → bigint', 'ISO week of the year.', "week_of_year(date('2024-05-13'))"],
  ['year_of_week(x) → bigint', 'The year of the ISO week (alias yow).', "year_of_week(date('2024-05-13'))"],
  ['yow(x) → bigint', 'The year of the ISO week.', "yow(date('2024-05-13'))"],
  ['hour(timestamp) → bigint', 'Hour of the day, 0–23.', "hour(from_iso8601_timestamp('2024-05-13T08:00:00Z'))"],
  ['current_timezone() → varchar', 'The session time zone (UTC locally).', 'current_timezone()'],
]);

const TEXT_FUNCTIONS = define([
  ['regexp_like(text, pattern) → boolean', 'True when the regular expression matches anywhere in the text.', "regexp_like('CreateUser', '^Create')"],
  ['regexp_extract(text, pattern, group?) → varchar', 'The first match, or one of its groups.', "regexp_extract('user/alice', 'user/(.*)', 1)"],
  ['regexp_replace(text, pattern, replacement?) → varchar', 'Replaces every match ($1 refers to a group); removes matches without a replacement.', "regexp_replace('a1b2', '[0-9]')"],
  ['regexp_split(text, pattern) → array(varchar)', 'Splits at every match.', "regexp_split('a1b2c', '[0-9]')"],
  ['regexp_count(text, pattern) → bigint', 'Number of matches.', "regexp_count('a.b.c', '\\.')"],
  ['split_part(text, delimiter, index) → varchar', 'The index-th (1-based) part; empty past the end.', "split_part('a:b:c', ':', 2)"],
  ['split(text, delimiter) → array(varchar)', 'Splits at every delimiter.', "split('a.b.c', '.')"],
  ['strpos(text, search) → bigint', '1-based position of search, 0 when absent.', "strpos('abc', 'c')"],
  ['length(text) → bigint', 'Length in characters.', "length('abc')"],
  ['lower(text) → varchar', 'Lower case.', "lower('ABC')"],
  ['upper(text) → varchar', 'Upper case.', "upper('abc')"],
  ['substr(text, start, length?) → varchar', 'Part of the text from a 1-based start.', "substr('abcdef', 2, 3)"],
  ['trim(text) → varchar', 'Removes leading and trailing spaces.', "trim('  a ')"],
  ['reverse(text) → varchar', 'The characters in reverse order.', "reverse('abc')"],
  ['starts_with(text, prefix) → boolean', 'True when the text starts with the prefix.', "starts_with('abc', 'a')"],
  ['concat(value, …) → varchar', 'Joins its arguments; NULL when any is NULL (as in Trino).', "concat('a', 'b')"],
  ['replace(text, search, replacement?) → varchar', 'Replaces every occurrence; removes them without a replacement.', "replace('a-b', '-')"],
  ['format(pattern, value, …) → varchar', 'printf-style formatting.', "format('%s:%s', 'a', 'b')"],
  ['codepoint(char) → integer', 'The Unicode code point of a one-character string.', "codepoint('A')"],
  ['levenshtein_distance(a, b) → bigint', 'Edits between two strings: typosquatted names and look-alike users.', "levenshtein_distance('admin', 'admln')"],
  ['hamming_distance(a, b) → bigint', 'Positions that differ between two strings of the same length.', "hamming_distance('abc', 'abd')"],
  ['to_utf8(text) → varbinary', 'The UTF-8 bytes of the text.', "to_utf8('a')"],
  ['from_utf8(bytes) → varchar', 'Text from UTF-8 bytes.', "from_utf8(to_utf8('a'))"],
  ['url_extract_host(url) → varchar', 'The host part of a URL.', "url_extract_host('https://example.com/a')"],
]);

const ARRAY_FUNCTIONS = define([
  ['cardinality(array) → bigint', 'Number of elements of an array or map.', 'cardinality(ARRAY[1, 2])'],
  ['element_at(array_or_map, key) → element', 'The element at a 1-based index (negative from the end) or a map key; NULL when absent.', 'element_at(ARRAY[1, 2], 1)'],
  ['contains(array, value) → boolean', "True when the array holds the value; contains('10.0.0.0/8', CAST(ip AS IPADDRESS)) tests a CIDR block.", 'contains(ARRAY[1, 2], 2)'],
  ['array_join(array, delimiter, null_text?) → varchar', 'Joins the elements into text.', "array_join(ARRAY['a', 'b'], ',')"],
  ['array_position(array, value) → bigint', '1-based position of the value, 0 when absent.', 'array_position(ARRAY[1, 2], 2)'],
  ['array_distinct(array) → array', 'The array without repeats.', 'array_distinct(ARRAY[1, 1, 2])'],
  ['array_max(array) → element', 'Largest element.', 'array_max(ARRAY[1, 2])'],
  ['array_min(array) → element', 'Smallest element.', 'array_min(ARRAY[1, 2])'],
  ['array_sort(array) → array', 'Sorted ascending, NULLs last.', 'array_sort(ARRAY[2, 1])'],
  ['array_union(a, b) → array', 'Elements of either, without repeats.', 'array_union(ARRAY[1], ARRAY[2])'],
  ['array_except(a, b) → array', 'Elements of a not in b, without repeats.', 'array_except(ARRAY[1, 2], ARRAY[2])'],
  ['array_remove(array, value) → array', 'The array without that value.', 'array_remove(ARRAY[1, 2], 2)'],
  ['arrays_overlap(a, b) → boolean', 'True when the arrays share an element.', 'arrays_overlap(ARRAY[1, 2], ARRAY[2])'],
  ['slice(array, start, length) → array', 'length elements from a 1-based start.', 'slice(ARRAY[1, 2, 3], 2, 2)'],
  ['sequence(start, stop, step?) → array', 'The numbers from start to stop.', 'sequence(1, 3)'],
  ['transform(array, x -> expr) → array', 'Applies the lambda to every element.', 'transform(ARRAY[1, 2], x -> x * 2)'],
  ['filter(array, x -> condition) → array', 'The elements for which the lambda is true.', 'filter(ARRAY[1, 2], x -> x > 1)'],
  ['reduce(array, initial, (s, x) -> expr, s -> expr) → value', 'Folds the array into one value.', 'reduce(ARRAY[1, 2], 0, (s, x) -> s + x, s -> s)'],
  ['any_match(array, x -> condition) → boolean', 'True when some element matches.', 'any_match(ARRAY[1, 2], x -> x > 1)'],
  ['all_match(array, x -> condition) → boolean', 'True when every element matches.', 'all_match(ARRAY[1, 2], x -> x > 0)'],
  ['none_match(array, x -> condition) → boolean', 'True when no element matches.', 'none_match(ARRAY[1, 2], x -> x > 5)'],
]);

const GENERAL_FUNCTIONS = define([
  ['coalesce(value, …) → value', 'The first argument that is not NULL.', "coalesce(NULL, 'a')"],
  ['if(condition, value, else?) → value', 'value when the condition holds, else the third argument (or NULL).', "if(1 > 0, 'yes')"],
  ['nullif(a, b) → value', 'NULL when a equals b, else a.', 'nullif(1, 1)'],
  ['greatest(value, …) → value', 'The largest argument.', 'greatest(1, 2)'],
  ['least(value, …) → value', 'The smallest argument.', 'least(1, 2)'],
  ['abs(x) → same as x', 'Absolute value.', 'abs(-1)'],
  ['round(x, digits?) → same as x', 'Rounds half away from zero.', 'round(2.5)'],
  ['floor(x) → same as x', 'Rounds down.', 'floor(2.5)'],
  ['ceil(x) → same as x', 'Rounds up.', 'ceil(2.5)'],
  ['truncate(x) → double', 'Drops the fraction.', 'truncate(2.7)'],
  ['is_nan(x) → boolean', 'True for not-a-number.', 'is_nan(1.0)'],
  ['is_finite(x) → boolean', 'True for a finite number.', 'is_finite(1.0)'],
  ['is_infinite(x) → boolean', 'True for an infinite number.', 'is_infinite(1.0)'],
]);

export const SQL_FUNCTIONS: readonly SqlFunction[] = [...AGGREGATES, ...JSON_FUNCTIONS, ...TIME_FUNCTIONS, ...TEXT_FUNCTIONS, ...ARRAY_FUNCTIONS, ...GENERAL_FUNCTIONS];

const BY_NAME = new Map(SQL_FUNCTIONS.map((fn) => [fn.name, fn]));

export function findSqlFunction(name: string): SqlFunction | undefined {
  return BY_NAME.get(name.toLowerCase());
}
