import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LocalBackend } from '../../../../src/backends/local/localBackend';
import { invictusFolder, tempFolder } from '../evidenceFolders';
import { samples } from './samples';

const CLOUDTRAIL_FILE = '218007301253_CloudTrail_us-east-1_20230710T1145Z_7xgocspSowgK0Gto.json';

/** A case folder holding every evidence type side by side (the public samples, copied for the test only), and broken files of several types. */
function caseFolder(dir: string): void {
  const copy = (from: string, to: string): void => {
    mkdirSync(dirname(join(dir, to)), { recursive: true });
    copyFileSync(from, join(dir, to));
  };
  copy(join(invictusFolder, CLOUDTRAIL_FILE), `cloudtrail/${CLOUDTRAIL_FILE}`);
  for (const name of ['default-v2.log', 'default-v2.format', 'custom-tcp-flags.log', 'custom-tcp-flags.format']) copy(join(samples.vpcDocs, name), `vpc/${name}`);
  copy(join(samples.route53, 'test-route53.log'), 'dns/resolver.log');
  copy(join(samples.guardDuty, 'elastic-test-guardduty.log'), 'guardduty/findings.jsonl');
  copy(join(samples.accessLogs, 'test-alb.log'), 'elb/alb.log');
  copy(join(samples.accessLogs, 'test-s3-server-access.log'), 's3/access.log');
  for (const name of ['cloudwatch-logs-event.json', 'dynamodb-event.json', 'dynamodb-event-malformed.2.json']) copy(join(samples.lambdaEvents, name), `lambda/${name}`);
  mkdirSync(join(dir, 'host/var/log'), { recursive: true });
  writeFileSync(join(dir, 'host/var/log/auth.log'), 'Jan  2 03:04:05 bastion sshd[812]: Failed password for invalid user admin from 203.0.113.7 port 52211 ssh2\n');
  mkdirSync(join(dir, 'exports/0f2c3a4b-1234-4abc-9def-0123456789ab/app'), { recursive: true });
  writeFileSync(join(dir, 'exports/0f2c3a4b-1234-4abc-9def-0123456789ab/app/000000.gz'), gzipSync('2024-01-02T03:04:05.000Z {"user":"admin","result":"denied"}\n'));

  // Broken, one of each kind: a truncated delivery file, a flow log cut short, a header naming an
  // unknown field, a payload that is not base64 (the malformed DynamoDB event came with the samples).
  const trail = gzipSync(readFileSync(join(invictusFolder, CLOUDTRAIL_FILE)));
  writeFileSync(join(dir, 'cloudtrail/cut.json.gz'), trail.subarray(0, Math.floor(trail.length / 2)));
  const flows = gzipSync(`version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n${readFileSync(join(samples.vpcDocs, 'default-v2.log'), 'utf8').repeat(200)}`);
  writeFileSync(join(dir, 'vpc/cut.log.gz'), flows.subarray(0, Math.floor(flows.length * 0.6)));
  writeFileSync(join(dir, 'vpc/odd.log'), 'version interface-id srcaddr dstaddr flux-capacitor bytes action log-status\n2 eni-0a1b2c3d 10.0.0.9 10.0.0.1 88 1200 ACCEPT OK\n');
  writeFileSync(join(dir, 'lambda/bad-payload.json'), JSON.stringify({ awslogs: { data: 'this is not base64!' } }));
  writeFileSync(join(dir, 'README.txt'), 'evidence collected for case 2024-017\n');
}

const EVERY_TABLE = `SELECT (SELECT count(*) FROM cloudtrail_logs), (SELECT count(*) FROM vpc_flow_logs), (SELECT count(*) FROM r53_rlogs), (SELECT count(*) FROM gd_logs),
  (SELECT count(*) FROM s3_access_logs), (SELECT count(*) FROM alb_logs), (SELECT count(*) FROM cloudwatch_logs), (SELECT count(*) FROM dynamodb_streams), (SELECT count(*) FROM host_logs)`;

