/**
 * GuardDuty findings as exported to S3: gzip JSON Lines, one finding per line, in the finding JSON
 * of GetFindings (camelCase, schemaVersion 2.0). A finding is one record per detector that GuardDuty
 * keeps updating while the activity repeats: the same `id`, a growing `service.count`, a later
 * `updatedAt` and `eventLastSeen`, and the action of the latest occurrence. Every export of it is a
 * line, so counting findings means keeping the latest line per id.
 */
import { fileStamp } from './awsIds';
import { whois } from './internet';
import { privateDnsName, type Host, type Vpc } from './network';
import type { Json, JsonObject } from './record';

export const FINDING_TYPES = {
  'Recon:EC2/PortProbeUnprotectedPort': { severity: 2, feature: 'FlowLogs' },
  'UnauthorizedAccess:IAMUser/MaliciousIPCaller': { severity: 5, feature: 'CloudTrail' },
  'PenTest:IAMUser/KaliLinux': { severity: 5, feature: 'CloudTrail' },
  'Persistence:IAMUser/AnomalousBehavior': { severity: 5, feature: 'CloudTrail' },
  'Discovery:IAMUser/AnomalousBehavior': { severity: 2, feature: 'CloudTrail' },
  'Trojan:EC2/DGADomainRequest.B': { severity: 8, feature: 'DnsLogs' },
  'Trojan:EC2/DNSDataExfiltration': { severity: 8, feature: 'DnsLogs' },
  'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS': { severity: 8, feature: 'CloudTrail' },
  'Behavior:EC2/NetworkPortUnusual': { severity: 5, feature: 'FlowLogs' },
  'Stealth:IAMUser/CloudTrailLoggingDisabled': { severity: 2, feature: 'CloudTrail' },
} as const;

export type FindingType = keyof typeof FINDING_TYPES;

const PORT_NAMES: Record<number, string> = { 22: 'SSH', 80: 'HTTP', 443: 'HTTPS', 3389: 'RDP', 5432: 'PostgreSQL' };
const port = (n: number): JsonObject => ({ port: n, portName: PORT_NAMES[n] ?? 'Unknown' });

/** Where an outside address is, as GuardDuty's geolocation reports it. */
export function remoteIpDetails(ip: string): JsonObject {
  const w = whois(ip);
  return {
    ipAddressV4: ip,
    organization: { asn: w.asn, asnOrg: w.asnOrg, isp: w.isp, org: w.org },
    country: { countryName: w.countryName },
    city: { cityName: w.cityName },
    geoLocation: { lat: w.lat, lon: w.lon },
  };
}

function publicDnsName(region: string, ip: string): string {
  const dashed = `ec2-${ip.replaceAll('.', '-')}`;
  return region === 'us-east-1' ? `${dashed}.compute-1.amazonaws.com` : `${dashed}.${region}.compute.amazonaws.com`;
}

export function instanceDetails(vpc: Vpc, host: Host): JsonObject {
  const dns = privateDnsName(vpc.region, host.ip);
  const nic: JsonObject = {
    ipv6Addresses: [],
    networkInterfaceId: host.eni,
    privateDnsName: dns,
    privateIpAddress: host.ip,
    privateIpAddresses: [{ privateDnsName: dns, privateIpAddress: host.ip }],
    subnetId: host.subnetId,
    vpcId: vpc.vpcId,
    securityGroups: [{ groupName: host.securityGroup!.name, groupId: host.securityGroup!.id }],
    publicDnsName: host.publicIp ? publicDnsName(vpc.region, host.publicIp) : '',
  };
  if (host.publicIp) nic.publicIp = host.publicIp;
  return {
    instanceId: host.instanceId!,
    instanceType: host.instanceType!,
    launchTime: host.launchTime!,
    platform: null,
    productCodes: [],
    iamInstanceProfile: host.instanceProfile!,
    networkInterfaces: [nic],
    tags: [{ key: 'Name', value: host.name }, { key: 'env', value: 'prod' }],
    instanceState: 'running',
    availabilityZone: host.az,
    imageId: host.imageId!,
    imageDescription: 'Amazon Linux 2023 AMI 2023.4.20240429.0 x86_64 HVM kernel-6.1',
  };
}

export const instanceResource = (vpc: Vpc, host: Host): JsonObject => ({ resourceType: 'Instance', instanceDetails: instanceDetails(vpc, host) });

export interface AccessKeyOwner {
  accessKeyId: string;
  principalId: string;
  userName: string;
  userType: 'IAMUser' | 'AssumedRole';
}

