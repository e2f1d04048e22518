import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CorpusOptionError, deliveries, generateEvidence, planCorpus, resolveOptions, type GenerateSummary } from '../../../src/core/generator';
import { listFiles, readCorpus, readRecords, removeDir, tempDir, type JsonRecord } from './corpusFiles';

const LAYOUT = /^AWSLogs\/(\d{12})\/CloudTrail\/([a-z]{2}(?:-[a-z]+)+-\d)\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{8}T\d{4}Z)_([A-Za-z0-9]{16})\.json\.gz$/;

describe('core/generator corpus', () => {
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

  it('writes byte-identical files for the same seed', async () => {
    const again = fresh('seed1-again');
    await generateEvidence({ outDir: again, seed: 1 });
    const files = listFiles(first);
    assert.deepEqual(listFiles(again), files);
    for (const file of files) assert.ok(readFileSync(join(first, file)).equals(readFileSync(join(again, file))), `${file} differs`);
  });

  it('writes different evidence for a different seed', async () => {
    const other = fresh('seed2');
    await generateEvidence({ outDir: other, seed: 2 });
    const ids = (dir: string) => new Set(readCorpus(dir).map(({ record }) => record.eventID));
    const a = ids(first);
    const shared = [...ids(other)].filter((id) => a.has(id));
    assert.equal(shared.length, 0);
    assert.notDeepEqual(listFiles(other), listFiles(first));
  });

  it('writes exactly the requested number of records, and the summary says what is on disk', () => {
    const all = readCorpus(first);
    assert.equal(all.length, 400);
    assert.equal(summary.events, 400);
    assert.equal(summary.files, listFiles(first).length);
    const times = all.map(({ record }) => record.eventTime as string).sort();
    assert.equal(summary.firstEventTime, times[0]);
    assert.equal(summary.lastEventTime, times[times.length - 1]);
    assert.equal(new Set(all.map(({ record }) => record.eventID)).size, all.length, 'eventIDs are unique');
  });

  it('uses the S3 delivery layout, one account and region per file, named after its 5-minute delivery', () => {
    for (const file of listFiles(first)) {
      const m = LAYOUT.exec(file);
      assert.ok(m, `unexpected path ${file}`);
      const [, account, region, yyyy, mm, dd, nameAccount, nameRegion, stamp] = m;
      assert.equal(nameAccount, account);
      assert.equal(nameRegion, region);
      assert.equal(stamp!.slice(0, 8), `${yyyy}${mm}${dd}`, 'folder date is the delivery date');
      assert.match(stamp!, /T\d{2}[0-5][05]Z$/, 'deliveries are on 5-minute boundaries');
      const delivered = Date.parse(`${stamp!.slice(0, 4)}-${stamp!.slice(4, 6)}-${stamp!.slice(6, 8)}T${stamp!.slice(9, 11)}:${stamp!.slice(11, 13)}:00Z`);
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

  it('writes real gzip holding exactly {"Records":[…]} on one line', () => {
    for (const file of listFiles(first).slice(0, 20)) {
      const bytes = readFileSync(join(first, file));
      assert.deepEqual([...bytes.subarray(0, 2)], [0x1f, 0x8b], 'gzip magic');
      const text = gunzipSync(bytes).toString('utf8');
      assert.ok(text.startsWith('{"Records":[{"eventVersion":'), text.slice(0, 40));
      assert.ok(text.endsWith('}]}'));
      assert.ok(!text.includes('\n'));
      assert.deepEqual(Object.keys(JSON.parse(text)), ['Records']);
    }
  });

  it('spreads events over every configured account and region, us-east-1 always included', () => {
    const files = listFiles(first);
    for (const account of ['111122223333', '444455556666']) {
      for (const region of ['us-east-1', 'eu-west-1', 'us-west-2']) {
        assert.ok(files.some((f) => f.startsWith(`AWSLogs/${account}/CloudTrail/${region}/`)), `${account} ${region}`);
      }
    }
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
      [{ seed: -1 }, /seed/],
      [{ start: 'not a date' }, /ISO-8601/],
      [{ accounts: ['123'] }, /12-digit/],
      [{ accounts: ['111122223333', '111122223333'] }, /distinct/],
      [{ regions: ['mars-1'] }, /us-east-1/],
      [{ durationMinutes: 10 }, /durationMinutes/],
      [{ events: 10_000_000, durationMinutes: 120 }, /lengthen the window/],
    ];
    for (const [options, message] of bad) assert.throws(() => planCorpus(options), (e: unknown) => e instanceof CorpusOptionError && message.test(e.message), JSON.stringify(options));
  });

  it('streams deliveries lazily: the first file is ready before the rest of the corpus exists', () => {
    const plan = planCorpus({ events: 200_000, seed: 3 });
    const iterator = deliveries(plan);
    const started = Date.now();
    const firstFile = iterator.next();
    assert.equal(firstFile.done, false);
    assert.ok(firstFile.value!.records.length < 2_000);
    // Producing one slot of a 200k corpus is a few milliseconds' work; the whole corpus is seconds.
    assert.ok(Date.now() - started < 2_000);
    iterator.return(undefined);
  });
});
