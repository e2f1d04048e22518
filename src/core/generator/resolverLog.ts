/**
 * Route 53 Resolver query logs as delivered to S3: gzip JSON Lines, one query per line, with the
 * field names, key order and JSON types of real records (`version` "1.100000", the port as a
 * string, names with their trailing dot, `srcids.instance` for queries from EC2 instances, and the
 * DNS Firewall fields only on queries a firewall rule matched).
 */
import { fileStamp, isoSeconds } from './awsIds';
import type { Host, Vpc } from './network';

export interface ResolverAnswer {
  Rdata: string;
  Type: string;
  Class: 'IN';
}

export interface ResolverQuery {
  version: '1.100000';
  account_id: string;
  region: string;
  vpc_id: string;
  query_timestamp: string;
  query_name: string;
  query_type: string;
  query_class: 'IN';
  rcode: string;
  answers: ResolverAnswer[];
  srcaddr: string;
  srcport: string;
  transport: 'UDP' | 'TCP';
  srcids: { instance?: string };
  firewall_rule_group_id?: string;
  firewall_rule_action?: 'ALERT' | 'BLOCK' | 'ALLOW';
  firewall_domain_list_id?: string;
}

export interface Lookup {
  name: string;
  type: 'A' | 'AAAA' | 'PTR' | 'TXT' | 'CNAME' | 'SRV';
  rcode?: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';
  answers?: ResolverAnswer[];
  transport?: 'UDP' | 'TCP';
}

export const answer = (Type: string, Rdata: string): ResolverAnswer => ({ Rdata, Type, Class: 'IN' });

/** Fully qualified, as the resolver logs it: with the trailing dot. */
export const fqdn = (name: string): string => (name.endsWith('.') ? name : `${name}.`);

/** One logged query from `host` in `vpc`; keys in the order the resolver writes them. */
export function resolverQuery(vpc: Vpc, host: Host, timeMs: number, srcport: number, lookup: Lookup): ResolverQuery {
  return {
    version: '1.100000',
    account_id: vpc.account.id,
    region: vpc.region,
    vpc_id: vpc.vpcId,
    query_timestamp: isoSeconds(timeMs),
    query_name: fqdn(lookup.name),
    query_type: lookup.type,
    query_class: 'IN',
    rcode: lookup.rcode ?? 'NOERROR',
    answers: lookup.answers ?? [],
    srcaddr: host.ip,
    srcport: String(srcport),
    transport: lookup.transport ?? 'UDP',
    // Only EC2 instances are named; Lambda's and other managed interfaces leave srcids empty.
    srcids: host.instanceId !== undefined ? { instance: host.instanceId } : {},
  };
}

export function resolverLogText(queries: readonly ResolverQuery[]): string {
  let text = '';
  for (const q of queries) text += JSON.stringify(q) + '\n';
  return text;
}

/** `AWSLogs/<account>/vpcdnsquerylogs/<vpc-id>/YYYY/MM/DD/<account>_vpcdnsquerylogs_<vpc-id>_<YYYYMMDDTHHmmZ>_<hash>.log.gz`. */
export function resolverLogKey(accountId: string, vpcId: string, deliveredMs: number, hash: string): string {
  const stamp = fileStamp(deliveredMs);
  const day = `${stamp.slice(0, 4)}/${stamp.slice(4, 6)}/${stamp.slice(6, 8)}`;
  return `AWSLogs/${accountId}/vpcdnsquerylogs/${vpcId}/${day}/${accountId}_vpcdnsquerylogs_${vpcId}_${stamp}_${hash}.log.gz`;
}

/** `57.1.0.10.in-addr.arpa` for 10.0.1.57. */
export function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}
