/**
 * Everyday DNS in the VPCs: SDKs resolving AWS endpoints (private endpoint addresses where an
 * interface endpoint exists, public front ends elsewhere), the database and cache names, the
 * company's own domains, reverse lookups of neighbours, package mirrors, and the NXDOMAIN noise of
 * search-domain expansion that makes a real NXDOMAIN burst worth looking for. Answers are the
 * addresses the flow logs show the same hosts talking to.
 */
import { INTERFACE_ENDPOINTS, awsPublicAddress, clients, privateDnsName, type Host, type Network, type Vpc } from './network';
import { WeightedTable, deriveSeed, Prng } from './prng';
import { answer, resolverQuery, reverseName, type Lookup, type ResolverQuery } from './resolverLog';

/** The company's own public names, all served by the web server in the first account. */
export const COMPANY_NAMES = ['www.example.com', 'api.example.com', 'auth.example.com', 'status.example.com'];

type LookupKind = (rng: Prng, vpc: Vpc, host: Host) => Lookup[];

/** glibc asks for A and AAAA together; this VPC has no IPv6, so AAAA answers are empty. */
function withAaaa(rng: Prng, a: Lookup, share = 0.55): Lookup[] {
  return rng.chance(share) ? [a, { name: a.name, type: 'AAAA' }] : [a];
}

function searchDomain(vpc: Vpc): string {
  return vpc.region === 'us-east-1' ? 'ec2.internal' : `${vpc.region}.compute.internal`;
}

function kinds(network: Network, seed: number): Array<{ weight: number; kind: LookupKind }> {
  const web = network.vpcs.find((v) => v.web !== undefined)?.web;
  const mirror = new Prng(deriveSeed(seed, 'package-mirror')).chars('0123456789abcdef', 8);
  return [
    {
      weight: 34, // SDK endpoints with private DNS: the interface endpoint's address.
      kind: (rng, vpc) => {
        const service = rng.pick(INTERFACE_ENDPOINTS);
        const endpoint = vpc.endpoints.find((e) => e.service === service)!;
        return withAaaa(rng, { name: `${service}.${vpc.region}.amazonaws.com`, type: 'A', answers: [answer('A', endpoint.ip)] });
      },
    },
    {
      weight: 14, // S3, path style and virtual-hosted style.
      kind: (rng, vpc) => {
        const ip = awsPublicAddress(rng, vpc.region, 's3');
        if (rng.chance(0.5)) return withAaaa(rng, { name: `s3.${vpc.region}.amazonaws.com`, type: 'A', answers: [answer('A', ip)] });
        const bucket = rng.pick(vpc.account.buckets).name;
        return [{ name: `${bucket}.s3.${vpc.region}.amazonaws.com`, type: 'A', answers: [answer('CNAME', `s3-r-w.${vpc.region}.amazonaws.com.`), answer('A', ip)] }];
      },
    },
    {
      weight: 7, // Services reached over the NAT gateway.
      kind: (rng, vpc) => {
        const service = rng.pick(['dynamodb', 'sts', 'sqs', 'sns']);
        return withAaaa(rng, { name: `${service}.${vpc.region}.amazonaws.com`, type: 'A', answers: [answer('A', awsPublicAddress(rng, vpc.region, 'amazon'))] });
      },
    },
    {
      weight: 12, // The database and cache endpoints, answered with their private addresses.
      kind: (rng, vpc) => rng.chance(0.5)
        ? [{ name: vpc.dbHostname, type: 'A', answers: [answer('A', vpc.database.ip)] }]
        : [{ name: vpc.cacheHostname, type: 'A', answers: [answer('A', vpc.cache.ip)] }],
    },
    {
      weight: 8, // The company's own domains.
      kind: (rng) => {
        const name = rng.pick(COMPANY_NAMES);
        return withAaaa(rng, { name, type: 'A', answers: web?.publicIp ? [answer('A', web.publicIp)] : [] }, 0.8);
      },
    },
    {
      weight: 5, // Reverse lookups of neighbours (logging agents, sshd).
      kind: (rng, vpc) => {
        const other = rng.pick(clients(vpc));
        return [{ name: reverseName(other.ip), type: 'PTR', answers: [answer('PTR', `${privateDnsName(vpc.region, other.ip)}.`)] }];
      },
    },
    {
      weight: 10, // Short names tried against the search domain first: NXDOMAIN, then the real name.
      kind: (rng, vpc) => {
        const short = rng.pick(['orders-db', 'orders-cache', 'metadata', 'api', 'redis']);
        const tried: Lookup[] = [{ name: `${short}.${searchDomain(vpc)}`, type: 'A', rcode: 'NXDOMAIN' }];
        if (rng.chance(0.5)) tried.push({ name: `${short}.${searchDomain(vpc)}`, type: 'AAAA', rcode: 'NXDOMAIN' });
        if (rng.chance(0.3)) tried.push({ name: short, type: 'A', rcode: 'NXDOMAIN' });
        return tried;
      },
    },
    {
      weight: 4, // Operating-system package mirrors (served from S3).
      kind: (rng, vpc) => [{ name: `al2023-repos-${vpc.region}-${mirror}.s3.dualstack.${vpc.region}.amazonaws.com`, type: 'A', answers: [answer('A', awsPublicAddress(rng, vpc.region, 's3'))] }],
    },
  ];
}

export interface QueryAt {
  vpc: Vpc;
  query: ResolverQuery;
  timeMs: number;
}

/** Background DNS: picks a VPC by weight, a client in it and a kind of lookup, until the count is met. */
export class DnsBackground {
  private readonly vpcs: WeightedTable<Vpc>;
  private readonly kinds: WeightedTable<LookupKind>;
  private readonly clients = new Map<Vpc, Host[]>();

  constructor(network: Network, seed: number) {
    this.vpcs = new WeightedTable(network.vpcs.map((value) => ({ value, weight: value.weight })));
    this.kinds = new WeightedTable(kinds(network, seed).map((k) => ({ value: k.kind, weight: k.weight })));
    for (const vpc of network.vpcs) this.clients.set(vpc, clients(vpc));
  }

  draw(rng: Prng, fromMs: number, toMs: number, count: number): QueryAt[] {
    const out: QueryAt[] = [];
    while (out.length < count) {
      const vpc = this.vpcs.pick(rng);
      const host = rng.pick(this.clients.get(vpc)!);
      const timeMs = fromMs + rng.int((toMs - fromMs) / 1000) * 1000;
      const srcport = rng.range(1024, 65535);
      for (const lookup of this.kinds.pick(rng)(rng, vpc, host)) {
        if (out.length === count) break;
        out.push({ vpc, timeMs, query: resolverQuery(vpc, host, timeMs, srcport, lookup) });
      }
    }
    return out;
  }
}
