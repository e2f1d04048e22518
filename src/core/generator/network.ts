/**
 * The organisation's networks: one VPC per account and region, its subnets, the network interfaces
 * that talk (instances, Lambda, interface endpoints, the database and the cache), their addresses,
 * and the flow log, resolver query logging and GuardDuty detector that watch it. Flow records, DNS
 * answers and findings all draw from this one map, so an address seen in one source means the same
 * machine in the others. The home region's addresses are the ones CloudTrail already shows
 * (app instances 10.0.1.57 and 10.0.2.88, the Lambda at 10.0.8.121).
 */
import { hexId, uuid } from './awsIds';
import { Prng, deriveSeed } from './prng';
import type { AccountWorld, World } from './world';

export type HostRole = 'app' | 'web' | 'worker' | 'lambda' | 'endpoint' | 'database' | 'cache';

export interface Host {
  name: string;
  role: HostRole;
  eni: string;
  ip: string;
  subnetId: string;
  az: string;
  azId: string;
  /** EC2 instances only. */
  instanceId?: string;
  instanceType?: string;
  imageId?: string;
  launchTime?: string;
  publicIp?: string;
  securityGroup?: { id: string; name: string };
  instanceProfile?: { arn: string; id: string };
  /** Interface endpoints: the service whose private DNS name resolves to this address. */
  service?: string;
}

export interface Vpc {
  account: AccountWorld;
  accountIndex: number;
  region: string;
  /** The region listed first (always us-east-1): where the applications run. */
  home: boolean;
  vpcId: string;
  /** First two octets of the VPC's 10.x.0.0/16. */
  prefix: string;
  app: Host[];
  /** The public web server (first account only): the host internet scanners find. */
  web?: Host;
  worker?: Host;
  lambda?: Host;
  endpoints: Host[];
  database: Host;
  cache: Host;
  natPublicIp: string;
  flowLogId: string;
  /** The first account's home VPC has the security team's custom v5 format; the rest use the default. */
  flowLogFormat: 'default' | 'custom';
  detectorId: string;
  dbHostname: string;
  cacheHostname: string;
  /** Relative amount of traffic, for choosing where a background conversation happens. */
  weight: number;
}

export interface Network {
  vpcs: Vpc[];
  vpc(accountId: string, region: string): Vpc;
}

/** Interface endpoints with private DNS; S3 is a gateway endpoint and answers with public addresses. */
export const INTERFACE_ENDPOINTS = ['kms', 'ssm', 'secretsmanager', 'ec2messages', 'ssmmessages', 'logs'] as const;

/** Public address prefixes by region: EC2 (instances, NAT), S3 and other AWS service front ends. */
const PUBLIC_PREFIXES: Record<string, { ec2: string[]; s3: string[]; amazon: string[] }> = {
  'us-east-1': { ec2: ['3.84', '44.195', '54.208'], s3: ['52.216', '52.217', '54.231'], amazon: ['52.94', '3.218', '209.54'] },
  'eu-west-1': { ec2: ['34.243', '52.49', '54.73'], s3: ['52.218', '3.5'], amazon: ['52.119', '99.80'] },
  'us-west-2': { ec2: ['35.161', '44.231', '54.188'], s3: ['52.92', '52.218'], amazon: ['52.94', '34.223'] },
};
const FALLBACK_PREFIXES = { ec2: ['3.120', '18.130'], s3: ['52.95'], amazon: ['52.46'] };

/** A public AWS address of the given kind in the region, e.g. an S3 front end. */
export function awsPublicAddress(rng: Prng, region: string, kind: 'ec2' | 's3' | 'amazon'): string {
  const prefix = rng.pick((PUBLIC_PREFIXES[region] ?? FALLBACK_PREFIXES)[kind]);
  return prefix.split('.').length === 2 ? `${prefix}.${rng.range(0, 255)}.${rng.range(1, 254)}` : `${prefix}.${rng.range(1, 254)}`;
}

/** `us-east-1` → `use1`: the prefix of availability zone ids. */
export function regionShortName(region: string): string {
  const [geo, direction, digit] = region.split('-') as [string, string, string];
  const short = direction.replace(/north/g, 'n').replace(/south/g, 's').replace(/east/g, 'e').replace(/west/g, 'w').replace(/central/g, 'c');
  return `${geo}${short}${digit}`;
}

/** The instance's own DNS name, as EC2 names private addresses in the region. */
export function privateDnsName(region: string, ip: string): string {
  const host = `ip-${ip.replaceAll('.', '-')}`;
  return region === 'us-east-1' ? `${host}.ec2.internal` : `${host}.${region}.compute.internal`;
}

const ALNUM_LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';

