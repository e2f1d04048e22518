/**
 * The incident as CloudTrail tells it. A developer's long-term access key has leaked; an attacker
 * uses it from outside, looks around, is denied a few things, creates a backdoor IAM user with an
 * access key, administrator rights and a console password, signs in without MFA, runs a shell
 * script on an application instance through SSM, uses that instance's role credentials from
 * outside, copies customer exports, then weakens and stops the trail until a guardrail Lambda turns
 * it back on. The network and GuardDuty sides of the same incident are in incidentNetwork.ts and
 * incidentFindings.ts; docs/generator.md has the whole timeline as a table.
 */
import { cliUserAgent, consoleLogin, instanceRoleSession, type ActorEvent } from './actors';
import { denied, objectCall } from './apiCalls';
import { accessKeyId, iamUniqueId, javaDate, uuid } from './awsIds';
import { assumedRole, iamUserConsole, iamUserSignIn, iamUserWithKey, sessionAt, type Session } from './identities';
import { ATTACKER_CONSOLE_IP, ATTACKER_IP } from './internet';
import type { Network } from './network';
import { Prng, deriveSeed } from './prng';
import { assembleRecord, type ApiCall, type Caller, type CloudTrailRecord, type JsonObject } from './record';
import { GLOBAL_REGION, type IamUser, type World } from './world';

export const BACKDOOR_USER = 'svc-backup-sync';
const ATTACKER_PLATFORM = 'Linux/6.6.9-amd64 exe/x86_64.kali.2024';
const ATTACKER_BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0';
const REMEDIATION_IP = '10.0.8.140';
const REMEDIATION_UA = 'aws-sdk-js/3.569.0 ua/2.0 os/linux lang/js md/nodejs#20.12.2 exec-env/AWS_Lambda_nodejs20.x';

/** Events CloudTrail did not record for the account because the attacker turned logging off. */
export interface Blackout {
  accountId: string;
  fromMs: number;
  toMs: number;
  /** Only data events were switched off (event selectors), management events still flowed. */
  dataOnly: boolean;
}

/** What an investigator should end up knowing from CloudTrail; tests and docs check the corpus against it. */
export interface TrailFacts {
  accountId: string;
  attackerIp: string;
  attackerConsoleIp: string;
  leakedUser: string;
  leakedAccessKeyId: string;
  backdoorUser: string;
  backdoorUserArn: string;
  backdoorAccessKeyId: string;
  backdoorConsoleAccessKeyId: string;
  bucket: string;
  exfiltratedKeys: string[];
  trailArn: string;
  /** The application instance the attacker ran a script on, and its role credentials they took. */
  compromisedInstanceId: string;
  compromisedInstanceIp: string;
  stolenSessionAccessKeyId: string;
  /** The SSM command that ran the attacker's script. */
  commandId: string;
  startMs: number;
  endMs: number;
}

export interface StoryEvent {
  timeMs: number;
  step: string;
  record: CloudTrailRecord;
}

/** A call CloudTrail's files do not hold (the trail was stopped) but GuardDuty still saw. */
export interface UnloggedCall {
  timeMs: number;
  eventSource: string;
  eventName: string;
  accessKeyId: string;
}

export interface Story {
  facts: TrailFacts;
  events: StoryEvent[];
  blackouts: Blackout[];
  unlogged: UnloggedCall[];
}

/**
 * How far the incident reaches before and after the first API call: the network reconnaissance
 * starts about 32 minutes before it, and GuardDuty's last update is exported about an hour after.
 */
export const STORY_LEAD_MINUTES = 35;
export const STORY_TAIL_MINUTES = 70;

