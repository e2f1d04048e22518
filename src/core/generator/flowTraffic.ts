/**
 * Flow records for conversations: who talks to whom, on which port, and what each network interface
 * in the VPC records about it. A connection between two interfaces of the VPC is recorded four
 * times (each side, each direction), one with the outside twice, a rejected probe once, on the
 * interface that dropped it. Background traffic is drawn here; the story uses the same builder.
 */
import { FORMATS, PROTOCOL, TCP_FLAGS, TRAFFIC_PATH, type FlowRecord } from './flowLog';
import { outsideAddress } from './internet';
import { awsPublicAddress, type Host, type Network, type Vpc } from './network';
import { WeightedTable, type Prng } from './prng';

/** One end of a conversation: an interface of the VPC, or an address outside it. */
export interface Peer {
  ip: string;
  host?: Host;
  /** For AWS front ends: the pkt-*-aws-service name (S3, AMAZON, DYNAMODB…). */
  awsService?: string;
}

export interface Conversation {
  vpc: Vpc;
  client: Peer;
  server: Peer;
  port: number;
  protocol?: number;
  /** Epoch seconds of the last packet in the interval, and how long before it the first was. */
  endS: number;
  durationS: number;
  request: { packets: number; bytes: number };
  response: { packets: number; bytes: number };
  /** A security group dropped the client's packets: one record, on the server's interface. */
  rejected?: boolean;
  /** A connection held open across intervals (pools, keep-alive): no SYN or FIN this interval. */
  persistent?: boolean;
  /** TCP flags seen this interval when they are not a short connection's (probes, long transfers). */
  flags?: { request: number; response: number };
  clientPort?: number;
}

const host = (h: Host): Peer => ({ ip: h.ip, host: h });

/** How a packet leaves `from` for `to`: within the VPC, through the S3 gateway endpoint, or out. */
function egressPath(from: Host, to: Peer): number {
  if (to.host !== undefined) return TRAFFIC_PATH.inVpc;
  if (to.awsService === 'S3' && from.publicIp === undefined) return TRAFFIC_PATH.gatewayEndpoint;
  // Private subnets reach the internet through the NAT gateway, another resource of the VPC.
  return from.publicIp !== undefined ? TRAFFIC_PATH.internetGateway : TRAFFIC_PATH.inVpc;
}

function record(c: Conversation, on: Host, from: Peer, to: Peer, srcport: number, dstport: number, traffic: { packets: number; bytes: number }, flags: number): FlowRecord {
  const egress = on.ip === from.ip;
  const startS = c.endS - c.durationS;
  return {
    'account-id': c.vpc.account.id,
    'interface-id': on.eni,
    srcaddr: from.ip,
    dstaddr: to.ip,
    srcport,
    dstport,
    protocol: c.protocol ?? PROTOCOL.tcp,
    packets: traffic.packets,
    bytes: traffic.bytes,
    start: startS,
    end: c.endS,
    action: c.rejected ? 'REJECT' : 'ACCEPT',
    'log-status': 'OK',
    'vpc-id': c.vpc.vpcId,
    'subnet-id': on.subnetId,
    'instance-id': on.instanceId,
    'tcp-flags': flags,
    type: 'IPv4',
    'pkt-srcaddr': from.ip,
    'pkt-dstaddr': to.ip,
    region: c.vpc.region,
    'az-id': on.azId,
    'pkt-src-aws-service': from.awsService,
    'pkt-dst-aws-service': to.awsService,
    'flow-direction': egress ? 'egress' : 'ingress',
    'traffic-path': egress ? egressPath(on, to) : undefined,
  };
}

/** The records every interface of the VPC writes about one conversation, client side first. */
export function conversationRecords(c: Conversation, rng: Prng): FlowRecord[] {
  const clientPort = c.clientPort ?? rng.range(32768, 60999);
  const tcp = (c.protocol ?? PROTOCOL.tcp) === PROTOCOL.tcp;
  const flags = (value: number, side: 'request' | 'response') => (!tcp ? TCP_FLAGS.none : c.flags ? c.flags[side] : c.persistent ? TCP_FLAGS.none : value);
  if (c.rejected) {
    const server = c.server.host!;
    return [record(c, server, c.client, c.server, clientPort, c.port, c.request, tcp ? TCP_FLAGS.syn : 0)];
  }
  const out: FlowRecord[] = [];
  if (c.client.host !== undefined) {
    out.push(record(c, c.client.host, c.client, c.server, clientPort, c.port, c.request, flags(TCP_FLAGS.clientShort, 'request')));
    out.push(record(c, c.client.host, c.server, c.client, c.port, clientPort, c.response, flags(TCP_FLAGS.serverShort, 'response')));
  }
  if (c.server.host !== undefined) {
    out.push(record(c, c.server.host, c.client, c.server, clientPort, c.port, c.request, flags(TCP_FLAGS.clientShort, 'request')));
    out.push(record(c, c.server.host, c.server, c.client, c.port, clientPort, c.response, flags(TCP_FLAGS.serverShort, 'response')));
  }
  return out;
}

