/**
 * The fictional organisation the evidence describes: accounts, IAM users and roles, and the
 * resources their calls touch. Names are fixed so docs and notebooks can refer to them; ids
 * (access keys, instance ids, KMS keys) come from the seed. Everything is built once, up front, and
 * is small: the volume of the corpus lives in the events, never here.
 */
import { accessKeyId, hexId, iamUniqueId, uuid } from './awsIds';
import { Prng, deriveSeed } from './prng';

export interface IamUser {
  name: string;
  userId: string;
  arn: string;
  accountId: string;
  /** The user's long-term key (AKIA…), for users that call APIs from scripts. */
  accessKeyId: string;
}

export interface IamRole {
  name: string;
  roleId: string;
  arn: string;
  accountId: string;
  /** For service-linked roles: the service principal that assumes it. */
  service?: string;
}

export interface Bucket {
  name: string;
  region: string;
  accountId: string;
}

export interface AccountWorld {
  id: string;
  /** The account the incident happens in. */
  primary: boolean;
  users: { ci: IamUser; developer?: IamUser; consoleUser?: IamUser };
  ssoRoles: IamRole[];
  appRole: IamRole;
  lambdaRole: IamRole;
  remediationRole: IamRole;
  serviceLinkedRoles: IamRole[];
  buckets: Bucket[];
  /** The bucket whose object reads and writes the trail records as data events. */
  sensitiveBucket?: Bucket;
  instances: Record<string, string[]>;
  vpcs: Record<string, string>;
  kmsKeys: Record<string, string>;
  vpcEndpoints: Record<string, string>;
  secrets: string[];
  parameters: string[];
  functions: string[];
  tables: string[];
  logGroups: string[];
  stacks: string[];
  trailName: string;
  trailArn: string;
}

export interface World {
  seed: number;
  regions: string[];
  accounts: AccountWorld[];
  primary: AccountWorld;
  /** Who works here: SSO session names, one per person. */
  people: string[];
}

/** Global services (IAM, STS's global endpoint, sign-in) log to this region whatever the caller's. */
export const GLOBAL_REGION = 'us-east-1';

export const PEOPLE = ['maria.garcia', 'sam.patel', 'noah.schmidt', 'aiko.tanaka', 'omar.haddad'];
const SSO_PERMISSION_SETS = ['AdministratorAccess', 'ReadOnlyAccess', 'PowerUserAccess'];

function user(rng: Prng, accountId: string, name: string): IamUser {
  return {
    name,
    userId: iamUniqueId(rng, 'user'),
    arn: `arn:aws:iam::${accountId}:user/${name}`,
    accountId,
    accessKeyId: accessKeyId(rng, 'long-term'),
  };
}

function role(rng: Prng, accountId: string, name: string, path = '/', service?: string): IamRole {
  const r: IamRole = { name, roleId: iamUniqueId(rng, 'role'), arn: `arn:aws:iam::${accountId}:role${path}${name}`, accountId };
  if (service !== undefined) r.service = service;
  return r;
}

function buildAccount(seed: number, accountId: string, primary: boolean, regions: string[]): AccountWorld {
  const rng = new Prng(deriveSeed(seed, 'account', accountId));
  const ssoSuffix = () => rng.chars('0123456789abcdef', 16);
  const bucketHome = regions[0]!;
  const buckets: Bucket[] = [
    { name: `examplecorp-app-assets-${accountId}`, region: bucketHome, accountId },
    { name: `examplecorp-build-artifacts-${accountId}`, region: bucketHome, accountId },
    { name: `examplecorp-access-logs-${accountId}`, region: bucketHome, accountId },
  ];
  const account: AccountWorld = {
    id: accountId,
    primary,
    users: { ci: user(rng, accountId, 'ci-deployer') },
    ssoRoles: SSO_PERMISSION_SETS.map((set) =>
      role(rng, accountId, `AWSReservedSSO_${set}_${ssoSuffix()}`, '/aws-reserved/sso.amazonaws.com/'),
    ),
    appRole: role(rng, accountId, 'app-backend-role'),
    lambdaRole: role(rng, accountId, 'orders-processor-role'),
    remediationRole: role(rng, accountId, 'security-guardrail-remediation'),
    serviceLinkedRoles: [
      role(rng, accountId, 'AWSServiceRoleForConfig', '/aws-service-role/config.amazonaws.com/', 'config.amazonaws.com'),
      role(rng, accountId, 'AWSServiceRoleForAmazonGuardDuty', '/aws-service-role/guardduty.amazonaws.com/', 'guardduty.amazonaws.com'),
      role(rng, accountId, 'AWSServiceRoleForTrustedAdvisor', '/aws-service-role/trustedadvisor.amazonaws.com/', 'trustedadvisor.amazonaws.com'),
    ],
    buckets,
    instances: {},
    vpcs: {},
    kmsKeys: {},
    vpcEndpoints: {},
    secrets: ['prod/orders/db-credentials', 'prod/payments/provider-api-key', 'prod/app/session-signing-key'],
    parameters: ['/prod/orders/db-host', '/prod/app/feature-flags', '/prod/app/log-level'],
    functions: ['orders-processor', 'image-resizer', 'security-guardrail-remediation'],
    tables: ['orders', 'customer-sessions'],
    logGroups: ['/aws/lambda/orders-processor', '/aws/lambda/image-resizer', '/app/backend'],
    stacks: ['network-baseline', 'orders-service', 'observability'],
    trailName: 'org-audit-trail',
    trailArn: `arn:aws:cloudtrail:${GLOBAL_REGION}:${accountId}:trail/org-audit-trail`,
  };
  if (primary) {
    account.users.developer = user(rng, accountId, 'alex.morgan');
    account.users.consoleUser = user(rng, accountId, 'li.wei');
    account.sensitiveBucket = { name: 'examplecorp-customer-exports', region: bucketHome, accountId };
    buckets.push(account.sensitiveBucket);
  }
  for (const region of regions) {
    account.instances[region] = Array.from({ length: primary ? 4 : 2 }, () => hexId(rng, 'i-0', 16));
    account.vpcs[region] = hexId(rng, 'vpc-0', 16);
    account.kmsKeys[region] = uuid(rng);
    for (const service of ['s3', 'kms', 'ssm', 'secretsmanager']) {
      account.vpcEndpoints[`${region}/${service}`] = hexId(rng, 'vpce-0', 16);
    }
  }
  return account;
}

export function buildWorld(seed: number, accountIds: string[], regions: string[]): World {
  const accounts = accountIds.map((id, i) => buildAccount(seed, id, i === 0, regions));
  return { seed, regions, accounts, primary: accounts[0]!, people: PEOPLE };
}

export function kmsKeyArn(account: AccountWorld, region: string): string {
  return `arn:aws:kms:${region}:${account.id}:key/${account.kmsKeys[region]}`;
}
