/** IP address functions (A.4); the CIDR of the subnet tests is written in the query as a quoted literal. */
import type { CallExpression } from '../../ast';
import { quoteString } from '../../../sql';
import { queryError } from '../compileError';
import type { ExpressionCompiler } from '../expressions';
import { IPV4_PATTERN, IPV6_PATTERN, ipv4NumberSql, ipv6HexSql, parseCidr, PRIVATE_RANGES, RESERVED_RANGES, type Cidr } from '../ipAddresses';
import { booleanValue, numberValue } from '../sqlValue';
import type { FunctionCompiler, FunctionTable } from './functionCompiler';

const isV4 = (t: string) => `regexp_matches(${t}, ${quoteString(IPV4_PATTERN)})`;
const isV6 = (t: string) => `regexp_matches(${t}, ${quoteString(IPV6_PATTERN)})`;

function inRange(t: string, cidr: Cidr): string {
  // CASE, not AND: the number is only computed for text that is an address (a cast of other text fails).
  if (cidr.version === 4) return `(CASE WHEN ${isV4(t)} THEN ${ipv4NumberSql(t)} BETWEEN ${cidr.low} AND ${cidr.high} ELSE false END)`;
  return `(CASE WHEN ${isV6(t)} THEN ${ipv6HexSql(t)} BETWEEN '${cidr.low}' AND '${cidr.high}' ELSE false END)`;
}

function inAny(t: string, ranges: readonly string[]): string {
  return `(${ranges.map((r) => inRange(t, parseCidr(r)!)).join(' OR ')})`;
}

function subnet(version: 4 | 6 | undefined): FunctionCompiler {
  return (call: CallExpression, x: ExpressionCompiler) => {
    const text = x.literal(call, 1, 'the CIDR block (e.g. "192.0.2.0/24")');
    const cidr = parseCidr(text);
    if (!cidr || (version !== undefined && cidr.version !== version)) {
      const example = version === 6 ? '"2001:db8::/32"' : '"192.0.2.0/24"';
      throw queryError('query.syntax', `${text} is not an IPv${version ?? '4 or IPv6'} CIDR block; write one such as ${example}.`, call.args[1]!.range);
    }
    return booleanValue(`coalesce(${inRange(x.text(call, 0), cidr)}, false)`);
  };
}

const test = (sql: (t: string) => string): FunctionCompiler => (call, x) => booleanValue(`coalesce(${sql(x.text(call, 0))}, false)`);

export const IP_FUNCTIONS: FunctionTable = {
  isValidIp: test((t) => `(${isV4(t)} OR ${isV6(t)})`),
  isValidIpV4: test(isV4),
  isValidIpV6: test(isV6),
  isIpInSubnet: subnet(undefined),
  isIpv4InSubnet: subnet(4),
  isIpv6InSubnet: subnet(6),
  ipv4ToNumber: (call, x) => {
    const t = x.text(call, 0);
    return numberValue(`(CASE WHEN ${isV4(t)} THEN CAST(${ipv4NumberSql(t)} AS DOUBLE) END)`);
  },
  isPrivateIP: test((t) => inAny(t, PRIVATE_RANGES)),
  isReservedIP: test((t) => inAny(t, RESERVED_RANGES)),
  isPublicIP: test((t) => `((${isV4(t)} OR ${isV6(t)}) AND NOT ${inAny(t, PRIVATE_RANGES)} AND NOT ${inAny(t, RESERVED_RANGES)})`),
};