/** An interface with nothing to report in the interval still writes a NODATA record. */
function noData(vpc: Vpc, on: Host, endS: number, aggregationSeconds: number): FlowRecord {
  return { 'account-id': vpc.account.id, 'interface-id': on.eni, start: endS - aggregationSeconds, end: endS, 'log-status': 'NODATA' };
}

/** Ports scanners try; the web server answers on 80 and 443, its security group drops the rest. */
export const PROBED_PORTS = [21, 22, 23, 80, 443, 445, 1433, 3306, 3389, 5432, 5900, 6379, 8080, 9200] as const;
export const OPEN_WEB_PORTS: readonly number[] = [80, 443];
/** A scanner's half-open probe of an open port: SYN then RST in, SYN-ACK out. */
export const PROBE_FLAGS = { request: TCP_FLAGS.syn | TCP_FLAGS.rst, response: TCP_FLAGS.synAck } as const;

/** A background conversation, or the records of something that is not one (NODATA). */
type Draw = (rng: Prng, vpc: Vpc, endS: number, durationS: number) => Conversation | FlowRecord[];

const small = (rng: Prng, packets: [number, number], bytesPerPacket: [number, number]) => {
  const n = rng.range(packets[0], packets[1]);
  return { packets: n, bytes: n * rng.range(bytesPerPacket[0], bytesPerPacket[1]) };
};

