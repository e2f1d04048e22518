/**
 * The incident as the network saw it. Half an hour before the leaked key is first used, the
 * attacker's address scans the public web servers (most ports dropped by the security group, the
 * web ports answered) and tries SSH again and again. After the SSM command, the compromised
 * application instance tries algorithmically generated domains until one resolves to the attacker,
 * beacons to it, tunnels data out in long DNS names, dumps the orders database and sends the dump to
 * the attacker on an unusual port, while the trail is switched off. Times are seconds after the
 * first API call (story.ts), with a little seed-driven jitter.
 */
import { conversationRecords, OPEN_WEB_PORTS, PROBED_PORTS, PROBE_FLAGS, type Conversation, type FlowAt } from './flowTraffic';
import { TCP_FLAGS } from './flowLog';
import type { QueryAt } from './dnsTraffic';
import { ATTACKER_IP } from './internet';
import type { Host, Network, Vpc } from './network';
import { Prng, deriveSeed } from './prng';
import { answer, resolverQuery, type Lookup } from './resolverLog';
import type { Story } from './story';

export interface NetworkFacts {
  /** The public web servers the attacker scanned, one per region of the first account. */
  scannedInstanceIds: string[];
  /** The domain generation algorithm's hit: resolves to the attacker; the DNS tunnel runs under it. */
  c2Domain: string;
  /** Names that did not resolve before the hit (NXDOMAIN). */
  dgaMisses: number;
  tunnelQueries: number;
  exfilPort: number;
  /** Bytes the compromised instance sent to the attacker on the exfiltration port. */
  exfilBytes: number;
}

export interface NetworkStory {
  facts: NetworkFacts;
  flows: FlowAt[];
  queries: QueryAt[];
  /** Times of what GuardDuty will report, for incidentFindings.ts. */
  moments: {
    scans: Array<{ vpc: Vpc; openPortProbes: number[] }>;
    dga: Array<{ timeMs: number; domain: string }>;
    tunnel: number[];
    exfil: Array<{ timeMs: number; localPort: number }>;
  };
}