function buildVpc(world: World, account: AccountWorld, accountIndex: number, region: string, regionIndex: number): Vpc {
  const rng = new Prng(deriveSeed(world.seed, 'network', account.id, region));
  const home = regionIndex === 0;
  const prefix = home ? '10.0' : `10.${30 + regionIndex * 4 + (accountIndex % 4)}`;
  const azOffset = rng.int(4);
  const zone = (i: number) => ({ az: `${region}${'abc'[i]}`, azId: `${regionShortName(region)}-az${((i + azOffset) % 6) + 1}` });
  const subnet = () => hexId(rng, 'subnet-0', 16);
  const subnets = { public: subnet(), appA: subnet(), appB: subnet(), worker: subnet(), lambda: subnet(), endpoints: subnet(), data: subnet() };
  const groups = { app: hexId(rng, 'sg-0', 16), web: hexId(rng, 'sg-0', 16), worker: hexId(rng, 'sg-0', 16) };
  const profileId = 'AIPA' + rng.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 17);
  const launched = Date.UTC(2024, 2, 4 + rng.int(20), rng.int(24), rng.int(60), rng.int(60));
  const host = (name: string, role: HostRole, ip: string, subnetId: string, zoneIndex: number): Host => ({
    name, role, eni: hexId(rng, 'eni-0', 16), ip, subnetId, ...zone(zoneIndex),
  });
  const instance = (name: string, role: HostRole, ip: string, subnetId: string, zoneIndex: number, instanceId: string, type: string, group: keyof typeof groups): Host => ({
    ...host(name, role, ip, subnetId, zoneIndex),
    instanceId,
    instanceType: type,
    imageId: hexId(rng, 'ami-0', 16),
    launchTime: new Date(launched + rng.int(86_400) * 1000).toISOString().slice(0, 19) + '.000Z',
    securityGroup: { id: groups[group], name: `${group}-servers` },
    instanceProfile: { arn: `arn:aws:iam::${account.id}:instance-profile/${group === 'app' ? 'app-backend-profile' : `${group}-profile`}`, id: profileId },
  });
  const ids = account.instances[region] ?? [];
  const app = [
    instance('app-1', 'app', `${prefix}.1.57`, subnets.appA, 0, ids[0]!, 'm6i.large', 'app'),
    instance('app-2', 'app', `${prefix}.2.88`, subnets.appB, 1, ids[1]!, 'm6i.large', 'app'),
  ];
  const vpc: Vpc = {
    account,
    accountIndex,
    region,
    home,
    vpcId: account.vpcs[region]!,
    prefix,
    app,
    endpoints: INTERFACE_ENDPOINTS.map((service, i) => ({ ...host(`${service} endpoint`, 'endpoint', `${prefix}.10.${11 + i}`, subnets.endpoints, i % 2), service })),
    database: host('orders-db', 'database', `${prefix}.20.15`, subnets.data, 0),
    cache: host('orders-cache', 'cache', `${prefix}.20.37`, subnets.data, 1),
    natPublicIp: awsPublicAddress(rng, region, 'ec2'),
    flowLogId: hexId(rng, 'fl-0', 16),
    flowLogFormat: account.primary && home ? 'custom' : 'default',
    detectorId: uuid(rng).replaceAll('-', ''),
    dbHostname: `orders-db.${rng.chars(ALNUM_LOWER, 12)}.${region}.rds.amazonaws.com`,
    cacheHostname: `orders-cache.${rng.chars(ALNUM_LOWER, 6)}.ng.0001.${regionShortName(region)}.cache.amazonaws.com`,
    weight: (account.primary ? 3 : 1) * (home ? 3 : 1),
  };
  if (ids[2] !== undefined) {
    vpc.web = { ...instance('web-1', 'web', `${prefix}.0.21`, subnets.public, 0, ids[2], 't3.medium', 'web'), publicIp: awsPublicAddress(rng, region, 'ec2') };
  }
  if (ids[3] !== undefined) vpc.worker = instance('worker-1', 'worker', `${prefix}.3.40`, subnets.worker, 1, ids[3], 'c6i.large', 'worker');
  if (home) vpc.lambda = host('orders-processor', 'lambda', `${prefix}.8.121`, subnets.lambda, 0);
  return vpc;
}

export function buildNetwork(world: World): Network {
  const vpcs = world.accounts.flatMap((account, a) => world.regions.map((region, r) => buildVpc(world, account, a, region, r)));
  const index = new Map(vpcs.map((v) => [`${v.account.id}|${v.region}`, v]));
  return {
    vpcs,
    vpc(accountId, region) {
      const found = index.get(`${accountId}|${region}`);
      if (found === undefined) throw new RangeError(`no VPC for ${accountId} in ${region}`);
      return found;
    },
  };
}

/** Every instance-like host of a VPC that resolves names and opens connections. */
export function clients(vpc: Vpc): Host[] {
  return [...vpc.app, ...(vpc.web ? [vpc.web] : []), ...(vpc.worker ? [vpc.worker] : []), ...(vpc.lambda ? [vpc.lambda] : [])];
}