describe('backends/local/sources a folder mixing every evidence type', function () {
  this.timeout(120_000);
  const backend = new LocalBackend({ threads: 2 });
  const folder = tempFolder('mixed');
  before(() => caseFolder(folder.dir));
  after(async () => {
    await backend.dispose();
    folder.remove();
  });
  const run = async (query: string, dir = folder.dir) => backend.run({ language: 'athena-sql', query, target: { kind: 'evidence', folder: dir } });

  it('answers every table at once, and reports each broken file once, by name', async () => {
    const { result, warnings } = await run(EVERY_TABLE);
    // CloudTrail 29 (jq), flow records 7 + 8 + 1, resolver 34, findings 5, S3 10, ALB lines 10, CloudWatch 2 + 1, DynamoDB 2, host 1.
    assert.deepEqual(result.rows, [[29, 16, 34, 5, 10, 10, 3, 2, 1]]);
    const bySubject = new Map(warnings.map((w) => [w.subject?.slice(folder.dir.length + 1), w]));
    assert.equal(bySubject.size, warnings.length, 'one warning per file');
    assert.deepEqual([...bySubject.keys()].sort(), ['README.txt', 'cloudtrail/cut.json.gz', 'lambda/bad-payload.json', 'lambda/dynamodb-event-malformed.2.json', 'vpc/cut.log.gz', 'vpc/odd.log']);
    assert.equal(bySubject.get('vpc/odd.log')!.code, 'evidence.partial');
    assert.match(bySubject.get('vpc/odd.log')!.message, /"flux-capacitor"/);
    assert.match(bySubject.get('vpc/cut.log.gz')!.message, /gzip stream is broken/);
    assert.match(bySubject.get('cloudtrail/cut.json.gz')!.message, /could not read it \(Malformed JSON/);
    assert.match(bySubject.get('lambda/bad-payload.json')!.message, /not base64/);
    assert.match(bySubject.get('lambda/dynamodb-event-malformed.2.json')!.message, /could not read it \(Malformed JSON/);
    // The next query knows them already.
    const again = await run('SELECT count(*) FROM vpc_flow_logs');
    assert.deepEqual(again.result.rows, [[16]]);
    assert.equal(again.warnings.length, warnings.length);
  });

  it('lists the tables of the evidence present, and every source with its log group, tables, files and fields', async () => {
    assert.deepEqual((await run('SHOW TABLES')).result.rows.map((r) => r[0]), [
      'alb_logs', 'cloudtrail', 'cloudtrail_logs', 'cloudtrail_logs_pp', 'cloudwatch_logs', 'dynamodb_streams', 'gd_logs', 'host_logs', 'mybucket_logs', 'r53_rlogs', 's3_access_logs', 'vpc_flow_logs',
    ]);
    const { sources } = await backend.listSources(folder.dir);
    assert.deepEqual(sources.map((s) => [s.evidenceType, s.logGroup, s.tables[0]]), [
      ['cloudtrail', 'aws-cloudtrail-logs', 'cloudtrail_logs'],
      ['vpcflow', 'vpc-flow-logs', 'vpc_flow_logs'],
      ['route53resolver', '/aws/route53resolver', 'r53_rlogs'],
      ['guardduty', '/aws/events/guardduty', 'gd_logs'],
      ['s3access', 's3-server-access-logs', 's3_access_logs'],
      ['alb', 'alb-access-logs', 'alb_logs'],
      ['cloudwatchlogs', 'exports', 'cloudwatch_logs'],
      ['cloudwatchlogs', 'testLogGroup', 'cloudwatch_logs'],
      ['dynamodbstreams', 'dynamodb-streams', 'dynamodb_streams'],
      ['hostlogs', 'auth.log', 'host_logs'],
    ]);
    const vpc = sources.find((s) => s.evidenceType === 'vpcflow')!;
    assert.deepEqual(vpc.files, ['vpc/custom-tcp-flags.log', 'vpc/default-v2.log', 'vpc/odd.log']);
    for (const name of ['@timestamp', '@message', '@logStream', '@log', '@ingestionTime', 'srcAddr', 'dstPort', 'logStatus', 'tcpFlags']) assert.ok(vpc.fields.includes(name), name);
    assert.ok(vpc.columns.some((c) => c.name === 'srcport' && c.type === 'INTEGER'));
    const trail = sources.find((s) => s.evidenceType === 'cloudtrail')!;
    assert.ok(trail.discoversJson && trail.fields.includes('userIdentity.sessionContext.sessionIssuer.arn') && trail.fields.includes('resources.0.ARN'));
    assert.deepEqual(sources.find((s) => s.logGroup === 'testLogGroup')!.files, ['lambda/cloudwatch-logs-event.json']);
  });

  it('gives a table of evidence the folder does not hold no rows, and says so', async () => {
    const { dir, remove } = tempFolder('only-dns');
    try {
      copyFileSync(join(samples.route53, 'test-route53.log'), join(dir, 'resolver.log'));
      const { result, warnings } = await run('SELECT count(*) FROM cloudtrail_logs', dir);
      assert.deepEqual(result.rows, [[0]]);
      assert.deepEqual(warnings.map((w) => [w.code, w.message]), [['evidence.none', 'The evidence folder holds no CloudTrail events: cloudtrail_logs has no rows.']]);
      assert.deepEqual((await run('SHOW TABLES', dir)).result.rows, [['r53_rlogs']]);
      assert.equal((await run('DESCRIBE vpc_flow_logs', dir)).result.rows.length, 42);
    } finally {
      remove();
    }
  });

  it('treats a table a cell declares over known evidence as another name for it', async () => {
    const script = `CREATE EXTERNAL TABLE IF NOT EXISTS my_flows (version int, account_id string, interface_id string, srcaddr string, dstaddr string)
      ROW FORMAT DELIMITED FIELDS TERMINATED BY ' ' LOCATION 's3://bucket/AWSLogs/111122223333/vpcflowlogs/us-east-1/';
      SELECT count(*) FROM my_flows WHERE action = 'REJECT'`;
    const { result, warnings } = await run(script);
    assert.deepEqual(result.rows, [[2]]);
    assert.match(warnings.find((w) => w.code === 'query.skipped')!.message, /declares the VPC flow logs table my_flows, which the local engine provides from the evidence folder/);
  });
});