export function planStory(world: World, network: Network, startMs: number): Story {
  const rng = new Prng(deriveSeed(world.seed, 'story'));
  const account = world.primary;
  const developer = account.users.developer!;
  const bucket = account.sensitiveBucket!;
  const pivotAccount = world.accounts[1] ?? account;
  const backdoor: IamUser = {
    name: BACKDOOR_USER,
    userId: iamUniqueId(rng, 'user'),
    arn: `arn:aws:iam::${account.id}:user/${BACKDOOR_USER}`,
    accountId: account.id,
    accessKeyId: accessKeyId(rng, 'long-term'),
  };
  const exfiltratedKeys = ['exports/full/customers-2024.csv.gz', 'exports/full/payment-methods-2024.csv.gz', 'exports/full/orders-2024.csv.gz'];
  const events: StoryEvent[] = [];
  let consoleSession: Session | undefined;

  // Offsets are seconds after the first call; a little seed-driven jitter keeps seeds distinct.
  const at = (offsetSeconds: number) => startMs + (offsetSeconds + rng.int(5)) * 1000;
  const emit = (timeMs: number, step: string, actor: ActorEvent) => {
    const record = assembleRecord(rng, { timeMs, region: actor.region, recipientAccountId: actor.account.id }, actor.caller, actor.call);
    events.push({ timeMs, step, record });
  };
  const cli = (identityUser: IamUser, key: string, call: ApiCall, region = GLOBAL_REGION): ActorEvent => ({
    account,
    region,
    call,
    caller: { identity: iamUserWithKey(identityUser, key), sourceIPAddress: ATTACKER_IP, userAgent: cliUserAgent(call, ATTACKER_PLATFORM), tls: { version: 'TLSv1.3' } },
  });
  const asDeveloper = (call: ApiCall, region = GLOBAL_REGION) => cli(developer, developer.accessKeyId, call, region);
  const inConsole = (call: ApiCall): ActorEvent => ({
    account,
    region: GLOBAL_REGION,
    call,
    caller: { identity: iamUserConsole(backdoor, consoleSession!, false), sourceIPAddress: ATTACKER_CONSOLE_IP, userAgent: ATTACKER_BROWSER, tls: { version: 'TLSv1.3' }, fromConsole: true },
  });
  const iam = (eventName: string, readOnly: boolean, requestParameters: JsonObject | null, responseElements: JsonObject | null = null): ApiCall => ({
    eventSource: 'iam.amazonaws.com', eventName, readOnly, requestParameters, responseElements, awsRegion: GLOBAL_REGION,
  });

  // Discovery with the leaked key.
  emit(at(0), 'discovery', asDeveloper({ eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', readOnly: true, requestParameters: null, host: 'sts.amazonaws.com' }));
  emit(at(38), 'discovery', asDeveloper(iam('ListUsers', true, null)));
  const gaad = iam('GetAccountAuthorizationDetails', true, { filter: ['User', 'Role', 'Group', 'LocalManagedPolicy'] });
  gaad.error = denied('iam.amazonaws.com', 'GetAccountAuthorizationDetails', developer.arn);
  emit(at(61), 'discovery-denied', asDeveloper(gaad));
  emit(at(95), 'discovery', asDeveloper(iam('ListAttachedUserPolicies', true, { userName: developer.name })));
  emit(at(142), 'discovery', asDeveloper({
    eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', readOnly: true, requestParameters: { Host: 's3.amazonaws.com' }, host: 's3.amazonaws.com', s3: { bytesIn: 0, bytesOut: 1288 },
  }));
  const bucketHost = `${bucket.name}.s3.${bucket.region}.amazonaws.com`;
  emit(at(171), 'discovery-denied', asDeveloper({
    eventSource: 's3.amazonaws.com', eventName: 'GetBucketPolicy', readOnly: true,
    requestParameters: { bucketName: bucket.name, Host: bucketHost, policy: '' },
    resources: [{ accountId: account.id, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket.name}` }],
    host: bucketHost, s3: { bytesIn: 0, bytesOut: 243 }, error: denied('s3.amazonaws.com', 'GetBucketPolicy', developer.arn),
  }, bucket.region));
  // Attackers sweep every region for compute they can use.
  world.regions.forEach((region, i) => emit(at(200 + 15 * i), 'discovery', asDeveloper({
    eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', readOnly: true, requestParameters: { instancesSet: {}, filterSet: {} },
  }, region)));
  const pivotRole = `arn:aws:iam::${pivotAccount.id}:role/OrganizationAccountAccessRole`;
  emit(at(290), 'lateral-movement-denied', asDeveloper({
    eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', readOnly: true, requestParameters: null, host: 'sts.amazonaws.com',
    error: { code: 'AccessDenied', message: `User: ${developer.arn} is not authorized to perform: sts:AssumeRole on resource: ${pivotRole}` },
  }));

  // Persistence: a user of their own, with a key, admin rights and a console password.
  const created = at(540);
  emit(created, 'persistence', asDeveloper(iam('CreateUser', false, { userName: backdoor.name, path: '/' }, {
    user: { path: '/', userName: backdoor.name, userId: backdoor.userId, arn: backdoor.arn, createDate: javaDate(created) },
  })));
  const keyMade = at(560);
  emit(keyMade, 'persistence', asDeveloper(iam('CreateAccessKey', false, { userName: backdoor.name }, {
    accessKey: { userName: backdoor.name, accessKeyId: backdoor.accessKeyId, status: 'Active', createDate: javaDate(keyMade) },
  })));
  emit(at(585), 'privilege-escalation', asDeveloper(iam('AttachUserPolicy', false, { userName: backdoor.name, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })));
  const profileMade = at(630);
  emit(profileMade, 'persistence', asDeveloper(iam('CreateLoginProfile', false, { userName: backdoor.name, passwordResetRequired: false }, {
    loginProfile: { userName: backdoor.name, createDate: javaDate(profileMade), passwordResetRequired: false },
  })));

  // The backdoor in use: its key from the CLI, its password in the console, no MFA.
  emit(at(840), 'discovery', cli(backdoor, backdoor.accessKeyId, { eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', readOnly: true, requestParameters: null, host: 'sts.amazonaws.com' }));
  const loginAt = at(960);
  consoleSession = { accessKeyId: accessKeyId(rng, 'session'), startMs: loginAt, index: 0 };
  emit(loginAt, 'initial-access', {
    account, region: GLOBAL_REGION, call: consoleLogin(),
    caller: { identity: iamUserSignIn(backdoor), sourceIPAddress: ATTACKER_CONSOLE_IP, userAgent: ATTACKER_BROWSER, tls: { version: 'TLSv1.3' } },
  });
  emit(at(1110), 'discovery', inConsole({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'DescribeTrails', readOnly: true, requestParameters: { includeShadowTrails: true } }));

  // Execution: a shell script on an application instance through SSM. It opens a C2 channel and
  // reads the instance role's credentials from the metadata service (the rest is on the network).
  const instance = network.vpc(account.id, GLOBAL_REGION).app[0]!;
  const commandAt = at(1150);
  const commandId = uuid(rng);
  emit(commandAt, 'execution', inConsole(sendCommand(account.id, instance.instanceId!, commandId, commandAt)));
  const stolen = instanceRoleSession(world.seed, account, instance.instanceId!, commandAt + 20_000);
  const asInstance = (call: ApiCall, region = GLOBAL_REGION): ActorEvent => ({
    account,
    region,
    call,
    caller: {
      identity: assumedRole(account.appRole, instance.instanceId!, stolen, { ec2RoleDelivery: '2.0' }),
      sourceIPAddress: ATTACKER_IP,
      userAgent: cliUserAgent(call, ATTACKER_PLATFORM),
      tls: { version: 'TLSv1.3' },
    },
  });
  const secret = (secretId: string): ApiCall => ({ eventSource: 'secretsmanager.amazonaws.com', eventName: 'GetSecretValue', readOnly: true, requestParameters: { secretId } });
  emit(at(1420), 'credential-access', asInstance({ eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', readOnly: true, requestParameters: null, host: 'sts.amazonaws.com' }));
  emit(at(1435), 'discovery', asInstance({
    eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', readOnly: true, requestParameters: { Host: 's3.amazonaws.com' }, host: 's3.amazonaws.com', s3: { bytesIn: 0, bytesOut: 1288 },
  }));
  emit(at(1450), 'credential-access', asInstance(secret(account.secrets[0]!)));

  // Collection: the customer exports, pulled with the backdoor key.
  const sizes = [48_213_771, 9_120_448, 130_552_019];
  exfiltratedKeys.forEach((key, i) => emit(at(1260 + 15 * i), 'exfiltration', cli(backdoor, backdoor.accessKeyId, objectCall(bucket, 'GetObject', key, sizes[i]!), bucket.region)));

  // Defence evasion: drop data events, then stop the trail.
  const selectorsOff = at(1560);
  const offSelectors = [{ readWriteType: 'All', includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] }];
  emit(selectorsOff, 'defense-evasion', inConsole({
    eventSource: 'cloudtrail.amazonaws.com', eventName: 'PutEventSelectors', readOnly: false,
    requestParameters: { trailName: account.trailArn, eventSelectors: offSelectors },
    responseElements: { trailARN: account.trailArn, eventSelectors: offSelectors },
  }));
  const stopped = at(1600);
  emit(stopped, 'defense-evasion', inConsole({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', readOnly: false, requestParameters: { name: account.trailArn } }));
  // With the trail off, the stolen instance credentials read the remaining secrets: only GuardDuty sees it.
  const unlogged: UnloggedCall[] = [
    { timeMs: at(1680), eventSource: 'secretsmanager.amazonaws.com', eventName: 'GetSecretValue', accessKeyId: stolen.accessKeyId },
    { timeMs: at(1710), eventSource: 'secretsmanager.amazonaws.com', eventName: 'ListSecrets', accessKeyId: stolen.accessKeyId },
    { timeMs: at(1745), eventSource: 'secretsmanager.amazonaws.com', eventName: 'GetSecretValue', accessKeyId: stolen.accessKeyId },
  ];

  // The guardrail Lambda notices (EventBridge rule on StopLogging) and restores the trail.
  const remediation = account.remediationRole;
  const remediationKey = `${account.id}/role/${remediation.name}`;
  const restarted = at(1840);
  const remediator = (call: ApiCall, timeMs: number): ActorEvent => {
    const identity = assumedRole(remediation, remediation.name, sessionAt(world.seed, remediationKey, 3_600_000, timeMs));
    const caller: Caller = { identity, sourceIPAddress: REMEDIATION_IP, userAgent: REMEDIATION_UA, tls: { version: 'TLSv1.3' } };
    return { account, region: GLOBAL_REGION, call, caller };
  };
  emit(restarted, 'remediation', remediator({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StartLogging', readOnly: false, requestParameters: { name: account.trailArn } }, restarted));
  const restoredSelectors = [{
    readWriteType: 'All', includeManagementEvents: true,
    dataResources: [{ type: 'AWS::S3::Object', values: [`arn:aws:s3:::${bucket.name}/`] }], excludeManagementEventSources: [],
  }];
  const restored = restarted + 5000;
  emit(restored, 'remediation', remediator({
    eventSource: 'cloudtrail.amazonaws.com', eventName: 'PutEventSelectors', readOnly: false,
    requestParameters: { trailName: account.trailArn, eventSelectors: restoredSelectors },
    responseElements: { trailARN: account.trailArn, eventSelectors: restoredSelectors },
  }, restored));

  // Emitted step by step in the order of the story's logic; delivered in time order.
  events.sort((a, b) => a.timeMs - b.timeMs);
  return {
    facts: {
      accountId: account.id,
      attackerIp: ATTACKER_IP,
      attackerConsoleIp: ATTACKER_CONSOLE_IP,
      leakedUser: developer.name,
      leakedAccessKeyId: developer.accessKeyId,
      backdoorUser: backdoor.name,
      backdoorUserArn: backdoor.arn,
      backdoorAccessKeyId: backdoor.accessKeyId,
      backdoorConsoleAccessKeyId: consoleSession.accessKeyId,
      bucket: bucket.name,
      exfiltratedKeys,
      trailArn: account.trailArn,
      compromisedInstanceId: instance.instanceId!,
      compromisedInstanceIp: instance.ip,
      stolenSessionAccessKeyId: stolen.accessKeyId,
      commandId,
      startMs: events[0]!.timeMs,
      endMs: restored,
    },
    events,
    unlogged,
    blackouts: [
      // Exclusive bounds: the StopLogging and StartLogging calls themselves are recorded.
      { accountId: account.id, fromMs: stopped + 1000, toMs: restarted, dataOnly: false },
      { accountId: account.id, fromMs: selectorsOff + 1000, toMs: restored, dataOnly: true },
    ],
  };
}

export function blackedOut(blackouts: readonly Blackout[], accountId: string, timeMs: number, dataEvent: boolean): boolean {
  for (const b of blackouts) {
    if (b.accountId === accountId && timeMs >= b.fromMs && timeMs < b.toMs && (dataEvent || !b.dataOnly)) return true;
  }
  return false;
}

/** ssm:SendCommand as CloudTrail records it: the script itself is hidden, the target is not. */
function sendCommand(accountId: string, instanceId: string, commandId: string, timeMs: number): ApiCall {
  const hidden = 'HIDDEN_DUE_TO_SECURITY_REASONS';
  return {
    eventSource: 'ssm.amazonaws.com',
    eventName: 'SendCommand',
    readOnly: false,
    requestParameters: { instanceIds: [instanceId], documentName: 'AWS-RunShellScript', parameters: hidden, interactive: false },
    responseElements: {
      command: {
        commandId, documentName: 'AWS-RunShellScript', documentVersion: '$DEFAULT', comment: '', expiresAfter: javaDate(timeMs + 7_200_000, true),
        parameters: hidden, instanceIds: [instanceId], targets: [], requestedDateTime: javaDate(timeMs, true), status: 'Pending', statusDetails: 'Pending',
        outputS3Region: GLOBAL_REGION, outputS3BucketName: '', outputS3KeyPrefix: '', maxConcurrency: '50', maxErrors: '0', targetCount: 1,
        completedCount: 0, errorCount: 0, deliveryTimedOutCount: 0, serviceRole: '', timeoutSeconds: 3600, triggeredAlarms: [],
      },
    },
    resources: [{ accountId, type: 'AWS::EC2::Instance', ARN: `arn:aws:ec2:${GLOBAL_REGION}:${accountId}:instance/${instanceId}` }],
    awsRegion: GLOBAL_REGION,
  };
}
