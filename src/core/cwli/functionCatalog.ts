/**
 * Every Logs Insights function: signature, one-line doc, and whether the local engine can compute it.
 * Signatures are written in a small notation, `name(param: type, optional?: type, ...rest: type): type`,
 * so each entry is one readable line; the notation is read once at load time.
 */
export type ValueType = 'any' | 'string' | 'number' | 'boolean' | 'timestamp' | 'period' | 'map' | 'list' | 'structure';

export type FunctionCategory = 'numeric' | 'datetime' | 'general' | 'json' | 'ip' | 'string' | 'hash' | 'aggregate' | 'timeseries';

export interface FunctionParam {
  name: string;
  type: ValueType;
  optional: boolean;
  variadic: boolean;
}

export interface InsightsFunction {
  /** Canonical spelling; lookups ignore case. */
  name: string;
  aliases: readonly string[];
  category: FunctionCategory;
  /** As shown in hover and completion, e.g. `substr(text: string, start: number, length?: number): string`. */
  signature: string;
  params: readonly FunctionParam[];
  minArgs: number;
  /** Infinity for variadic functions without a documented cap. */
  maxArgs: number;
  returns: ValueType;
  doc: string;
  /** Only valid inside stats (aggregations, earliest/latest, time-series functions). */
  aggregate: boolean;
  /** The local engine can evaluate it; false means "not available on local evidence". */
  offline: boolean;
  /** Commands it may appear in, when restricted. */
  onlyIn?: readonly ('fields' | 'display')[];
}

interface Extra {
  aliases?: string[];
  maxArgs?: number;
  offline?: boolean;
  onlyIn?: ('fields' | 'display')[];
}

const SIGNATURE = /^(\w+)\((.*)\): (\w+)$/;
const PARAM = /^(\.\.\.)?(\w+)(\?)?: (\w+)$/;

function define(category: FunctionCategory, signature: string, doc: string, extra: Extra = {}): InsightsFunction {
  const match = SIGNATURE.exec(signature);
  if (!match) throw new Error(`bad catalog signature: ${signature}`);
  const params: FunctionParam[] = match[2] === ''
    ? []
    : match[2]!.split(', ').map((text) => {
        const p = PARAM.exec(text);
        if (!p) throw new Error(`bad catalog parameter: ${text} in ${signature}`);
        return { name: p[2]!, type: p[4] as ValueType, optional: p[3] === '?', variadic: p[1] === '...' };
      });
  const variadic = params.some((p) => p.variadic);
  const aggregate = category === 'aggregate' || category === 'timeseries';
  return {
    name: match[1]!,
    aliases: extra.aliases ?? [],
    category,
    signature,
    params,
    minArgs: params.filter((p) => !p.optional && !p.variadic).length,
    maxArgs: extra.maxArgs ?? (variadic ? Infinity : params.length),
    returns: match[3] as ValueType,
    doc,
    aggregate,
    offline: extra.offline ?? category !== 'timeseries',
    ...(extra.onlyIn ? { onlyIn: extra.onlyIn } : {}),
  };
}

