/**
 * The incident across sources: what the flow logs, the resolver query logs and GuardDuty say about
 * it, and that they agree with CloudTrail and with each other (addresses, instances, keys, times).
 */
import assert from 'node:assert/strict';
import { generateEvidence, type GenerateSummary, type StoryFacts } from '../../../src/core/generator';
import { readCorpus, readFlowLogs, readJsonLines, removeDir, tempDir, type FlowRow, type JsonRecord } from './corpusFiles';

const CASES: Array<{ label: string; options: { seed: number; events?: number; accounts?: string[]; regions?: string[] } }> = [
  { label: 'default corpus, seed 1', options: { seed: 1 } },
  { label: 'seed 2024, one account, two regions', options: { seed: 2024, events: 3000, accounts: ['123456789012'], regions: ['eu-central-1'] } },
];

type Finding = JsonRecord & { service: JsonRecord & { action: JsonRecord; count: number }; resource: JsonRecord };

const seconds = (iso: string) => Date.parse(iso) / 1000;

for (const { label, options } of CASES) {
  describe(`core/generator incident across sources (${label})`, function () {
    // Generating and reading corpora takes seconds on a busy 2-core machine; the bound only catches hangs.
    this.timeout(30_000);
    let dir: string;
    let summary: GenerateSummary;
    let facts: StoryFacts;
    let trail: JsonRecord[];
    let flows: FlowRow[];
    let queries: JsonRecord[];
    let findings: Finding[];
    /** The trail's hole, from CloudTrail itself: StopLogging to StartLogging, in epoch seconds. */
    let hole: [number, number];
    before(async () => {
      dir = tempDir('incident');
      summary = await generateEvidence({ outDir: dir, ...options });
      facts = summary.story;
      trail = readCorpus(dir).map(({ record }) => record);
      flows = readFlowLogs(dir);
      queries = readJsonLines(dir, 'vpcdnsquerylogs').map(({ record }) => record);
      findings = readJsonLines(dir, 'GuardDuty').map(({ record }) => record as Finding);
      const at = (name: string) => seconds(trail.find((r) => r.eventName === name)!.eventTime as string);
      hole = [at('StopLogging'), at('StartLogging')];
    });
    after(() => removeDir(dir));

    const withAttacker = () => flows.filter(({ row }) => row.srcaddr === facts.attackerIp || row.dstaddr === facts.attackerIp);

    it('flow logs: the attacker scanned every public web server first; the security group dropped all but the web ports', () => {
      const scans = withAttacker().filter(({ row }) => row.srcaddr === facts.attackerIp && row.dstaddr !== facts.compromisedInstanceIp && row['flow-direction'] !== 'egress');
      const scanned = new Set(scans.map(({ row }) => row['instance-id'] ?? row['interface-id']));
      assert.ok(scanned.size >= 1);
      for (const { row } of scans) {
        const open = row.dstport === '80' || row.dstport === '443';
        assert.equal(row.action, open ? 'ACCEPT' : 'REJECT', `${row.dstport} ${row.action}`);
        assert.ok(Number(row.start) * 1000 < facts.startMs, 'the scan precedes the first API call');
      }
      const ssh = scans.filter(({ row }) => row.dstport === '22');
      assert.ok(ssh.length >= 10 && ssh.every(({ row }) => row.action === 'REJECT'));
      // Both formats carry the attacker: the custom one in the home VPC, the default one elsewhere.
      assert.equal(new Set(scans.map(({ fields }) => fields.length)).size, 2);
    });

    it('flow logs: the compromised instance beacons to the attacker, dumps the database and sends it out on an unusual port during the trail\'s hole', () => {
      const out = withAttacker().filter(({ row }) => row.srcaddr === facts.compromisedInstanceIp && row['flow-direction'] === 'egress');
      const exfil = out.filter(({ row }) => row.dstport === String(facts.exfilPort));
      assert.equal(exfil.reduce((sum, { row }) => sum + Number(row.bytes), 0), facts.exfilBytes);
      assert.ok(exfil.every(({ row }) => row.action === 'ACCEPT' && row['instance-id'] === facts.compromisedInstanceId && row['traffic-path'] === '1'));
      assert.ok(exfil.some(({ row }) => Number(row.start) > hole[0] && Number(row.end) < hole[1]), 'exfiltration continues while CloudTrail is off');
      assert.ok(out.filter(({ row }) => row.dstport === '443').length >= 10, 'C2 beacons');
      const dump = flows.find(({ row }) => row.srcaddr.endsWith('.20.15') && row.dstaddr === facts.compromisedInstanceIp && Number(row.bytes) > 100_000_000);
      assert.ok(dump, 'a large transfer from the database to the instance');
      assert.ok(Number(dump.row.end) <= Math.min(...exfil.map(({ row }) => Number(row.start))) + 60);
      // Nothing else in the flows talks to the attacker: one web server per scanned region, and the instance.
      const peers = new Set(withAttacker().map(({ row }) => (row.srcaddr === facts.attackerIp ? row.dstaddr : row.srcaddr)));
      assert.equal(peers.size, 1 + facts.scannedInstanceIds.length, [...peers].join(','));
      assert.ok(peers.has(facts.compromisedInstanceIp));
    });

    it('DNS: an NXDOMAIN burst of generated names, then the one that resolves to the attacker', () => {
      const fromInstance = queries.filter((q) => (q.srcids as { instance?: string }).instance === facts.compromisedInstanceId);
      const misses = fromInstance.filter((q) => q.rcode === 'NXDOMAIN' && q.query_type === 'A' && /^[a-z0-9]{11,16}\.[a-z]+\.$/.test(q.query_name as string));
      assert.equal(misses.length, facts.dgaMisses);
      const span = seconds(misses[misses.length - 1]!.query_timestamp as string) - seconds(misses[0]!.query_timestamp as string);
      assert.ok(span <= 60, `${misses.length} NXDOMAIN in ${span} s`);
      const hit = fromInstance.find((q) => q.query_name === `${facts.c2Domain}.`)!;
      assert.deepEqual(hit.answers, [{ Rdata: facts.attackerIp, Type: 'A', Class: 'IN' }]);
      assert.ok(hit.query_timestamp! > misses[misses.length - 1]!.query_timestamp!);
      assert.equal(queries.filter((q) => (q.query_name as string).endsWith(`${facts.c2Domain}.`) && q.srcaddr !== facts.compromisedInstanceIp).length, 0);
    });

    it('DNS: tunnelling in long labels under the C2 domain, TXT, some answered NXDOMAIN', () => {
      const tunnel = queries.filter((q) => (q.query_name as string).endsWith(`.${facts.c2Domain}.`));
      assert.equal(tunnel.length, facts.tunnelQueries);
      for (const q of tunnel) {
        assert.equal(q.query_type, 'TXT');
        assert.ok((q.query_name as string).split('.')[0]!.length >= 50);
        assert.ok((q.query_name as string).split('.').every((l) => l.length <= 63));
      }
      assert.ok(tunnel.filter((q) => q.rcode === 'NXDOMAIN').length >= tunnel.length / 5);
      // Background lookups time out no such burst: at most a few NXDOMAIN per host per minute.
      const background = queries.filter((q) => q.srcaddr !== facts.compromisedInstanceIp && q.rcode === 'NXDOMAIN');
      assert.ok(background.length > 0);
    });

    it('DNS and flows agree: endpoint names resolve to private addresses of the asker\'s VPC, which instances connect to', () => {
      const endpointQueries = queries.filter((q) => /^(kms|ssm|secretsmanager|logs)\./.test(q.query_name as string) && q.query_type === 'A');
      const prefix = (ip: string) => ip.split('.').slice(0, 2).join('.');
      for (const q of endpointQueries) for (const a of q.answers as Array<{ Rdata: string }>) assert.equal(prefix(a.Rdata), prefix(q.srcaddr as string));
      const answered = new Set(endpointQueries.flatMap((q) => (q.answers as Array<{ Rdata: string }>).map((a) => a.Rdata)));
      const connected = flows.filter(({ row }) => row.dstport === '443' && answered.has(row.dstaddr)).length;
      assert.ok(connected > 10, `${connected} connections to answered endpoint addresses`);
    });

    it('GuardDuty: the story\'s findings with their severities, each updated in place under one id', () => {
      const latest = new Map<string, Finding>();
      for (const f of findings) {
        const seen = latest.get(f.id as string);
        if (seen) {
          assert.equal(f.createdAt, seen.createdAt);
          assert.equal(f.type, seen.type);
        }
        if (!seen || (f.updatedAt as string) >= (seen.updatedAt as string)) latest.set(f.id as string, f);
      }
      const byType = (type: string) => [...latest.values()].filter((f) => f.type === type);
      const expected: Record<string, number> = {
        'UnauthorizedAccess:IAMUser/MaliciousIPCaller': 5, 'PenTest:IAMUser/KaliLinux': 5, 'Persistence:IAMUser/AnomalousBehavior': 5,
        'Trojan:EC2/DGADomainRequest.B': 8, 'Trojan:EC2/DNSDataExfiltration': 8, 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS': 8,
        'Behavior:EC2/NetworkPortUnusual': 5, 'Stealth:IAMUser/CloudTrailLoggingDisabled': 2, 'Recon:EC2/PortProbeUnprotectedPort': 2,
      };
      for (const [type, severity] of Object.entries(expected)) {
        assert.ok(byType(type).length >= 1, type);
        for (const f of byType(type)) assert.equal(f.severity, severity, type);
      }
      for (const fact of facts.findings) assert.equal(findings.filter((f) => f.id === fact.id).length, fact.exports, fact.type);
      const story = new Set(facts.findings.map((f) => f.id));
      for (const f of latest.values()) if (!story.has(f.id as string)) assert.ok((f.severity as number) <= 2, `background ${f.type} is low severity`);
    });

    it('GuardDuty agrees with CloudTrail and the network: keys, domains, ports, and the calls the trail missed', () => {
      const one = (type: string) => findings.filter((f) => f.type === type).sort((a, b) => (a.updatedAt as string).localeCompare(b.updatedAt as string)).pop()!;
      const stop = trail.find((r) => r.eventName === 'StopLogging')!;
      const stealth = one('Stealth:IAMUser/CloudTrailLoggingDisabled');
      assert.equal(stealth.service.eventFirstSeen, new Date(stop.eventTime as string).toISOString());
      assert.equal((stealth.resource.accessKeyDetails as JsonRecord).userName, facts.backdoorUser);

      const creds = one('UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS');
      assert.equal((creds.resource.accessKeyDetails as JsonRecord).accessKeyId, facts.stolenSessionAccessKeyId);
      assert.equal(((creds.resource.instanceDetails as JsonRecord).instanceId), facts.compromisedInstanceId);
      const lastSeen = seconds(creds.service.eventLastSeen as string);
      assert.ok(lastSeen > hole[0] && lastSeen < hole[1], 'GuardDuty saw the stolen key in use while the trail was off');
      const logged = trail.filter((r) => (r.userIdentity as { accessKeyId?: string }).accessKeyId === facts.stolenSessionAccessKeyId && r.sourceIPAddress === facts.attackerIp);
      assert.ok(creds.service.count > logged.length, `${creds.service.count} calls seen by GuardDuty, ${logged.length} in the trail`);

      const tunnel = one('Trojan:EC2/DNSDataExfiltration');
      assert.equal(((tunnel.service.action.dnsRequestAction as JsonRecord).domain), facts.c2Domain);
      assert.equal(tunnel.service.count, facts.tunnelQueries);
      const port = one('Behavior:EC2/NetworkPortUnusual');
      const connection = port.service.action.networkConnectionAction as { remotePortDetails: { port: number }; remoteIpDetails: { ipAddressV4: string } };
      assert.deepEqual([connection.remotePortDetails.port, connection.remoteIpDetails.ipAddressV4], [facts.exfilPort, facts.attackerIp]);
      const leaked = one('UnauthorizedAccess:IAMUser/MaliciousIPCaller');
      assert.equal((leaked.resource.accessKeyDetails as JsonRecord).accessKeyId, facts.leakedAccessKeyId);
      assert.equal(leaked.service.eventFirstSeen, new Date(facts.startMs).toISOString());
      const probed = findings.filter((f) => f.type === 'Recon:EC2/PortProbeUnprotectedPort' && JSON.stringify(f.service.action).includes(`"${facts.attackerIp}"`));
      assert.deepEqual(new Set(probed.map((f) => (f.resource.instanceDetails as JsonRecord).instanceId)), new Set(facts.scannedInstanceIds));
    });
  });
}