/** IAM findings name the key; credential exfiltration also names the instance the key belongs to. */
export function accessKeyResource(owner: AccessKeyOwner, instance?: { vpc: Vpc; host: Host }): JsonObject {
  const resource: JsonObject = { resourceType: 'AccessKey', accessKeyDetails: { ...owner } };
  if (instance) resource.instanceDetails = instanceDetails(instance.vpc, instance.host);
  return resource;
}

export const portProbeAction = (localIp: string, ports: readonly number[], remoteIp: string): JsonObject => ({
  actionType: 'PORT_PROBE',
  portProbeAction: {
    blocked: false,
    portProbeDetails: ports.map((p) => ({ localPortDetails: port(p), localIpDetails: { ipAddressV4: localIp }, remoteIpDetails: remoteIpDetails(remoteIp) })),
  },
});

export const outboundConnectionAction = (local: Host, localPort: number, remoteIp: string, remotePort: number): JsonObject => ({
  actionType: 'NETWORK_CONNECTION',
  networkConnectionAction: {
    connectionDirection: 'OUTBOUND',
    remoteIpDetails: remoteIpDetails(remoteIp),
    remotePortDetails: port(remotePort),
    localPortDetails: port(localPort),
    protocol: 'TCP',
    blocked: false,
    localIpDetails: { ipAddressV4: local.ip },
    localNetworkInterface: local.eni,
  },
});

export const dnsRequestAction = (domain: string): JsonObject => ({
  actionType: 'DNS_REQUEST',
  dnsRequestAction: { domain, protocol: 'UDP', blocked: false },
});

export const apiCallAction = (api: string, serviceName: string, remoteIp: string, userAgent?: string): JsonObject => {
  const call: JsonObject = { api, serviceName, callerType: 'Remote IP', remoteIpDetails: remoteIpDetails(remoteIp), affectedResources: {} };
  if (userAgent !== undefined) call.userAgent = userAgent;
  return { actionType: 'AWS_API_CALL', awsApiCallAction: call };
};

/** Everything about a finding that does not change between its exports. */
export interface FindingIdentity {
  /** One detector per account and region: the VPC's. IAM calls are reported where they were logged. */
  vpc: Vpc;
  id: string;
  type: FindingType;
  resource: JsonObject;
  resourceRole: 'TARGET' | 'ACTOR';
  /** Matched one of GuardDuty's threat lists (the attacker's address, scanners). */
  threatList?: string;
  title: string;
  description: string;
}

export interface FindingState {
  createdMs: number;
  updatedMs: number;
  firstSeenMs: number;
  lastSeenMs: number;
  count: number;
  action: JsonObject;
}

const msIso = (ms: number) => new Date(ms).toISOString();

/** One exported line: top-level keys in the order GuardDuty writes them. */
export function findingJson(identity: FindingIdentity, state: FindingState): JsonObject {
  const { vpc } = identity;
  const { region } = vpc;
  const info: JsonObject = identity.threatList !== undefined ? { threatListName: identity.threatList } : {};
  const service: JsonObject = {
    serviceName: 'guardduty',
    featureName: FINDING_TYPES[identity.type].feature,
    detectorId: vpc.detectorId,
    action: state.action,
    resourceRole: identity.resourceRole,
    additionalInfo: { ...info, value: JSON.stringify(info), type: 'default' },
    evidence: identity.threatList !== undefined ? { threatIntelligenceDetails: [{ threatNames: [], threatListName: identity.threatList }] } : null,
    eventFirstSeen: msIso(state.firstSeenMs),
    eventLastSeen: msIso(state.lastSeenMs),
    archived: false,
    count: state.count,
  };
  const finding: { [key: string]: Json } = {
    schemaVersion: '2.0',
    accountId: vpc.account.id,
    region,
    partition: 'aws',
    id: identity.id,
    arn: `arn:aws:guardduty:${region}:${vpc.account.id}:detector/${vpc.detectorId}/finding/${identity.id}`,
    type: identity.type,
    resource: identity.resource,
    service,
    severity: FINDING_TYPES[identity.type].severity,
    createdAt: msIso(state.createdMs),
    updatedAt: msIso(state.updatedMs),
    title: identity.title,
    description: identity.description,
  };
  return finding;
}

/** `AWSLogs/<account>/GuardDuty/<region>/YYYY/MM/DD/<uuid>.jsonl.gz`, dated by the export. */
export function findingsKey(accountId: string, region: string, exportedMs: number, name: string): string {
  const stamp = fileStamp(exportedMs);
  return `AWSLogs/${accountId}/GuardDuty/${region}/${stamp.slice(0, 4)}/${stamp.slice(4, 6)}/${stamp.slice(6, 8)}/${name}.jsonl.gz`;
}