export const INSIGHTS_FUNCTIONS: readonly InsightsFunction[] = [
  // numeric
  define('numeric', 'abs(value: number): number', 'Absolute value.'),
  define('numeric', 'ceil(value: number): number', 'Rounds up to the next whole number.'),
  define('numeric', 'floor(value: number): number', 'Rounds down to the previous whole number.'),
  define('numeric', 'greatest(value: number, ...more: number): number', 'The largest of its arguments.'),
  define('numeric', 'least(value: number, ...more: number): number', 'The smallest of its arguments.'),
  define('numeric', 'log(value: number): number', 'Natural logarithm.'),
  define('numeric', 'sqrt(value: number): number', 'Square root.'),
  define('numeric', 'round(value: number, digits?: number): number', 'Rounds to a whole number, or to `digits` decimal places.'),
  define('numeric', 'haversine(lat1: number, lon1: number, lat2: number, lon2: number): number', 'Great-circle distance between two points, in kilometres.'),
  define('numeric', 'toNumber(value: any): number', 'Converts a value to a number.'),
  define('numeric', 'toInt(value: any): number', 'Converts a value to a 32-bit integer.'),
  define('numeric', 'toLong(value: any): number', 'Converts a value to a 64-bit integer.'),
  define('numeric', 'toDouble(value: any): number', 'Converts a value to a floating-point number.'),
  // datetime
  define('datetime', 'bin(period: period): timestamp', 'Rounds @timestamp down to the start of its bucket, e.g. bin(5m); the usual stats grouping key.'),
  define('datetime', 'datefloor(time: timestamp, period: period): timestamp', 'Rounds a timestamp down to a multiple of the period.'),
  define('datetime', 'dateceil(time: timestamp, period: period): timestamp', 'Rounds a timestamp up to a multiple of the period.'),
  define('datetime', 'fromMillis(epochMillis: number): timestamp', 'Turns epoch milliseconds into a timestamp.'),
  define('datetime', 'toMillis(time: timestamp): number', 'Turns a timestamp into epoch milliseconds.'),
  define('datetime', 'now(): number', 'When query processing started, in epoch SECONDS (multiply by 1000 to compare with toMillis).'),
  define('datetime', 'parseDate(text: string, pattern: string, timeZone?: string): number', 'Reads a date with a Java DateTimeFormatter pattern; returns epoch milliseconds.'),
  define('datetime', 'formatDate(time: timestamp, format: string, timeZone?: string): string', 'Formats a timestamp with a strftime-style format.', { aliases: ['strftime'] }),
  // general
  define('general', 'ispresent(field: any): boolean', 'True when the field exists in the event.'),
  define('general', 'coalesce(value: any, ...more: any): any', 'The first argument that is not null.'),
  define('general', 'case(condition: boolean, value: any, ...more: any): any', 'case(c1, v1, c2, v2, …, default): the value of the first true condition (up to 10 pairs).', { maxArgs: 21 }),
  define('general', 'if(condition: boolean, whenTrue: any, whenFalse: any): any', 'One of two values depending on a condition.'),
  define('general', 'isNumeric(value: any): boolean', 'True when the value reads as a number.'),
  define('general', 'messageSize(field: any): number', 'Size of the value in bytes.'),
  define('general', 'queryStartTime(): number', 'Start of the query time range, epoch milliseconds.'),
  define('general', 'queryEndTime(): number', 'End of the query time range, epoch milliseconds.'),
  define('general', 'queryTimeRange(): number', 'Length of the query time range, milliseconds.'),
  define('general', 'unmask(field: string): string', 'Shows data masked by a data protection policy; needs logs:Unmask. Only in fields and display.', { offline: false, onlyIn: ['fields', 'display'] }),
  // JSON and structures
  define('json', 'jsonParse(text: string): structure', 'Parses a JSON object or array into a map or list; reach into it with .key and [index].'),
  define('json', 'jsonStringify(value: structure): string', 'Writes a map or list back as JSON text.'),
  define('json', 'jsonArraySize(array: any): number', 'Number of elements in a JSON array.'),
  define('json', 'jsonArrayContains(array: any, value: any): number', '1 when the JSON array holds the value (case-sensitive), else 0.'),
  // IP addresses
  define('ip', 'isValidIp(text: string): boolean', 'True for a valid IPv4 or IPv6 address.'),
  define('ip', 'isValidIpV4(text: string): boolean', 'True for a valid IPv4 address.'),
  define('ip', 'isValidIpV6(text: string): boolean', 'True for a valid IPv6 address.'),
  define('ip', 'isIpInSubnet(ip: string, cidr: string): boolean', 'True when the address is in the CIDR block (IPv4 or IPv6).'),
  define('ip', 'isIpv4InSubnet(ip: string, cidr: string): boolean', 'True when the IPv4 address is in the CIDR block, e.g. "192.0.2.0/24".'),
  define('ip', 'isIpv6InSubnet(ip: string, cidr: string): boolean', 'True when the IPv6 address is in the CIDR block, e.g. "2001:db8::/32".'),
  define('ip', 'ipv4ToNumber(ip: string): number', 'The IPv4 address as a 32-bit number.'),
  define('ip', 'isPrivateIP(ip: string): boolean', 'True for an RFC 1918 private address.'),
  define('ip', 'isPublicIP(ip: string): boolean', 'True for a publicly routable address.'),
  define('ip', 'isReservedIP(ip: string): boolean', 'True for a reserved address range.'),
  // strings
  define('string', 'isempty(field: any): number', '1 when the field is missing or "", else 0.'),
  define('string', 'isblank(field: any): number', '1 when the field is missing, "" or only whitespace, else 0.'),
  define('string', 'concat(value: any, ...more: any): string', 'Joins its arguments into one string.'),
  define('string', 'ltrim(text: string, chars?: string): string', 'Removes leading whitespace, or leading characters from the set `chars` (then whitespace stays).'),
  define('string', 'rtrim(text: string, chars?: string): string', 'Removes trailing whitespace, or trailing characters from the set `chars`.'),
  define('string', 'trim(text: string, chars?: string): string', 'Removes whitespace, or characters from the set `chars`, at both ends.'),
  define('string', 'strlen(text: string): number', 'Length in Unicode code points.'),
  define('string', 'toupper(text: string): string', 'Upper-cases the text.'),
  define('string', 'tolower(text: string): string', 'Lower-cases the text.'),
  define('string', 'substr(text: string, start: number, length?: number): string', 'Part of the text from a 0-based start, optionally of a given length.'),
  define('string', 'replace(text: string, search: string, replacement: string): string', 'Replaces every occurrence of `search`.'),
  define('string', 'regexReplace(text: string, pattern: any, replacement: string): string', 'Replaces matches of an RE2 regular expression.'),
  define('string', 'strcontains(text: string, search: string, caseInsensitive?: any): number', '1 when the text contains `search`, else 0.'),
  define('string', 'startsWith(text: string, prefix: string, caseInsensitive?: any): number', '1 when the text starts with the prefix, else 0.'),
  define('string', 'endsWith(text: string, suffix: string, caseInsensitive?: any): number', '1 when the text ends with the suffix, else 0.'),
  define('string', 'urlencode(text: string): string', 'Percent-encodes the text for a URL.'),
  define('string', 'urldecode(text: string): string', 'Decodes percent-encoding.'),
  define('string', 'base64encode(text: string): string', 'Base64-encodes the text.'),
  define('string', 'base64decode(text: string): string', 'Decodes Base64 text.'),
  define('string', 'split(text: string, delimiter: string): list', 'Splits the text at each delimiter into a list.'),
  define('string', 'hexToAscii(text: string): string', 'Decodes hexadecimal digits into text.'),
  define('string', 'hexToDec(text: string): number', 'Reads hexadecimal digits as a number.'),
  define('string', 'decToHex(value: number): string', 'Writes a number as lower-case hexadecimal with a 0x prefix.'),
  // hashing
  define('hash', 'md5(text: string): string', 'MD5 hash of the text, hexadecimal.'),
  define('hash', 'sha256(text: string): string', 'SHA-256 hash of the text, hexadecimal.'),
  // stats: aggregations and the value-of-an-event functions
  define('aggregate', 'avg(value: number): number', 'Mean of the values.'),
  define('aggregate', 'sum(value: number): number', 'Sum of the values.'),
  define('aggregate', 'stddev(value: number): number', 'Standard deviation of the values.'),
  define('aggregate', 'count(field?: any): number', 'count() and count(*) count rows; count(field) counts rows where the field is present.'),
  define('aggregate', 'count_distinct(field: any): number', 'Number of distinct values (approximate at high cardinality).'),
  define('aggregate', 'max(value: any): any', 'Largest value.'),
  define('aggregate', 'min(value: any): any', 'Smallest value.'),
  define('aggregate', 'pct(value: number, percentile: number): number', 'The value below which the given percentage of values fall, e.g. pct(@duration, 95).'),
  define('aggregate', 'earliest(field: any): any', 'The value from the event with the earliest @timestamp.'),
  define('aggregate', 'latest(field: any): any', 'The value from the event with the latest @timestamp.'),
  define('aggregate', 'sortsFirst(field: any): any', 'The value that sorts first.'),
  define('aggregate', 'sortsLast(field: any): any', 'The value that sorts last.'),
  // stats: time-series functions (service only)
  define('timeseries', 'rate(value: number, interval: period): number', 'Per-interval rate of change of a numeric field.'),
  define('timeseries', 'count_over_time(field: any): number', 'Events per time bin; use with by bin(…).', { aliases: ['countOverTime'] }),
  define('timeseries', 'sum_over_time(value: number): number', 'Sum per time bin; use with by bin(…).', { aliases: ['sumOverTime'] }),
  define('timeseries', 'histogram(value: number, buckets: number): map', 'Distribution of the values over equal-width buckets.'),
];
