/**
 * Who produces the background: people in the console, CI, an application's instance role, a Lambda
 * function, AWS services. Each actor has a rhythm (day and night weights), a habit (weighted calls),
 * a place (regions, source IPs) and, where CloudTrail logs it, a session start (AssumeRole by an AWS
 * service, ConsoleLogin). Internal addresses are private (10/8, the hosts of network.ts) or the
 * office's documentation range 192.0.2.0/24; one traveller signs in from 198.51.100.140, so
 * "external" is never only the attacker.
 */
import { CALLS, denied, type CallName } from './apiCalls';
import { javaDate, sessionToken } from './awsIds';
import { assumedRole, awsService, iamUserConsole, iamUserSignIn, iamUserWithKey, sessionAt, type Session } from './identities';
import { Prng, WeightedTable, type Weighted } from './prng';
import type { ApiCall, Caller } from './record';
import { TRAVELLER_IP } from './internet';
import type { Network } from './network';
import { GLOBAL_REGION, type AccountWorld, type IamRole, type IamUser, type World } from './world';

export const HOUR_MS = 3_600_000;

export interface ActorEvent {
  caller: Caller;
  call: ApiCall;
  region: string;
  account: AccountWorld;
}

export interface Actor {
  key: string;
  account: AccountWorld;
  /** Relative activity in office hours and outside them. */
  dayWeight: number;
  nightWeight: number;
  /** A background event by this actor at `timeMs`. */
  act(rng: Prng, timeMs: number): ActorEvent;
  /** Sessions whose start CloudTrail records; `startEvent` builds that record. */
  session?: { periodMs: number; startEvent(rng: Prng, session: Session): ActorEvent };
}

const BROWSER_UAS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
];
const TERRAFORM_UA =
  'APN/1.0 HashiCorp/1.0 Terraform/1.8.2 (+https://www.terraform.io) terraform-provider-aws/5.48.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.2 md/GOOS#linux md/GOARCH#amd64';
const JAVA_UA =
  'aws-sdk-java/2.25.40 Linux/5.10.215-203.850.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.11+9-LTS Java/17.0.11 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy';
const LAMBDA_UA =
  'aws-sdk-js/3.569.0 ua/2.0 os/linux#5.10.214-223.829.amzn2.x86_64 lang/js md/nodejs#20.12.2 exec-env/AWS_Lambda_nodejs20.x';

