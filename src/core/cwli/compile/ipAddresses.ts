/**
 * IP addresses in SQL without DuckDB's inet extension (extensions are not loaded, for offline use):
 * validation by RE2 patterns, IPv4 as a number, IPv6 as 32 lower-case hex digits (which compare in the
 * same order as the 128-bit numbers). CIDR blocks are written in the query, so their bounds are
 * computed here once and put in the SQL as constants.
 */
const OCTET = '(?:25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])';
const V4 = `(?:${OCTET}\\.){3}${OCTET}`;
const H = '[0-9A-Fa-f]{1,4}';

function headGroups(n: number): string {
  return n === 0 ? '' : `(?:${H}:){${n - 1}}${H}`;
}

/** Every IPv6 text form: eight groups, or fewer around one ::, optionally ending in dotted IPv4. */
function v6Pattern(): string {
  const forms = [`(?:${H}:){7}${H}`, `(?:${H}:){6}${V4}`];
  for (let head = 0; head <= 7; head++) {
    const room = 7 - head;
    forms.push(`${headGroups(head)}::${room > 0 ? `(?:${H}(?::${H}){0,${room - 1}})?` : ''}`);
  }
  for (let head = 0; head <= 5; head++) forms.push(`${headGroups(head)}::(?:${H}:){0,${5 - head}}${V4}`);
  return forms.join('|');
}

/** Leading zeros are read as decimal (the Stratus Red Team logs hold addresses like 075.050.255.67). */
export const IPV4_PATTERN = `^${V4}$`;
export const IPV6_PATTERN = `^(?:${v6Pattern()})$`;

/** SQL: the IPv4 address in `text` as a number (text already known to be IPv4). */
export function ipv4NumberSql(text: string): string {
  return `list_reduce(list_transform(string_split(${text}, '.'), lambda o: CAST(o AS BIGINT)), lambda a, b: a * 256 + b)`;
}

/** SQL: the IPv6 address in `text` as 32 hex digits (text already known to be IPv6). */
export function ipv6HexSql(text: string): string {
  const groups = (part: string) => `list_filter(string_split(${part}, ':'), lambda g: g <> '')`;
  const pad = (list: string) => `array_to_string(list_transform(${list}, lambda g: lpad(lower(g), 4, '0')), '')`;
  const head = groups(`split_part(y, '::', 1)`);
  const tail = groups(`split_part(y, '::', 2)`);
  const zeros = `list_transform(range(8 - len(${head}) - len(${tail})), lambda i: '0')`;
  const hex = `CASE WHEN contains(y, '::') THEN ${pad(`${head} || ${zeros} || ${tail}`)} ELSE ${pad(`string_split(y, ':')`)} END`;
  // A dotted IPv4 ending becomes the two groups it stands for.
  const octets = `string_split(regexp_extract(s, '[0-9.]+$'), '.')`;
  const o = (i: number) => `CAST(${octets}[${i}] AS BIGINT)`;
  const dotted = `CASE WHEN contains(s, '.') THEN regexp_replace(s, '[0-9.]+$', '') || printf('%x:%x', ${o(1)} * 256 + ${o(2)}, ${o(3)} * 256 + ${o(4)}) ELSE s END`;
  // list_transform over a one-element list binds a name to a value computed once.
  return `list_transform([list_transform([${text}], lambda s: ${dotted})[1]], lambda y: ${hex})[1]`;
}

export type Cidr = { version: 4; low: number; high: number } | { version: 6; low: string; high: string };

export function parseCidr(text: string): Cidr | undefined {
  const [address, bitsText, extra] = text.trim().split('/');
  if (address === undefined || extra !== undefined) return undefined;
  if (new RegExp(IPV4_PATTERN).test(address)) {
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    if (!Number.isInteger(bits) || bits < 0 || bits > 32 || !/^\d+$/.test(bitsText ?? '32')) return undefined;
    const value = address.split('.').reduce((n, o) => n * 256 + Number(o), 0);
    const size = 2 ** (32 - bits);
    const low = Math.floor(value / size) * size;
    return { version: 4, low, high: low + size - 1 };
  }
  if (new RegExp(IPV6_PATTERN).test(address)) {
    const bits = bitsText === undefined ? 128 : Number(bitsText);
    if (!Number.isInteger(bits) || bits < 0 || bits > 128 || !/^\d+$/.test(bitsText ?? '128')) return undefined;
    const value = BigInt(`0x${ipv6Hex(address)}`);
    const size = 1n << BigInt(128 - bits);
    const low = (value / size) * size;
    const hex = (n: bigint) => n.toString(16).padStart(32, '0');
    return { version: 6, low: hex(low), high: hex(low + size - 1n) };
  }
  return undefined;
}

/** The same expansion as ipv6HexSql, for addresses written in the query. */
export function ipv6Hex(address: string): string {
  let text = address.toLowerCase();
  const v4 = /([0-9.]+)$/.exec(text);
  if (text.includes('.') && v4) {
    const o = v4[1]!.split('.').map(Number);
    text = text.slice(0, v4.index) + `${(o[0]! * 256 + o[1]!).toString(16)}:${(o[2]! * 256 + o[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':').filter((g) => g !== '') : []);
  const all = tail === undefined ? groups(head) : [...groups(head), ...Array<string>(8 - groups(head).length - groups(tail).length).fill('0'), ...groups(tail)];
  return all.map((g) => g.padStart(4, '0')).join('');
}

/** Private (RFC 1918, and unique-local IPv6) and reserved ranges, for isPrivateIP / isReservedIP. */
export const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'];
export const RESERVED_RANGES = [
  '0.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '100.64.0.0/10', '192.0.0.0/24', '192.0.2.0/24', '198.18.0.0/15',
  '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
  '::/128', '::1/128', 'fe80::/10', 'ff00::/8', '2001:db8::/32', '100::/64',
];
