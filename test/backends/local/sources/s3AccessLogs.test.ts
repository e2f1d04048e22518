import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tempFolder } from '../evidenceFolders';
import { sourceSuite } from './sourceSuite';
import { samples } from './samples';

const sampleLines = (): string[] => readFileSync(join(samples.accessLogs, 'test-s3-server-access.log'), 'utf8').trim().split('\n');

describe('backends/local/sources S3 server access logs', function () {
  this.timeout(120_000);
  const { backend, reader, rows } = sourceSuite();

  it('answers as the AWS-documented table, under both names (checked with awk)', async () => {
    // awk '{print $8}' | sort | uniq -c
    assert.deepEqual(await rows(samples.accessLogs, 'SELECT operation, count(*) FROM s3_access_logs GROUP BY 1 ORDER BY 1'), [
      ['BATCH.DELETE.OBJECT', 2], ['REST.GET.BUCKET', 1], ['REST.GET.LOCATION', 3], ['REST.PUT.OBJECT', 3], ['S3.EXPIRE.OBJECT', 1],
    ]);
    assert.deepEqual(await rows(samples.accessLogs, 'SELECT (SELECT count(*) FROM mybucket_logs), (SELECT count(*) FROM s3_access_logs_db.mybucket_logs)'), [[10, 10]]);
  });

  it('splits the quoted fields as the documented RegexSerDe does, for old and new line variants', async () => {
    assert.deepEqual(
      await rows(samples.accessLogs, `SELECT requestdatetime, remoteip, requester, httpstatus, bytessent, objectsize, totaltime, request_uri, referrer FROM s3_access_logs WHERE operation = 'REST.GET.BUCKET'`),
      [['01/Aug/2019:00:24:43 +0000', '89.160.20.156', 'arn:aws:sts::123456:assumed-role/AWSServiceRoleForTrustedAdvisor/TrustedAdvisor_627959692251_784ab70b-8cc9-4d37-a2ec-2ff4d0c08af9',
        '200', 265, null, '2', '"GET /test-s3-ks/?max-keys=0&encoding-type=url&aws-account=627959692251 HTTP/1.1"', '"-"']],
    );
    // Lines of 25 fields end at the access point, of 26 at aclRequired; the lifecycle line fills versionid.
    assert.deepEqual(await rows(samples.accessLogs, `SELECT httpstatus, objectsize, sigv, tlsversion, accesspointarn, aclrequired FROM s3_access_logs WHERE operation = 'REST.PUT.OBJECT' ORDER BY aclrequired NULLS FIRST`), [
      ['200', 773, 'SigV4', 'TLSv1.2', '-', null],
      ['-', 773, 'SigV4', 'TLSv1.2', 'arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP', '-'],
      ['200', 773, 'SigV4', 'TLSv1.2', 'arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP', 'Yes'],
    ]);
    assert.deepEqual(await rows(samples.accessLogs, `SELECT requester, key, versionid, hostid FROM s3_access_logs WHERE operation = 'S3.EXPIRE.OBJECT'`), [[
      'AmazonS3', '0/chum/_vars/logtests/PlannerModule/5f6ea3b7da96ab304a77225d5b2b2a55e54b74e4ddfdf14b9b1d853d77515b88_9febba22f08b11ef8cf6020058a9efab/2024/12/30/164700/kitt_189/_spcu_sride__state_svx__feature__flags.sst',
      'qsEq9bDa2VyxyZ4cz0c7oBnF67VYTTij', 'DMlPb9al4CvVBck150CgpEIIYgtSI3HC/atetNVYwPtHZffW6jfpg+BrffhbT9/B',
    ]]);
  });

  it('is the s3-server-access-logs log group: the line as @message, the request time, the bucket as stream', async () => {
    const relations = await backend.listInsightsRelations(samples.accessLogs);
    const relation = relations.find((r) => r.evidenceType === 's3access')!;
    assert.equal(relation.logGroup, 's3-server-access-logs');
    assert.deepEqual(Object.keys(relation.fields), [], 'CloudWatch discovers nothing in them');
    const events = await reader.rows(relation, ['@message', '@timestamp', '@logStream', '@log']);
    assert.deepEqual(events.map((e) => e['@message']).sort(), sampleLines().sort());
    assert.deepEqual(events.filter((e) => e['@logStream'] === 'jsoriano-s3-test').map((e) => [e['@timestamp'], e['@log']]), [['2019-09-10T15:11:07.000Z', 's3-server-access-logs']]);
  });

  it('sets aside a gzip file cut short, which DuckDB alone would read in part without a word', async () => {
    const { dir, remove } = tempFolder('s3-cut');
    try {
      writeFileSync(join(dir, 'whole.gz'), gzipSync(`${sampleLines().join('\n')}\n`));
      const cut = gzipSync(`${sampleLines().join('\n')}\n`.repeat(50));
      writeFileSync(join(dir, 'cut.gz'), cut.subarray(0, Math.floor(cut.length * 0.7)));
      const { result, warnings } = await backend.run({ language: 'athena-sql', query: 'SELECT count(*) FROM s3_access_logs', target: { kind: 'evidence', folder: dir } });
      assert.deepEqual(result.rows, [[10]]);
      assert.deepEqual(warnings.map((w) => [w.code, w.subject?.slice(dir.length + 1)]), [['evidence.unreadable', 'cut.gz']]);
      assert.match(warnings[0]!.message, /^Skipped cut\.gz: its gzip stream is broken \(unexpected end of file\)\.$/);
    } finally {
      remove();
    }
  });
});
