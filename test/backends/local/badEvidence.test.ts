import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, deflateRawSync, gzipSync } from 'node:zlib';
import { LocalBackend } from '../../../src/backends/local/localBackend';
import { AwsfxError } from '../../../src/core/errors';
import { tempFolder } from './evidenceFolders';

function event(id: string, name = 'CreateAccessKey') {
  return {
    eventVersion: '1.08', eventTime: `2024-01-01T00:00:0${id.length % 10}Z`, eventSource: 'iam.amazonaws.com', eventName: name, eventID: id,
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111122223333:user/${id}` }, sourceIPAddress: '203.0.113.9', readOnly: false,
    requestParameters: { userName: id }, responseElements: null, recipientAccountId: '111122223333', awsRegion: 'us-east-1',
  };
}

const records = (...events: object[]) => JSON.stringify({ Records: events });

/** Text that does not compress, so the stream is long; the same every run. */
const hex = (i: number) => createHash('sha256').update(String(i)).digest('hex');

/** A gzip member whose deflate data is sound for a while and then holds a block of the reserved type 3. */
function gzipWithBadBlock(text: string): Buffer {
  const sound = deflateRawSync(Buffer.from(text), { finishFlush: constants.Z_FULL_FLUSH });
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  return Buffer.concat([header, sound, Buffer.from([0x07, 0xde, 0xad, 0xbe, 0xef])]);
}

describe('backends/local bad evidence', function () {
  this.timeout(120_000);
  const backend = new LocalBackend({ threads: 2 });
  after(() => backend.dispose());
  const run = (folder: string, query = 'select eventid from cloudtrail_logs order by eventid') =>
    backend.run({ language: 'athena-sql', query, target: { kind: 'evidence', folder } });

  it('answers from the good files and warns once for each bad one, naming it', async () => {
    const { dir, remove } = tempFolder('bad');
    try {
      writeFileSync(join(dir, 'good.json'), records(event('good-1'), event('good-2')));
      writeFileSync(join(dir, 'good-array.json'), JSON.stringify([event('good-3')]));
      writeFileSync(join(dir, 'good-lines.jsonl'), `${JSON.stringify(event('good-4'))}\n${JSON.stringify(event('good-5'))}\n`);
      writeFileSync(join(dir, 'good.json.gz'), gzipSync(records(event('good-6'))));
      // Truncated in the middle of the compressed stream: the header is fine, the JSON ends early.
      // Truncated in the middle of the compressed stream: the header is fine, the JSON ends early.
      const whole = gzipSync(records(...Array.from({ length: 400 }, (_, i) => event(`lost-${i}`))));
      writeFileSync(join(dir, 'truncated.json.gz'), whole.subarray(0, Math.floor(whole.length / 2)));
      // A deflate block of the reserved type after a sound start: zlib fails, and DuckDB names no file.
      writeFileSync(join(dir, 'corrupt.json.gz'), gzipWithBadBlock(records(...Array.from({ length: 400 }, (_, i) => ({ ...event(`bad-${i}`), userAgent: hex(i) })))));
      writeFileSync(join(dir, 'invalid.json'), '{"Records": [{"eventVersion": "1.08", "eventName": "CreateAccessKey", "eventTime": ');
      writeFileSync(join(dir, 'not-cloudtrail.json'), JSON.stringify({ hello: 'world', items: [1, 2, 3] }));
      writeFileSync(join(dir, 's3-notification.json'), JSON.stringify({ Records: [{ eventVersion: '2.1', eventSource: 'aws:s3', eventTime: '2024-01-01T00:00:00Z', eventName: 'ObjectCreated:Put' }] }));
      writeFileSync(join(dir, 'digest.json'), JSON.stringify({ awsAccountId: '1', digestStartTime: 'x', digestPublicKeyFingerprint: 'y' }));
      writeFileSync(join(dir, 'notes.txt'), 'remember to check the VPC flow logs');
      writeFileSync(join(dir, 'empty.json'), '');
      writeFileSync(join(dir, 'not-gzip.json.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03]));
      // DuckDB reads paths as patterns: this one must read itself, and not pattern1.json too.
      writeFileSync(join(dir, 'pattern[1].json'), records(event('glob')));
      writeFileSync(join(dir, 'pattern1.json'), records(event('not-glob')));
      writeFileSync(join(dir, '.DS_Store'), 'hidden metadata');
      symlinkSync(join(dir, 'good.json'), join(dir, 'link.json'));

      const { result, warnings } = await run(dir);
      assert.deepEqual(result.rows, [['glob'], ['good-1'], ['good-2'], ['good-3'], ['good-4'], ['good-5'], ['good-6'], ['not-glob']]);
      const bySubject = new Map(warnings.map((w) => [w.subject?.slice(dir.length + 1), w]));
      assert.deepEqual([...bySubject.keys()].sort(), [
        'corrupt.json.gz', 'digest.json', 'empty.json', 'invalid.json', 'link.json', 'not-cloudtrail.json', 'not-gzip.json.gz', 'notes.txt',
        's3-notification.json', 'truncated.json.gz',
      ]);
      assert.equal(warnings.length, bySubject.size, 'one warning per file');
      for (const [name, warning] of bySubject) assert.ok(warning.message.includes(name!), `${warning.message} names ${name}`);
      assert.match(bySubject.get('truncated.json.gz')!.message, /could not read it .*Malformed JSON/);
      assert.match(bySubject.get('corrupt.json.gz')!.message, /could not read it .*gzip/);
      assert.match(bySubject.get('invalid.json')!.message, /could not read it/);
      assert.match(bySubject.get('not-cloudtrail.json')!.message, /JSON but does not hold CloudTrail events/);
      assert.match(bySubject.get('digest.json')!.message, /digest file/);
      assert.match(bySubject.get('notes.txt')!.message, /not JSON/);
      assert.match(bySubject.get('empty.json')!.message, /empty/);
      assert.match(bySubject.get('not-gzip.json.gz')!.message, /gzip file with no readable data/);
      assert.match(bySubject.get('link.json')!.message, /symbolic links/);
      assert.deepEqual(new Set(warnings.map((w) => w.code)), new Set(['evidence.unreadable', 'evidence.unrecognised', 'evidence.skipped']));

      // The next query skips the bad files straight away, still saying so.
      const again = await run(dir, 'select count(*) from cloudtrail');
      assert.deepEqual(again.result.rows, [[8]]);
      assert.equal(again.warnings.length, warnings.length);

      // A repaired file is read again.
      writeFileSync(join(dir, 'invalid.json'), records(event('fixed')));
      const repaired = await run(dir, "select count(*) from cloudtrail where eventid = 'fixed'");
      assert.deepEqual(repaired.result.rows, [[1]]);
      assert.equal(repaired.warnings.some((w) => w.subject?.endsWith('invalid.json')), false);
    } finally {
      remove();
    }
  });

  it('finds CloudTrail files in nested folders whatever their names, and gzip by its bytes', async () => {
    const { dir, remove } = tempFolder('names');
    try {
      mkdirSync(join(dir, 'a/b/c'), { recursive: true });
      writeFileSync(join(dir, 'a/b/c/export.log'), gzipSync(JSON.stringify([event('nested')])));
      writeFileSync(join(dir, 'a/plain.gz'), records(event('not-really-gzip')));
      const { result, warnings } = await run(dir);
      assert.deepEqual(result.rows, [['nested'], ['not-really-gzip']]);
      assert.deepEqual(warnings, []);
    } finally {
      remove();
    }
  });

  it('reads a delivery file with no records and a wrongly typed field without failing the file', async () => {
    const { dir, remove } = tempFolder('shapes');
    try {
      writeFileSync(join(dir, 'empty-delivery.json'), records());
      writeFileSync(join(dir, 'odd.json'), records({ ...event('odd'), userIdentity: 'not-an-object', resources: 'not-a-list' }, event('normal')));
      const { result, warnings } = await run(dir, 'select eventid, useridentity.arn, resources from cloudtrail_logs order by eventid');
      assert.deepEqual(result.rows, [['normal', 'arn:aws:iam::111122223333:user/normal', null], ['odd', null, null]]);
      assert.deepEqual(warnings, []);
    } finally {
      remove();
    }
  });

  it('reads a file as one document when it only looked like one JSON value per line', async () => {
    const { dir, remove } = tempFolder('lines');
    try {
      // The first record is long and on the first line, so sniffing sees no line break; later the file breaks lines.
      const first = JSON.stringify({ ...event('first'), userAgent: 'x'.repeat(10_000) });
      writeFileSync(join(dir, 'mixed.json'), `{"Records":[${first},\n  ${JSON.stringify(event('second'))}\n]}`);
      writeFileSync(join(dir, 'many-lines.json'), `${records(event('line-1'))}\n${records(event('line-2'))}\n`);
      const { result, warnings } = await run(dir);
      assert.deepEqual(result.rows, [['first'], ['line-1'], ['line-2'], ['second']]);
      assert.deepEqual(warnings, []);
    } finally {
      remove();
    }
  });

  it('says why when no file in the folder holds CloudTrail events', async () => {
    const { dir, remove } = tempFolder('nothing');
    try {
      writeFileSync(join(dir, 'a.txt'), 'hello');
      writeFileSync(join(dir, 'b.json'), '{"x": 1}');
      await assert.rejects(run(dir), (error: unknown) => {
        assert.ok(error instanceof AwsfxError);
        assert.equal(error.code, 'evidence.empty');
        assert.match(error.message, /None of the 2 files .* holds CloudTrail events/);
        assert.match(error.message, /a\.txt: it is not JSON/);
        return true;
      });
    } finally {
      remove();
    }
  });

  it('says so when the only CloudTrail file cannot be read', async () => {
    const { dir, remove } = tempFolder('allbad');
    try {
      writeFileSync(join(dir, 'broken.json'), '{"Records": [{"eventVersion": "1.08", "eventTime": "x", ');
      await assert.rejects(run(dir), (error: unknown) => error instanceof AwsfxError && error.code === 'evidence.empty' && /broken\.json/.test(error.message));
    } finally {
      remove();
    }
  });

  it('refuses a path that is a file, not a folder', async () => {
    const { dir, remove } = tempFolder('file');
    try {
      writeFileSync(join(dir, 'one.json'), records(event('x')));
      await assert.rejects(run(join(dir, 'one.json')), (error: unknown) => error instanceof AwsfxError && error.code === 'evidence.missing' && /not a folder/.test(error.message));
    } finally {
      remove();
    }
  });
});