export const EXFIL_PORT = 4443;
const DGA_TLDS = ['com', 'net', 'org', 'info', 'biz', 'xyz'];
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const ALNUM_LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function planNetworkStory(seed: number, network: Network, story: Story): NetworkStory {
  const rng = new Prng(deriveSeed(seed, 'incident-network'));
  const t0 = story.facts.startMs;
  // Logs keep whole seconds; so does the story, or GuardDuty's times would be finer than the logs'.
  const at = (offsetSeconds: number) => t0 + Math.round(offsetSeconds) * 1000;
  const primary = network.vpcs.filter((v) => v.account.id === story.facts.accountId);
  const { vpc: home, host: app } = compromisedHost(network, story);
  const flows: FlowAt[] = [];
  const queries: QueryAt[] = [];
  const moments: NetworkStory['moments'] = { scans: [], dga: [], tunnel: [], exfil: [] };

  const talk = (vpc: Vpc, c: Omit<Conversation, 'vpc'>) => {
    for (const record of conversationRecords({ vpc, ...c }, rng)) flows.push({ vpc, record });
  };
  const seconds = (ms: number) => Math.floor(ms / 1000);
  const probe = { packets: 1, bytes: 44 };

  // Reconnaissance: every public web server, every usual port; the security group drops all but 80/443.
  const scanned = primary.filter((v) => v.web !== undefined);
  scanned.forEach((vpc, r) => {
    const open: number[] = [];
    PROBED_PORTS.forEach((port, k) => {
      const endS = seconds(at(-1920 + 150 * r + 2 * k + rng.int(2)));
      const accepted = OPEN_WEB_PORTS.includes(port);
      if (accepted) open.push(endS * 1000);
      talk(vpc, { client: { ip: ATTACKER_IP }, server: { ip: vpc.web!.ip, host: vpc.web! }, port, endS, durationS: 0, rejected: !accepted, flags: PROBE_FLAGS, request: probe, response: { packets: 1, bytes: 40 } });
    });
    moments.scans.push({ vpc, openPortProbes: open });
  });
  // Then SSH, over and over: each attempt a new connection, each dropped.
  for (let i = 0; i < 10; i++) {
    const endS = seconds(at(-1500 + 30 * i + rng.int(5)));
    talk(home, { client: { ip: ATTACKER_IP }, server: { ip: home.web?.ip ?? app.ip, host: home.web ?? app }, port: 22, endS, durationS: rng.range(0, 3), rejected: true, request: { packets: rng.range(1, 3), bytes: 60 * rng.range(1, 3) }, response: probe });
  }

  // The SSM command arrives over the agent's message channel.
  const endpoint = (service: string) => home.endpoints.find((e) => e.service === service)!;
  const commandS = seconds(story.events.find((e) => e.record.eventName === 'SendCommand')!.timeMs);
  talk(home, { client: { ip: app.ip, host: app }, server: { ip: endpoint('ssmmessages').ip, host: endpoint('ssmmessages') }, port: 443, endS: commandS + 6, durationS: 5, request: { packets: 14, bytes: 4210 }, response: { packets: 12, bytes: 6872 } });

  // The implant's domain generation algorithm: misses, then the hit that points at the attacker.
  const dgaName = () => `${rng.chars(ALNUM_LOWER, rng.range(11, 16))}.${rng.pick(DGA_TLDS)}`;
  const resolve = (timeMs: number, lookup: Lookup) => queries.push({ vpc: home, timeMs, query: resolverQuery(home, app, timeMs, rng.range(1024, 65535), lookup) });
  const misses = 36;
  for (let i = 0; i < misses; i++) {
    const timeMs = at(1175 + i * 0.55);
    const domain = dgaName();
    resolve(timeMs, { name: domain, type: 'A', rcode: 'NXDOMAIN' });
    moments.dga.push({ timeMs, domain });
  }
  const c2Domain = `${rng.chars(ALNUM_LOWER, 13)}.${rng.pick(DGA_TLDS)}`;
  resolve(at(1197), { name: c2Domain, type: 'A', answers: [answer('A', ATTACKER_IP)] });

  // Beacons to the C2 over HTTPS, once a minute, through the NAT gateway.
  for (let minute = 0; minute < 10; minute++) {
    const endS = seconds(at(1230 + 60 * minute + rng.int(4)));
    talk(home, { client: { ip: app.ip, host: app }, server: { ip: ATTACKER_IP }, port: 443, endS, durationS: rng.range(1, 3), request: { packets: rng.range(8, 12), bytes: rng.range(1500, 2600) }, response: { packets: rng.range(6, 10), bytes: rng.range(900, 4800) } });
  }

  // DNS tunnelling: data in 50-63 character labels under the C2 domain, TXT answers; the server
  // answers a quarter of them NXDOMAIN to ask for a resend.
  const tunnel = 80;
  for (let i = 0; i < tunnel; i++) {
    const timeMs = at(1215 + i * 2.5);
    const name = `${rng.chars(BASE32, rng.range(50, 63))}.${rng.chars(BASE32, rng.range(20, 40))}.${i.toString(16).padStart(4, '0')}.${c2Domain}`;
    const nx = i % 4 === 3;
    resolve(timeMs, nx ? { name, type: 'TXT', rcode: 'NXDOMAIN' } : { name, type: 'TXT', answers: [answer('TXT', `"${rng.chars(BASE32, rng.range(12, 24))}"`)] });
    moments.tunnel.push(timeMs);
  }

  // With the database password from Secrets Manager: a dump of the orders database…
  const dumpBytes = rng.range(170, 210) * 1_000_000;
  talk(home, { client: { ip: app.ip, host: app }, server: { ip: home.database.ip, host: home.database }, port: 5432, endS: seconds(at(1496)), durationS: 40, request: { packets: 2400, bytes: 310_000 }, response: { packets: Math.round(dumpBytes / 1448), bytes: dumpBytes } });

  // …sent to the attacker on an unusual port, one long connection over five one-minute intervals.
  let exfilBytes = 0;
  const clientPort = rng.range(40000, 60000);
  for (let minute = 0; minute < 5; minute++) {
    const endS = seconds(at(1560 + 60 * minute));
    const bytes = Math.round(dumpBytes / 5) + rng.int(200_000);
    exfilBytes += bytes;
    // The connection opens in the first interval and closes in the last.
    const flags = minute === 0 ? { request: TCP_FLAGS.syn, response: TCP_FLAGS.synAck } : minute === 4 ? { request: TCP_FLAGS.fin, response: TCP_FLAGS.fin } : undefined;
    talk(home, {
      client: { ip: app.ip, host: app }, server: { ip: ATTACKER_IP }, port: EXFIL_PORT, clientPort, endS, durationS: 59, persistent: true, ...(flags ? { flags } : {}),
      request: { packets: Math.round(bytes / 1448), bytes }, response: { packets: Math.round(bytes / 2896), bytes: Math.round(bytes / 2896) * 52 },
    });
    moments.exfil.push({ timeMs: (endS - 59) * 1000, localPort: clientPort });
  }

  return {
    facts: { scannedInstanceIds: scanned.map((v) => v.web!.instanceId!), c2Domain, dgaMisses: misses, tunnelQueries: tunnel, exfilPort: EXFIL_PORT, exfilBytes },
    flows,
    queries,
    moments,
  };
}

/** The application instance the attacker took over, and its VPC. */
export function compromisedHost(network: Network, story: Story): { vpc: Vpc; host: Host } {
  const vpc = network.vpcs.find((v) => v.home && v.account.id === story.facts.accountId)!;
  return { vpc, host: vpc.app.find((h) => h.instanceId === story.facts.compromisedInstanceId)! };
}