const KINDS: Array<{ weight: number; needs?: (vpc: Vpc) => boolean; draw: Draw }> = [
  {
    weight: 22, // SDK calls through interface endpoints: KMS, SSM, Secrets Manager, logs.
    draw: (rng, vpc, endS, durationS) => ({
      vpc, client: host(rng.pick(vpc.app)), server: host(rng.pick(vpc.endpoints)), port: 443, endS, durationS,
      request: small(rng, [8, 30], [90, 400]), response: small(rng, [6, 24], [120, 900]),
    }),
  },
  {
    weight: 12, // Objects to and from S3 through the gateway endpoint.
    draw: (rng, vpc, endS, durationS) => ({
      vpc, client: host(rng.pick(vpc.app)), server: { ip: awsPublicAddress(rng, vpc.region, 's3'), awsService: 'S3' }, port: 443, endS, durationS,
      request: small(rng, [10, 60], [80, 1200]), response: small(rng, [20, 3000], [900, 1460]),
    }),
  },
  {
    weight: 16, // The orders database; the connection pool keeps most sessions open.
    draw: (rng, vpc, endS, durationS) => ({
      vpc, client: host(rng.pick(vpc.app)), server: host(vpc.database), port: 5432, endS, durationS, persistent: rng.chance(0.6),
      request: small(rng, [4, 80], [70, 600]), response: small(rng, [4, 120], [70, 1400]),
    }),
  },
  {
    weight: 14, // Session cache.
    draw: (rng, vpc, endS, durationS) => ({
      vpc, client: host(rng.pick(vpc.app)), server: host(vpc.cache), port: 6379, endS, durationS, persistent: rng.chance(0.75),
      request: small(rng, [2, 60], [60, 200]), response: small(rng, [2, 60], [60, 500]),
    }),
  },
  {
    weight: 6,
    needs: (vpc) => vpc.lambda !== undefined,
    draw: (rng, vpc, endS, durationS) => rng.chance(0.5)
      ? { vpc, client: host(vpc.lambda!), server: host(rng.pick(vpc.endpoints)), port: 443, endS, durationS, request: small(rng, [6, 20], [90, 400]), response: small(rng, [6, 20], [120, 700]) }
      : { vpc, client: host(vpc.lambda!), server: { ip: awsPublicAddress(rng, vpc.region, 'amazon'), awsService: 'DYNAMODB' }, port: 443, endS, durationS, request: small(rng, [6, 30], [90, 600]), response: small(rng, [6, 40], [120, 1200]) },
  },
  {
    weight: 5, // Batch jobs calling AWS APIs that have no endpoint in the VPC, through the NAT gateway.
    needs: (vpc) => vpc.worker !== undefined,
    draw: (rng, vpc, endS, durationS) => ({
      vpc, client: host(vpc.worker!), server: { ip: awsPublicAddress(rng, vpc.region, 'amazon'), awsService: 'AMAZON' }, port: 443, endS, durationS,
      request: small(rng, [8, 40], [90, 900]), response: small(rng, [8, 60], [120, 1400]),
    }),
  },
  {
    weight: 10, // Customers on the public site.
    needs: (vpc) => vpc.web !== undefined,
    draw: (rng, vpc, endS, durationS) => ({
      vpc, client: { ip: outsideAddress(rng) }, server: host(vpc.web!), port: 443, endS, durationS,
      request: small(rng, [8, 40], [60, 700]), response: small(rng, [10, 400], [200, 1460]),
    }),
  },
  {
    weight: 6, // The web tier calling the application tier.
    needs: (vpc) => vpc.web !== undefined,
    draw: (rng, vpc, endS, durationS) => ({
      vpc, client: host(vpc.web!), server: host(rng.pick(vpc.app)), port: 8080, endS, durationS, persistent: rng.chance(0.4),
      request: small(rng, [4, 40], [80, 900]), response: small(rng, [4, 80], [80, 1460]),
    }),
  },
  {
    weight: 4, // Internet background radiation: scanners knocking on the public address.
    needs: (vpc) => vpc.web !== undefined,
    draw: (rng, vpc, endS) => {
      const port = rng.pick(PROBED_PORTS);
      const open = OPEN_WEB_PORTS.includes(port);
      return {
        vpc, client: { ip: outsideAddress(rng) }, server: host(vpc.web!), port, endS, durationS: rng.range(0, 2), rejected: !open, flags: PROBE_FLAGS,
        request: small(rng, [1, open ? 3 : 2], [40, 60]), response: small(rng, [1, 2], [40, 60]),
      };
    },
  },
  {
    // An interface with no traffic in its interval. AWS documents these records for the default
    // format only, so the custom-format flow log does not invent their look.
    weight: 0.5,
    needs: (vpc) => vpc.flowLogFormat === 'default',
    draw: (rng, vpc, endS) => [noData(vpc, rng.pick([...vpc.endpoints, vpc.cache]), endS, FORMATS[vpc.flowLogFormat].aggregationSeconds)],
  },
];

export interface FlowAt {
  vpc: Vpc;
  record: FlowRecord;
}

/** Background traffic: picks VPCs by weight and conversations by kind until `count` records exist. */
export class FlowBackground {
  private readonly vpcs: WeightedTable<Vpc>;
  private readonly kinds = new Map<Vpc, WeightedTable<Draw>>();

  constructor(network: Network) {
    this.vpcs = new WeightedTable(network.vpcs.map((value) => ({ value, weight: value.weight })));
    for (const vpc of network.vpcs) {
      this.kinds.set(vpc, new WeightedTable(KINDS.filter((k) => k.needs?.(vpc) ?? true).map((k) => ({ value: k.draw, weight: k.weight }))));
    }
  }

  /** `count` records whose intervals end in [fromS, toS) and start no earlier than `notBeforeS`. */
  draw(rng: Prng, fromS: number, toS: number, notBeforeS: number, count: number): FlowAt[] {
    const out: FlowAt[] = [];
    while (out.length < count) {
      const vpc = this.vpcs.pick(rng);
      const endS = fromS + rng.int(toS - fromS);
      const aggregation = FORMATS[vpc.flowLogFormat].aggregationSeconds;
      const durationS = Math.min(endS - notBeforeS, rng.range(1, aggregation - 1));
      const drawn = this.kinds.get(vpc)!.pick(rng)(rng, vpc, endS, durationS);
      const records = Array.isArray(drawn) ? drawn : conversationRecords(drawn, rng);
      for (const r of records) {
        if (out.length === count) break;
        if ((r.start as number) < notBeforeS) r.start = notBeforeS;
        out.push({ vpc, record: r });
      }
    }
    return out;
  }
}