/** The AWS CLI names the command it ran; investigators read this to tell hands from scripts. */
export function cliUserAgent(call: ApiCall, platform: string): string {
  const service = call.eventSource.slice(0, call.eventSource.indexOf('.'));
  const op = call.eventName.replace(/\d{8}(v\d)?$/, '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  // The CLI's own naming: object copies are `s3 cp`, other S3 calls `s3api`, CloudWatch is `monitoring`'s name.
  const command = call.dataEvent ? 's3.cp' : `${service === 's3' ? 's3api' : service === 'monitoring' ? 'cloudwatch' : service}.${op}`;
  return `aws-cli/2.15.42 Python/3.11.8 ${platform} prompt/off command/${command}`;
}

function table(weights: Partial<Record<CallName, number>>): WeightedTable<CallName> {
  return new WeightedTable(Object.entries(weights).map(([value, weight]) => ({ value: value as CallName, weight: weight! })));
}

function regionTable(world: World, homeShare: number): WeightedTable<string> {
  const others = world.regions.length - 1;
  const items: Weighted<string>[] = world.regions.map((region, i) => ({
    value: region,
    weight: i === 0 ? (others === 0 ? 1 : homeShare) : (1 - homeShare) / others,
  }));
  return new WeightedTable(items);
}

/** A denied write is recorded with the service's error and no response. */
function maybeDeny(call: ApiCall, principalArn: string, denyWrites: boolean): ApiCall {
  if (denyWrites && !call.readOnly) call.error = denied(call.eventSource, call.eventName, principalArn);
  return call;
}

/** AWS services fetch role credentials themselves: an AssumeRole by the service, no TLS, no user agent of ours. */
function serviceAssumeRole(rng: Prng, account: AccountWorld, role: IamRole, sessionName: string, session: Session, service: string, region: string): ActorEvent {
  return {
    account,
    region,
    caller: { identity: awsService(service), sourceIPAddress: service, userAgent: service },
    call: {
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      readOnly: true,
      requestParameters: { roleArn: role.arn, roleSessionName: sessionName, durationSeconds: 3600 },
      responseElements: {
        credentials: { accessKeyId: session.accessKeyId, sessionToken: sessionToken(rng), expiration: javaDate(session.startMs + HOUR_MS, true) },
        assumedRoleUser: { assumedRoleId: `${role.roleId}:${sessionName}`, arn: `arn:aws:sts::${account.id}:assumed-role/${role.name}/${sessionName}` },
      },
      resources: [{ accountId: account.id, type: 'AWS::IAM::Role', ARN: role.arn }],
    },
  };
}

function keyUserActor(world: World, account: AccountWorld, user: IamUser, opts: {
  ips: string[]; userAgent: (call: ApiCall) => string; calls: WeightedTable<CallName>; day: number; night: number; homeShare: number;
}): Actor {
  const identity = iamUserWithKey(user);
  const regions = regionTable(world, opts.homeShare);
  return {
    key: `${account.id}/user/${user.name}`,
    account,
    dayWeight: opts.day,
    nightWeight: opts.night,
    act(rng, timeMs) {
      const region = regions.pick(rng);
      const call = CALLS[opts.calls.pick(rng)]({ rng, account, region, timeMs });
      return { account, region, call, caller: { identity, sourceIPAddress: rng.pick(opts.ips), userAgent: opts.userAgent(call), tls: { version: 'TLSv1.3' } } };
    },
  };
}

const CONSOLE_READS: Partial<Record<CallName, number>> = {
  'ec2.DescribeInstances': 8, 'ec2.DescribeSecurityGroups': 3, 'ec2.DescribeVpcs': 2, 'ec2.DescribeSubnets': 2, 'ec2.DescribeVolumes': 2,
  'ec2.DescribeInstanceStatus': 3, 's3.ListBuckets': 4, 's3.GetBucketLocation': 3, 's3.GetBucketAcl': 2, 's3.GetBucketPolicy': 2,
  's3.GetBucketVersioning': 2, 'iam.ListRoles': 2, 'iam.GetRole': 2, 'iam.ListUsers': 1, 'cloudtrail.LookupEvents': 2,
  'cloudtrail.DescribeTrails': 1, 'monitoring.DescribeAlarms': 4, 'logs.DescribeLogGroups': 3, 'lambda.ListFunctions': 2,
  'lambda.GetFunction': 2, 'cloudformation.DescribeStacks': 2, 'dynamodb.DescribeTable': 1, 'kms.DescribeKey': 1,
};

function ssoActor(world: World, account: AccountWorld, person: string, roleIndex: number, officeIp: string): Actor {
  const role = account.ssoRoles[roleIndex]!;
  const sessionName = `${person}@example.com`;
  const key = `${account.id}/sso/${person}`;
  const writer = !role.name.includes('ReadOnly');
  // Read-only people still click "Add tag" now and then; the denial is part of normal noise.
  const calls = table({ ...CONSOLE_READS, 'ec2.CreateTags': writer ? 2 : 0.3, 'ssm.PutParameter': writer ? 1 : 0, 'iam.CreateAccessKey': role.name.includes('Administrator') ? 0.005 : 0 });
  const regions = regionTable(world, 0.6);
  const userAgent = BROWSER_UAS[roleIndex % BROWSER_UAS.length]!;
  return {
    key,
    account,
    dayWeight: 2,
    nightWeight: 0.05,
    act(rng, timeMs) {
      const region = regions.pick(rng);
      const session = sessionAt(world.seed, key, 8 * HOUR_MS, timeMs);
      const identity = assumedRole(role, sessionName, session);
      const call = maybeDeny(CALLS[calls.pick(rng)]({ rng, account, region, timeMs }), identity.arn!, !writer);
      return { account, region, call, caller: { identity, sourceIPAddress: officeIp, userAgent, tls: { version: 'TLSv1.3' }, fromConsole: true } };
    },
  };
}

const TRAVELLER_PERIOD_MS = 8 * HOUR_MS;
const travellerKey = (account: AccountWorld) => `${account.id}/console/${account.users.consoleUser!.name}`;

/** The travelling console user's session at `timeMs`; GuardDuty's findings about it name the same key. */
export function travellerSession(seed: number, account: AccountWorld, timeMs: number): Session {
  return sessionAt(seed, travellerKey(account), TRAVELLER_PERIOD_MS, timeMs);
}

function consoleUserActor(world: World, account: AccountWorld): Actor | undefined {
  const user = account.users.consoleUser;
  if (user === undefined) return undefined;
  const key = travellerKey(account);
  const calls = table({ ...CONSOLE_READS, 'ec2.CreateTags': 1.5 });
  const regions = regionTable(world, 0.5);
  const ip = TRAVELLER_IP;
  const userAgent = BROWSER_UAS[1]!;
  return {
    key,
    account,
    // Travelling in another time zone: active around the clock from the office's point of view.
    dayWeight: 1.5,
    nightWeight: 1.5,
    act(rng, timeMs) {
      const region = regions.pick(rng);
      const identity = iamUserConsole(user, travellerSession(world.seed, account, timeMs), true);
      return { account, region, call: CALLS[calls.pick(rng)]({ rng, account, region, timeMs }), caller: { identity, sourceIPAddress: ip, userAgent, tls: { version: 'TLSv1.3' }, fromConsole: true } };
    },
    session: {
      periodMs: TRAVELLER_PERIOD_MS,
      startEvent: () => ({
        account,
        region: GLOBAL_REGION,
        caller: { identity: iamUserSignIn(user), sourceIPAddress: ip, userAgent, tls: { version: 'TLSv1.3' } },
        call: consoleLogin(`arn:aws:iam::${account.id}:mfa/${user.name}`),
      }),
    },
  };
}

/** A successful console sign-in; `mfaDevice` undefined means no MFA was used. */
export function consoleLogin(mfaDevice?: string): ApiCall {
  const additionalEventData: Record<string, string> = { LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true', MobileVersion: 'No' };
  if (mfaDevice !== undefined) additionalEventData.MFAIdentifier = mfaDevice;
  additionalEventData.MFAUsed = mfaDevice === undefined ? 'No' : 'Yes';
  return {
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    readOnly: false,
    requestParameters: null,
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData,
    eventType: 'AwsConsoleSignIn',
    awsRegion: GLOBAL_REGION,
    host: 'signin.aws.amazon.com',
  };
}

const workloadKey = (account: AccountWorld, role: IamRole, sessionName: string) => `${account.id}/role/${role.name}/${sessionName}`;

/**
 * The application role's session on an EC2 instance at `timeMs` (the instance id is the session
 * name): the credentials anyone who reads the instance's metadata service gets.
 */
export function instanceRoleSession(seed: number, account: AccountWorld, instanceId: string, timeMs: number): Session {
  return sessionAt(seed, workloadKey(account, account.appRole, instanceId), HOUR_MS, timeMs);
}

/** A role used by code on AWS compute: EC2 instance or Lambda function. */
function workloadActor(world: World, account: AccountWorld, opts: {
  role: IamRole; sessionName: string; service: 'ec2.amazonaws.com' | 'lambda.amazonaws.com'; ip: string; userAgent: string;
  calls: WeightedTable<CallName>; weight: number;
}): Actor {
  const key = workloadKey(account, opts.role, opts.sessionName);
  const region = world.regions[0]!;
  const extra = opts.service === 'ec2.amazonaws.com' ? { ec2RoleDelivery: '2.0' } : {};
  return {
    key,
    account,
    dayWeight: opts.weight,
    nightWeight: opts.weight * 0.6,
    act(rng, timeMs) {
      const identity = assumedRole(opts.role, opts.sessionName, sessionAt(world.seed, key, HOUR_MS, timeMs), extra);
      const call = CALLS[opts.calls.pick(rng)]({ rng, account, region, timeMs });
      const caller: Caller = { identity, sourceIPAddress: opts.ip, userAgent: opts.userAgent, tls: { version: 'TLSv1.3' } };
      const service = call.eventSource.slice(0, call.eventSource.indexOf('.'));
      // The application subnets reach these services through interface and gateway endpoints.
      const endpoint = account.vpcEndpoints[`${region}/${service}`];
      if (endpoint !== undefined && opts.service === 'ec2.amazonaws.com') caller.vpcEndpointId = endpoint;
      return { account, region: call.awsRegion ?? region, call, caller };
    },
    session: { periodMs: HOUR_MS, startEvent: (rng, session) => serviceAssumeRole(rng, account, opts.role, opts.sessionName, session, opts.service, region) },
  };
}

/** Service-linked roles: the service calls with its own name as source address and user agent. */
function serviceLinkedActor(world: World, account: AccountWorld, role: IamRole, calls: WeightedTable<CallName>, weight: number): Actor {
  const service = role.service!;
  const sessionName = `${service.split('.')[0]}-${role.roleId.slice(-6).toLowerCase()}`;
  const key = `${account.id}/slr/${role.name}`;
  const regions = regionTable(world, 1 / world.regions.length);
  return {
    key,
    account,
    dayWeight: weight,
    nightWeight: weight,
    act(rng, timeMs) {
      const region = regions.pick(rng);
      const identity = assumedRole(role, sessionName, sessionAt(world.seed, key, HOUR_MS, timeMs), { invokedBy: service });
      return { account, region, call: CALLS[calls.pick(rng)]({ rng, account, region, timeMs }), caller: { identity, sourceIPAddress: service, userAgent: service } };
    },
    session: { periodMs: HOUR_MS, startEvent: (rng, session) => serviceAssumeRole(rng, account, role, sessionName, session, service, world.regions[0]!) },
  };
}

/** CloudTrail itself asks KMS for a data key per log file it encrypts. */
function trailEncryptionActor(world: World, account: AccountWorld): Actor {
  const regions = regionTable(world, 1 / world.regions.length);
  return {
    key: `${account.id}/service/cloudtrail`,
    account,
    dayWeight: 1.5,
    nightWeight: 1.5,
    act(rng, timeMs) {
      const region = regions.pick(rng);
      const call = CALLS['kms.GenerateDataKey']({ rng, account, region, timeMs });
      call.requestParameters = { ...call.requestParameters, encryptionContext: { 'aws:cloudtrail:arn': account.trailArn } };
      return { account, region, call, caller: { identity: awsService('cloudtrail.amazonaws.com'), sourceIPAddress: 'cloudtrail.amazonaws.com', userAgent: 'cloudtrail.amazonaws.com' } };
    },
  };
}

export function buildActors(world: World, network: Network): Actor[] {
  const actors: Actor[] = [];
  for (const account of world.accounts) {
    actors.push(keyUserActor(world, account, account.users.ci, {
      ips: ['10.20.4.17', '10.20.4.33', '10.20.5.12'],
      userAgent: () => TERRAFORM_UA,
      calls: table({
        'sts.GetCallerIdentity': 3, 'ec2.DescribeInstances': 3, 'ec2.DescribeSecurityGroups': 3, 'ec2.DescribeVpcs': 3, 'ec2.DescribeSubnets': 3,
        's3.GetBucketAcl': 2, 's3.GetBucketPolicy': 2, 's3.GetBucketVersioning': 2, 'iam.GetRole': 3, 'iam.ListAttachedRolePolicies': 2,
        'cloudformation.DescribeStacks': 2, 'cloudformation.UpdateStack': 0.3, 'lambda.GetFunction': 2, 'lambda.UpdateFunctionCode': 0.4,
        'ssm.PutParameter': 0.3, 'ec2.CreateTags': 0.5, 'kms.DescribeKey': 1,
      }),
      day: 3,
      night: 1,
      homeShare: 0.6,
    }));
    if (account.users.developer !== undefined) {
      actors.push(keyUserActor(world, account, account.users.developer, {
        ips: ['192.0.2.25', '10.8.0.14'],
        userAgent: (call) => cliUserAgent(call, 'Linux/6.5.0-35-generic exe/x86_64.ubuntu.22'),
        calls: table({
          'sts.GetCallerIdentity': 2, 'lambda.ListFunctions': 2, 'lambda.GetFunction': 3, 'lambda.UpdateFunctionCode': 1, 'logs.DescribeLogGroups': 3,
          'cloudformation.DescribeStacks': 2, 's3.ListBuckets': 1, 'ec2.DescribeInstances': 2, 'ssm.GetParameter': 2, 'dynamodb.DescribeTable': 1,
        }),
        day: 1.5,
        night: 0.03,
        homeShare: 0.8,
      }));
    }
    const consoleUser = consoleUserActor(world, account);
    if (consoleUser) actors.push(consoleUser);
    world.people.forEach((person, i) => actors.push(ssoActor(world, account, person, i % account.ssoRoles.length, `192.0.2.${41 + i}`)));
    const appCalls = table({
      'kms.Decrypt': 5, 'kms.GenerateDataKey': 3, 'ssm.GetParameter': 3, 'secretsmanager.GetSecretValue': 2, 'dynamodb.DescribeTable': 0.5,
      's3.GetObject': account.sensitiveBucket ? 4 : 0, 's3.PutObject': account.sensitiveBucket ? 2 : 0, 'sts.GetCallerIdentity': 0.2,
    });
    network.vpc(account.id, world.regions[0]!).app.forEach((host) =>
      actors.push(workloadActor(world, account, { role: account.appRole, sessionName: host.instanceId!, service: 'ec2.amazonaws.com', ip: host.ip, userAgent: JAVA_UA, calls: appCalls, weight: 6 })),
    );
    actors.push(workloadActor(world, account, {
      role: account.lambdaRole, sessionName: 'orders-processor', service: 'lambda.amazonaws.com', ip: network.vpc(account.id, world.regions[0]!).lambda!.ip, userAgent: LAMBDA_UA,
      calls: table({ 'kms.Decrypt': 4, 'logs.CreateLogStream': 2, 'secretsmanager.GetSecretValue': 2, 'ssm.GetParameter': 2, 'dynamodb.DescribeTable': 1 }),
      weight: 4,
    }));
    const [config, guardDuty, trustedAdvisor] = account.serviceLinkedRoles;
    actors.push(serviceLinkedActor(world, account, config!, table({
      'ec2.DescribeInstances': 3, 'ec2.DescribeSecurityGroups': 3, 'ec2.DescribeVpcs': 2, 'ec2.DescribeSubnets': 2, 'ec2.DescribeVolumes': 2,
      's3.GetBucketAcl': 2, 's3.GetBucketPolicy': 2, 's3.GetBucketVersioning': 2, 'iam.GetRole': 2, 'iam.ListAttachedRolePolicies': 2,
      'kms.DescribeKey': 1, 'lambda.GetFunction': 1, 'config.DescribeConfigRules': 1,
    }), 4));
    actors.push(serviceLinkedActor(world, account, guardDuty!, table({ 'ec2.DescribeInstances': 2, 'ec2.DescribeVpcs': 1, 's3.GetBucketAcl': 1, 'guardduty.ListDetectors': 1 }), 1));
    actors.push(serviceLinkedActor(world, account, trustedAdvisor!, table({ 'ec2.DescribeVolumes': 1, 's3.GetBucketAcl': 1, 'iam.ListUsers': 1, 'iam.ListAccessKeys': 1, 'cloudtrail.DescribeTrails': 1 }), 0.7));
    actors.push(trailEncryptionActor(world, account));
  }
  return actors;
}

/** Actor choice tables for office hours and for the rest of the day, built once per corpus. */
export function actorTables(actors: Actor[]): { day: WeightedTable<Actor>; night: WeightedTable<Actor> } {
  return {
    day: new WeightedTable(actors.map((value) => ({ value, weight: value.dayWeight }))),
    night: new WeightedTable(actors.map((value) => ({ value, weight: value.nightWeight }))),
  };
}
