import assert from 'node:assert/strict';
import { generateEvidence, type GenerateSummary, type StoryFacts } from '../../../src/core/generator';
import { readCorpus, removeDir, tempDir, type JsonRecord } from './corpusFiles';

interface Identity {
  type?: string;
  arn?: string;
  userName?: string;
  accessKeyId?: string;
  sessionContext?: { attributes: { mfaAuthenticated: string; creationDate: string }; ec2RoleDelivery?: string };
}

const identity = (r: JsonRecord) => r.userIdentity as Identity;
const named = (records: JsonRecord[], eventName: string) => records.filter((r) => r.eventName === eventName);
const time = (r: JsonRecord) => Date.parse(r.eventTime as string);

const CASES: Array<{ label: string; options: { seed: number; events?: number; accounts?: string[]; regions?: string[] } }> = [
  { label: 'default corpus, seed 1', options: { seed: 1 } },
  { label: 'seed 2024, one account, two regions', options: { seed: 2024, events: 1500, accounts: ['123456789012'], regions: ['eu-central-1'] } },
];

for (const { label, options } of CASES) {
  describe(`core/generator story (${label})`, function () {
    // Generating and reading corpora takes seconds on a busy 2-core machine; the bound only catches hangs.
    this.timeout(30_000);
    let dir: string;
    let summary: GenerateSummary;
    let facts: StoryFacts;
    let records: JsonRecord[];
    before(async () => {
      dir = tempDir('story');
      summary = await generateEvidence({ outDir: dir, ...options });
      facts = summary.story;
      records = readCorpus(dir).map(({ record }) => record).sort((a, b) => time(a) - time(b));
      assert.ok(records.length > 100, `${records.length} CloudTrail records`);
    });
    after(() => removeDir(dir));

    const fromAttacker = () => records.filter((r) => r.sourceIPAddress === facts.attackerIp || r.sourceIPAddress === facts.attackerConsoleIp);

    it('starts with the leaked key from outside: GetCallerIdentity, then enumeration in every region', () => {
      const attacker = fromAttacker();
      assert.equal(attacker[0]!.eventName, 'GetCallerIdentity');
      assert.equal(identity(attacker[0]!).accessKeyId, facts.leakedAccessKeyId);
      assert.match(facts.leakedAccessKeyId, /^AKIA[A-Z2-7]{16}$/);
      const leaked = attacker.filter((r) => identity(r).accessKeyId === facts.leakedAccessKeyId);
      for (const name of ['ListUsers', 'ListBuckets']) assert.equal(named(leaked, name).length, 1, name);
      const regions = named(attacker, 'DescribeInstances').map((r) => r.awsRegion).sort();
      assert.deepEqual(regions, [...summary.options.regions].sort());
      // Normal use of the same key comes from the office, so the pivot on the key shows two worlds.
      assert.ok(records.some((r) => identity(r).accessKeyId === facts.leakedAccessKeyId && r.sourceIPAddress !== facts.attackerIp));
    });

    it('records the attacker\'s failed calls as AccessDenied with a message and no response', () => {
      const failed = fromAttacker().filter((r) => r.errorCode !== undefined);
      assert.ok(failed.length >= 3);
      for (const r of failed) {
        assert.equal(r.errorCode, 'AccessDenied');
        assert.equal(typeof r.errorMessage, 'string');
        assert.equal(r.responseElements, null);
      }
      assert.ok(failed.some((r) => r.eventName === 'AssumeRole' && /OrganizationAccountAccessRole/.test(r.errorMessage as string)));
    });

    it('creates exactly one backdoor user and exactly one access key for it, matching in the response', () => {
      const users = named(records, 'CreateUser');
      assert.equal(users.length, 1);
      assert.deepEqual(users[0]!.requestParameters, { userName: facts.backdoorUser, path: '/' });
      const keys = named(records, 'CreateAccessKey').filter((r) => (r.requestParameters as { userName: string }).userName === facts.backdoorUser);
      assert.equal(keys.length, 1);
      const [key] = keys;
      const accessKey = (key!.responseElements as { accessKey: Record<string, unknown> }).accessKey;
      assert.deepEqual(Object.keys(accessKey).sort(), ['accessKeyId', 'createDate', 'status', 'userName']);
      assert.equal(accessKey.userName, facts.backdoorUser);
      assert.equal(accessKey.accessKeyId, facts.backdoorAccessKeyId);
      assert.equal(accessKey.status, 'Active');
      assert.match(accessKey.createDate as string, /^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2} [AP]M$/);
      assert.equal(identity(key!).accessKeyId, facts.leakedAccessKeyId);
      assert.equal(key!.sourceIPAddress, facts.attackerIp);
      // The key the attacker made is the key the attacker then uses.
      assert.ok(records.some((r) => identity(r).accessKeyId === facts.backdoorAccessKeyId && r.eventName === 'GetCallerIdentity'));
    });

    it('escalates and persists in order: CreateUser → CreateAccessKey → AttachUserPolicy(Admin) → CreateLoginProfile → ConsoleLogin', () => {
      const step = (name: string) => fromAttacker().find((r) => r.eventName === name)!;
      const attach = step('AttachUserPolicy');
      assert.deepEqual(attach.requestParameters, { userName: facts.backdoorUser, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
      const profile = step('CreateLoginProfile');
      assert.equal((profile.responseElements as { loginProfile: { userName: string } }).loginProfile.userName, facts.backdoorUser);
      const order = ['CreateUser', 'CreateAccessKey', 'AttachUserPolicy', 'CreateLoginProfile', 'ConsoleLogin', 'StopLogging'].map((n) => time(step(n)));
      assert.deepEqual(order, [...order].sort((a, b) => a - b));
    });

    it('signs the backdoor into the console without MFA, and its console calls carry that session', () => {
      const logins = named(records, 'ConsoleLogin').filter((r) => identity(r).userName === facts.backdoorUser);
      assert.equal(logins.length, 1);
      const [login] = logins;
      assert.equal(login!.eventType, 'AwsConsoleSignIn');
      assert.equal(login!.sourceIPAddress, facts.attackerConsoleIp);
      assert.deepEqual(login!.responseElements, { ConsoleLogin: 'Success' });
      assert.equal((login!.additionalEventData as { MFAUsed: string }).MFAUsed, 'No');
      assert.equal(login!.requestParameters, null);
      const consoleCalls = records.filter((r) => identity(r).accessKeyId === facts.backdoorConsoleAccessKeyId);
      assert.ok(consoleCalls.length >= 3);
      for (const r of consoleCalls) {
        assert.equal(identity(r).sessionContext!.attributes.mfaAuthenticated, 'false');
        assert.equal(r.sessionCredentialFromConsole, 'true');
      }
    });

    it('reads the sensitive objects as S3 data events with object and bucket resources', () => {
      const reads = named(records, 'GetObject').filter((r) => r.sourceIPAddress === facts.attackerIp);
      assert.deepEqual(reads.map((r) => (r.requestParameters as { key: string }).key), facts.exfiltratedKeys);
      for (const r of reads) {
        assert.equal(r.eventCategory, 'Data');
        assert.equal(r.managementEvent, false);
        assert.equal(r.readOnly, true);
        assert.equal(identity(r).accessKeyId, facts.backdoorAccessKeyId);
        const resources = r.resources as Array<{ type: string; ARN: string }>;
        assert.deepEqual(resources.map((x) => x.type), ['AWS::S3::Object', 'AWS::S3::Bucket']);
        assert.equal(resources[0]!.ARN, `arn:aws:s3:::${facts.bucket}/${(r.requestParameters as { key: string }).key}`);
        assert.ok(((r.additionalEventData as { bytesTransferredOut: number }).bytesTransferredOut) > 1_000_000);
      }
    });

    it('runs a script on an application instance through SSM from the backdoor\'s console session', () => {
      const commands = named(records, 'SendCommand');
      assert.equal(commands.length, 1);
      const [command] = commands;
      assert.equal(identity(command!).accessKeyId, facts.backdoorConsoleAccessKeyId);
      assert.equal(command!.sourceIPAddress, facts.attackerConsoleIp);
      assert.deepEqual((command!.requestParameters as { instanceIds: string[] }).instanceIds, [facts.compromisedInstanceId]);
      assert.equal((command!.requestParameters as { documentName: string }).documentName, 'AWS-RunShellScript');
      assert.equal((command!.responseElements as { command: { commandId: string } }).command.commandId, facts.commandId);
      assert.ok(time(command!) < time(fromAttacker().find((r) => r.eventName === 'StopLogging')!));
    });

    it('then uses the instance\'s role credentials from the attacker\'s address: a session minted for the instance before the command', () => {
      const stolen = records.filter((r) => identity(r).accessKeyId === facts.stolenSessionAccessKeyId && r.sourceIPAddress === facts.attackerIp);
      assert.deepEqual(stolen.map((r) => r.eventName), ['GetCallerIdentity', 'ListBuckets', 'GetSecretValue']);
      const command = named(records, 'SendCommand')[0]!;
      for (const r of stolen) {
        const who = identity(r);
        assert.equal(who.type, 'AssumedRole');
        assert.match(who.arn!, new RegExp(`assumed-role/app-backend-role/${facts.compromisedInstanceId}$`));
        assert.equal(who.sessionContext!.ec2RoleDelivery, '2.0');
        assert.ok(who.sessionContext!.attributes.creationDate <= (command.eventTime as string), 'the key existed before the attacker ran the command');
        assert.ok(time(r) > time(command));
      }
    });

    it('goes quiet after StopLogging until the guardrail restarts the trail, and data events stop with the selectors', () => {
      const stop = fromAttacker().find((r) => r.eventName === 'StopLogging')!;
      const selectors = fromAttacker().find((r) => r.eventName === 'PutEventSelectors')!;
      assert.equal((stop.requestParameters as { name: string }).name, facts.trailArn);
      assert.equal((selectors.requestParameters as { eventSelectors: Array<{ dataResources: unknown[] }> }).eventSelectors[0]!.dataResources.length, 0);
      const start = named(records, 'StartLogging')[0]!;
      assert.match(identity(start).arn!, /assumed-role\/security-guardrail-remediation\//);
      const gap = records.filter((r) => r.recipientAccountId === facts.accountId && time(r) > time(stop) && time(r) < time(start));
      assert.deepEqual(gap, []);
      const restore = named(records, 'PutEventSelectors').find((r) => r !== selectors)!;
      const dataInGap = records.filter((r) => r.recipientAccountId === facts.accountId && r.eventCategory === 'Data' && time(r) > time(selectors) && time(r) < time(restore));
      assert.deepEqual(dataInGap, []);
    });

    it('keeps the attacker\'s addresses out of the background', () => {
      const attacker = fromAttacker();
      const story = attacker.length;
      assert.ok(story >= 20 && story <= 40, `story has ${story} records from attacker addresses`);
      const keys = [facts.leakedAccessKeyId, facts.backdoorAccessKeyId, facts.backdoorConsoleAccessKeyId, facts.stolenSessionAccessKeyId, undefined];
      assert.ok(attacker.every((r) => keys.includes(identity(r).accessKeyId)));
    });
  });
}
