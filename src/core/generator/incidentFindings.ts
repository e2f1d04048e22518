/**
 * The incident as GuardDuty reported it: what it detected from CloudTrail management events (which
 * it reads directly, so it keeps seeing calls while the trail is stopped), from flow logs and from
 * DNS logs, with the severities GuardDuty gives those finding types. Each finding's occurrences are
 * the story's own records, so counts and first/last-seen times agree with the other sources.
 */
import { findingExports, findingId, type FindingExport, type Occurrence } from './findingActivity';
import { accessKeyResource, apiCallAction, dnsRequestAction, instanceResource, outboundConnectionAction, portProbeAction, FINDING_TYPES, type FindingIdentity, type FindingType } from './guardDutyFinding';
import { OPEN_WEB_PORTS } from './flowTraffic';
import { compromisedHost, EXFIL_PORT, type NetworkStory } from './incidentNetwork';
import { ATTACKER_IP } from './internet';
import type { Network } from './network';
import { Prng, deriveSeed } from './prng';
import type { CloudTrailRecord } from './record';
import type { Story } from './story';
import type { World } from './world';

export interface FindingFact {
  type: FindingType;
  id: string;
  severity: number;
  /** Exports of this finding in the corpus (first report plus updates). */
  exports: number;
}

const THREAT_LIST = 'ProofPoint';

/** One occurrence per CloudTrail call, acting as GuardDuty's API-call action. */
const apiOccurrence = (r: CloudTrailRecord): Occurrence => ({
  timeMs: Date.parse(r.eventTime),
  action: apiCallAction(r.eventName, r.eventSource, r.sourceIPAddress, r.userAgent),
});

