import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CorpusOptionError, SOURCES, evidenceFiles, generateEvidence, planCorpus, resolveOptions, type GenerateSummary } from '../../../src/core/generator';
import { filesOf, listFiles, readCorpus, readFlowLogs, readJsonLines, readRecords, removeDir, tempDir, type JsonRecord } from './corpusFiles';

const REGION = '([a-z]{2}(?:-[a-z]+)+-\\d)';
const DAY = '(\\d{4})\\/(\\d{2})\\/(\\d{2})';
const STAMP = '(\\d{8}T\\d{2}[0-5][05]Z)';
const LAYOUTS = {
  CloudTrail: new RegExp(`^AWSLogs\\/(\\d{12})\\/CloudTrail\\/${REGION}\\/${DAY}\\/(\\d{12})_CloudTrail_([a-z0-9-]+)_${STAMP}_[A-Za-z0-9]{16}\\.json\\.gz$`),
  vpcflowlogs: new RegExp(`^AWSLogs\\/(\\d{12})\\/vpcflowlogs\\/${REGION}\\/${DAY}\\/(\\d{12})_vpcflowlogs_([a-z0-9-]+)_fl-[0-9a-f]{17}_${STAMP}_[0-9a-f]{8}\\.log\\.gz$`),
  vpcdnsquerylogs: new RegExp(`^AWSLogs\\/(\\d{12})\\/vpcdnsquerylogs\\/(vpc-[0-9a-f]{17})\\/${DAY}\\/(\\d{12})_vpcdnsquerylogs_(vpc-[0-9a-f]{17})_${STAMP}_[0-9a-f]{8}\\.log\\.gz$`),
  GuardDuty: new RegExp(`^AWSLogs\\/(\\d{12})\\/GuardDuty\\/${REGION}\\/${DAY}\\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\\.jsonl\\.gz$`),
};

/** Epoch ms of a `20240513T0945Z` stamp. */
const stampMs = (stamp: string) => Date.parse(`${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:00Z`);