export function planFindingStory(world: World, network: Network, story: Story, net: NetworkStory, untilMs: number): { exports: FindingExport[]; facts: FindingFact[] } {
  const rng = new Prng(deriveSeed(world.seed, 'incident-findings'));
  const f = story.facts;
  const { vpc: home, host: app } = compromisedHost(network, story);
  const exports: FindingExport[] = [];
  const facts: FindingFact[] = [];
  const report = (identity: Omit<FindingIdentity, 'id'>, occurrences: Occurrence[]) => {
    if (occurrences.length === 0) return;
    const full: FindingIdentity = { ...identity, id: findingId(rng) };
    const made = findingExports(rng, full, [...occurrences].sort((a, b) => a.timeMs - b.timeMs), untilMs);
    exports.push(...made);
    if (made.length > 0) facts.push({ type: full.type, id: full.id, severity: FINDING_TYPES[full.type].severity, exports: made.length });
  };
  const records = story.events.map((e) => e.record);
  const byKey = (key: string) => records.filter((r) => r.userIdentity.accessKeyId === key && r.sourceIPAddress === ATTACKER_IP && r.eventCategory === 'Management');
  const developer = world.primary.users.developer!;
  const leakedKey = accessKeyResource({ accessKeyId: f.leakedAccessKeyId, principalId: developer.userId, userName: developer.name, userType: 'IAMUser' });

  for (const { vpc, openPortProbes } of net.moments.scans) {
    const web = vpc.web!;
    report({
      vpc, type: 'Recon:EC2/PortProbeUnprotectedPort', resource: instanceResource(vpc, web), resourceRole: 'TARGET', threatList: THREAT_LIST,
      title: `Unprotected port on EC2 instance ${web.instanceId} is being probed.`,
      description: `EC2 instance ${web.instanceId} has an unprotected port which is being probed by a known malicious host.`,
    }, openPortProbes.map((timeMs) => ({ timeMs, action: portProbeAction(web.ip, OPEN_WEB_PORTS, ATTACKER_IP) })));
  }
  report({
    vpc: home, type: 'UnauthorizedAccess:IAMUser/MaliciousIPCaller', resource: leakedKey, resourceRole: 'TARGET', threatList: THREAT_LIST,
    title: `API GetCallerIdentity was invoked from a known malicious IP address.`,
    description: `APIs were invoked from a known malicious IP address ${ATTACKER_IP} by IAM principal ${developer.name}.`,
  }, byKey(f.leakedAccessKeyId).map(apiOccurrence));
  report({
    vpc: home, type: 'PenTest:IAMUser/KaliLinux', resource: leakedKey, resourceRole: 'TARGET',
    title: 'API GetCallerIdentity was invoked from a Kali Linux computer.',
    description: `APIs were invoked from a Kali Linux computer with credentials of IAM user ${developer.name}.`,
  }, byKey(f.leakedAccessKeyId).map(apiOccurrence));
  report({
    vpc: home, type: 'Persistence:IAMUser/AnomalousBehavior', resource: leakedKey, resourceRole: 'TARGET',
    title: `User ${developer.name} is invoking APIs commonly used in persistence tactics.`,
    description: `APIs commonly used in Persistence tactics were invoked by user IAMUser : ${developer.name} under unusual circumstances.`,
  }, byKey(f.leakedAccessKeyId).filter((r) => /^Create|^Attach/.test(r.eventName)).map(apiOccurrence));

  report({
    vpc: home, type: 'Trojan:EC2/DGADomainRequest.B', resource: instanceResource(home, app), resourceRole: 'ACTOR',
    title: `EC2 instance ${app.instanceId} is querying algorithmically generated domains.`,
    description: `EC2 instance ${app.instanceId} is querying algorithmically generated domains, a sign of malware looking for its command and control server.`,
  }, net.moments.dga.map(({ timeMs, domain }) => ({ timeMs, action: dnsRequestAction(domain) })));
  report({
    vpc: home, type: 'Trojan:EC2/DNSDataExfiltration', resource: instanceResource(home, app), resourceRole: 'ACTOR',
    title: `Data exfiltration through DNS queries from EC2 instance ${app.instanceId}.`,
    description: `EC2 instance ${app.instanceId} is exfiltrating data through DNS queries under ${net.facts.c2Domain}.`,
  }, net.moments.tunnel.map((timeMs) => ({ timeMs, action: dnsRequestAction(net.facts.c2Domain) })));

  // The stolen instance credentials: CloudTrail has the first calls, GuardDuty all of them.
  const stolen = byKey(f.stolenSessionAccessKeyId).map(apiOccurrence);
  const unlogged = story.unlogged.map((u): Occurrence => ({ timeMs: u.timeMs, action: apiCallAction(u.eventName, u.eventSource, ATTACKER_IP) }));
  report({
    vpc: home, type: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS', resourceRole: 'TARGET',
    resource: accessKeyResource({ accessKeyId: f.stolenSessionAccessKeyId, principalId: `${home.account.appRole.roleId}:${app.instanceId}`, userName: home.account.appRole.name, userType: 'AssumedRole' }, { vpc: home, host: app }),
    title: `Credentials for instance role ${home.account.appRole.name} used from external IP address.`,
    description: `Credentials created exclusively for EC2 instance ${app.instanceId} through instance role ${home.account.appRole.name} have been used from external IP address ${ATTACKER_IP}.`,
  }, [...stolen, ...unlogged]);

  report({
    vpc: home, type: 'Behavior:EC2/NetworkPortUnusual', resource: instanceResource(home, app), resourceRole: 'ACTOR',
    title: `Unusual outbound communication on port ${EXFIL_PORT} from EC2 instance ${app.instanceId}.`,
    description: `EC2 instance ${app.instanceId} is communicating with a remote host ${ATTACKER_IP} on an unusual server port ${EXFIL_PORT}.`,
  }, net.moments.exfil.map(({ timeMs, localPort }) => ({ timeMs, action: outboundConnectionAction(app, localPort, ATTACKER_IP, EXFIL_PORT) })));

  const stop = records.find((r) => r.eventName === 'StopLogging')!;
  report({
    vpc: home, type: 'Stealth:IAMUser/CloudTrailLoggingDisabled', resourceRole: 'TARGET',
    resource: accessKeyResource({ accessKeyId: f.backdoorConsoleAccessKeyId, principalId: stop.userIdentity.principalId!, userName: f.backdoorUser, userType: 'IAMUser' }),
    title: `AWS CloudTrail trail ${f.trailArn.slice(f.trailArn.lastIndexOf('/') + 1)} was disabled.`,
    description: `The CloudTrail trail ${f.trailArn} was disabled by ${f.backdoorUser} calling StopLogging.`,
  }, [apiOccurrence(stop)]);

  exports.sort((a, b) => a.exportedMs - b.exportedMs);
  return { exports, facts };
}