describe('core/generator corpus', function () {
  // Generating and reading corpora takes seconds on a busy 2-core machine; the bound only catches hangs.
  this.timeout(30_000);
  const dirs: string[] = [];
  const fresh = (label: string) => {
    const dir = tempDir(label);
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach(removeDir));

  let first: string;
  let summary: GenerateSummary;
  before(async () => {
    first = fresh('seed1');
    summary = await generateEvidence({ outDir: first, seed: 1 });
  });

  it('writes byte-identical files of every source for the same seed', async () => {
    const again = fresh('seed1-again');
    await generateEvidence({ outDir: again, seed: 1 });
    const files = listFiles(first);
    assert.deepEqual(listFiles(again), files);
    for (const service of ['CloudTrail', 'vpcflowlogs', 'vpcdnsquerylogs', 'GuardDuty'] as const) assert.ok(filesOf(first, service).length > 0, service);
    for (const file of files) assert.ok(readFileSync(join(first, file)).equals(readFileSync(join(again, file))), `${file} differs`);
  });

  it('writes different evidence for a different seed', async () => {
    const other = fresh('seed2');
    await generateEvidence({ outDir: other, seed: 2 });
    const ids = (dir: string) => new Set(readCorpus(dir).map(({ record }) => record.eventID));
    const a = ids(first);
    assert.equal([...ids(other)].filter((id) => a.has(id)).length, 0);
    assert.notDeepEqual(listFiles(other), listFiles(first));
    const findings = (dir: string) => new Set(readJsonLines(dir, 'GuardDuty').map(({ record }) => record.id));
    const f = findings(first);
    assert.equal([...findings(other)].filter((id) => f.has(id)).length, 0);
  });

  it('writes a source\'s files from the seed, the window and its own count alone', async () => {
    // The same flow logs come out when flow logs are written on their own with the same count.
    const alone = fresh('vpcflow-alone');
    await generateEvidence({ outDir: alone, seed: 1, events: summary.counts.vpcflow, durationMinutes: summary.options.durationMinutes, sources: ['vpcflow'] });
    const files = filesOf(first, 'vpcflowlogs');
    assert.deepEqual(listFiles(alone), files);
    for (const file of files) assert.ok(readFileSync(join(first, file)).equals(readFileSync(join(alone, file))), `${file} differs`);
  });

  it('writes exactly the requested number of records, shared among the sources, and the summary says what is on disk', () => {
    assert.equal(summary.events, 2000);
    assert.equal(Object.values(summary.counts).reduce((a, b) => a + b, 0), 2000);
    const onDisk = {
      cloudtrail: readCorpus(first).length,
      vpcflow: readFlowLogs(first).length,
      route53: readJsonLines(first, 'vpcdnsquerylogs').length,
      guardduty: readJsonLines(first, 'GuardDuty').length,
    };
    assert.deepEqual(onDisk, summary.counts);
    for (const source of SOURCES) assert.equal(summary.bySource[source]!.records, summary.counts[source], source);
    // Flow logs are the bulk, then DNS, then CloudTrail; findings are a handful.
    assert.ok(onDisk.vpcflow > onDisk.route53 && onDisk.route53 > onDisk.cloudtrail && onDisk.cloudtrail > onDisk.guardduty * 10, JSON.stringify(onDisk));
    assert.equal(summary.files, listFiles(first).length);
    const times = readCorpus(first).map(({ record }) => record.eventTime as string).sort();
    assert.ok(summary.firstEventTime <= times[0]! && summary.lastEventTime >= times[times.length - 1]!);
    assert.equal(new Set(readCorpus(first).map(({ record }) => record.eventID)).size, onDisk.cloudtrail, 'eventIDs are unique');
  });

  it('uses each service\'s S3 delivery layout, dated by its 5-minute delivery', () => {
    const files = listFiles(first);
    for (const file of files) {
      const service = file.split('/')[2] as keyof typeof LAYOUTS;
      const m = LAYOUTS[service]?.exec(file);
      assert.ok(m, `unexpected path ${file}`);
      const stamp = m.find((g) => /^\d{8}T\d{4}Z$/.test(g ?? ''));
      const [yyyy, mm, dd] = m.slice(1).filter((g) => /^\d{2,4}$/.test(g ?? '')).slice(0, 3);
      if (stamp !== undefined) assert.equal(stamp.slice(0, 8), `${yyyy}${mm}${dd}`, `${file}: folder date is the delivery date`);
    }
    // A name repeats its folder's account, region or VPC.
    for (const file of filesOf(first, 'CloudTrail')) {
      const [, account, region, , , , nameAccount, nameRegion] = LAYOUTS.CloudTrail.exec(file)!;
      assert.deepEqual([nameAccount, nameRegion], [account, region]);
    }
    for (const file of filesOf(first, 'vpcdnsquerylogs')) {
      const [, account, vpc, , , , nameAccount, nameVpc] = LAYOUTS.vpcdnsquerylogs.exec(file)!;
      assert.deepEqual([nameAccount, nameVpc], [account, vpc]);
    }
  });

  it('puts in each CloudTrail file only its account and region, in time order, from the 5 minutes before its delivery', () => {
    for (const file of filesOf(first, 'CloudTrail')) {
      const [, account, region, , , , , , stamp] = LAYOUTS.CloudTrail.exec(file)!;
      const delivered = stampMs(stamp!);
      const records = readRecords(first, file);
      assert.ok(records.length > 0, 'no empty deliveries');
      for (const r of records) {
        assert.equal(r.recipientAccountId, account);
        assert.equal(r.awsRegion, region);
        const t = Date.parse(r.eventTime as string);
        assert.ok(t < delivered && t >= delivered - 5 * 60_000, `${r.eventTime} is not in the 5 minutes before ${stamp}`);
      }
      const times = records.map((r) => r.eventTime as string);
      assert.deepEqual(times, [...times].sort(), 'records are in time order within a file');
    }
  });

  it('delivers flow records with the slot their interval ends in, resolver queries with the slot they were asked in', () => {
    for (const { file, row } of readFlowLogs(first)) {
      const delivered = stampMs(LAYOUTS.vpcflowlogs.exec(file)![8]!);
      const end = Number(row.end) * 1000;
      assert.ok(end < delivered && end >= delivered - 5 * 60_000, `${file}: end ${row.end}`);
      assert.ok(Number(row.start) <= Number(row.end));
    }
    for (const { file, record } of readJsonLines(first, 'vpcdnsquerylogs')) {
      const delivered = stampMs(LAYOUTS.vpcdnsquerylogs.exec(file)![8]!);
      const t = Date.parse(record.query_timestamp as string);
      assert.ok(t < delivered && t >= delivered - 5 * 60_000, `${file}: ${record.query_timestamp}`);
    }
  });

  it('writes real gzip: CloudTrail as {"Records":[…]} on one line, the others as lines', () => {
    for (const file of filesOf(first, 'CloudTrail').slice(0, 20)) {
      const bytes = readFileSync(join(first, file));
      assert.deepEqual([...bytes.subarray(0, 2)], [0x1f, 0x8b], 'gzip magic');
      const text = gunzipSync(bytes).toString('utf8');
      assert.ok(text.startsWith('{"Records":[{"eventVersion":'), text.slice(0, 40));
      assert.ok(text.endsWith('}]}'));
      assert.ok(!text.includes('\n'));
      assert.deepEqual(Object.keys(JSON.parse(text)), ['Records']);
    }
    for (const service of ['vpcflowlogs', 'vpcdnsquerylogs', 'GuardDuty'] as const) {
      for (const file of filesOf(first, service).slice(0, 10)) {
        const text = gunzipSync(readFileSync(join(first, file))).toString('utf8');
        assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'), `${file} ends with one newline`);
        if (service !== 'vpcflowlogs') for (const line of text.trimEnd().split('\n')) assert.equal(typeof JSON.parse(line), 'object');
      }
    }
  });

  it('spreads events over every configured account and region, us-east-1 always included', () => {
    const files = listFiles(first);
    for (const account of ['111122223333', '444455556666']) {
      for (const region of ['us-east-1', 'eu-west-1', 'us-west-2']) {
        assert.ok(files.some((f) => f.startsWith(`AWSLogs/${account}/CloudTrail/${region}/`)), `${account} ${region}`);
        assert.ok(files.some((f) => f.startsWith(`AWSLogs/${account}/vpcflowlogs/${region}/`)), `${account} ${region} flows`);
      }
    }
    assert.equal(new Set(filesOf(first, 'vpcdnsquerylogs').map((f) => f.split('/')[3])).size, 6, 'one query log configuration per VPC');
    assert.deepEqual(resolveOptions({ regions: ['eu-central-1'] }).regions, ['us-east-1', 'eu-central-1']);
  });

  it('keeps sessions consistent: one ASIA key, one principal and creation date, created before use', () => {
    const byKey = new Map<string, string>();
    for (const { record } of readCorpus(first)) {
      const identity = record.userIdentity as { accessKeyId?: string; arn?: string; sessionContext?: { attributes: { creationDate: string } } };
      if (!identity.accessKeyId?.startsWith('ASIA') || identity.sessionContext === undefined) continue;
      const created = identity.sessionContext.attributes.creationDate;
      assert.ok(created <= (record.eventTime as string), `${identity.accessKeyId} used before it was created`);
      const fingerprint = `${identity.arn} ${created}`;
      assert.equal(byKey.get(identity.accessKeyId) ?? fingerprint, fingerprint, `session ${identity.accessKeyId} changes principal`);
      byKey.set(identity.accessKeyId, fingerprint);
    }
    assert.ok(byKey.size > 5);
  });

  it('looks like ordinary operations apart from the story: mostly read-only, services and roles at work', () => {
    const records = readCorpus(first).map(({ record }) => record);
    const readOnly = records.filter((r) => r.readOnly === true).length / records.length;
    assert.ok(readOnly > 0.7, `read-only share ${readOnly}`);
    const types = new Set(records.map((r) => (r.userIdentity as { type?: string }).type));
    for (const t of ['IAMUser', 'AssumedRole', 'AWSService']) assert.ok(types.has(t), t);
    const identities = records.map((r) => r.userIdentity as JsonRecord);
    assert.ok(identities.some((u) => typeof u.invokedBy === 'string' && u.type === 'AssumedRole'), 'service-linked role calls');
    assert.ok(identities.some((u) => (u.sessionContext as { sessionIssuer?: { type?: string } } | undefined)?.sessionIssuer?.type === 'Role'));
    const internal = records.filter((r) => /^(10\.|192\.0\.2\.)|amazonaws\.com$/.test(r.sourceIPAddress as string)).length;
    assert.ok(internal / records.length > 0.8);
  });

  it('rejects options it cannot honour with a clear message', () => {
    const bad: Array<[object, RegExp]> = [
      [{ events: 10 }, /at least 100/],
      [{ events: 1.5 }, /integer/],
      [{ events: 300 }, /events must be at least \d+ for cloudtrail,vpcflow,route53,guardduty: the story alone is \d+ records/],
      [{ seed: -1 }, /seed/],
      [{ start: 'not a date' }, /ISO-8601/],
      [{ accounts: ['123'] }, /12-digit/],
      [{ accounts: ['111122223333', '111122223333'] }, /distinct/],
      [{ regions: ['mars-1'] }, /us-east-1/],
      [{ sources: ['cloudtrail', 'syslog'] }, /sources must be one or more of cloudtrail,vpcflow,route53,guardduty/],
      [{ sources: [] }, /sources must be one or more/],
      [{ durationMinutes: 10 }, /durationMinutes must be an integer of at least 120/],
      [{ events: 10_000_000, durationMinutes: 120 }, /lengthen the window/],
    ];
    for (const [options, message] of bad) assert.throws(() => planCorpus(options), (e: unknown) => e instanceof CorpusOptionError && message.test(e.message), JSON.stringify(options));
    // A single source needs only its own story and some background.
    assert.equal(planCorpus({ events: 100, sources: ['cloudtrail'] }).counts.cloudtrail, 100);
    assert.deepEqual(resolveOptions({ sources: ['guardduty', 'cloudtrail'] }).sources, ['cloudtrail', 'guardduty']);
  });

  it('streams files lazily: the first files are ready before the rest of the corpus exists', () => {
    const plan = planCorpus({ events: 400_000, seed: 3 });
    const iterator = evidenceFiles(plan);
    const started = Date.now();
    const firstFile = iterator.next();
    assert.equal(firstFile.done, false);
    assert.ok(firstFile.value!.records < 2_000);
    // Producing one slot of a 400k corpus is a few milliseconds' work; the whole corpus is seconds.
    assert.ok(Date.now() - started < 2_000);
    iterator.return(undefined);
  });
});
