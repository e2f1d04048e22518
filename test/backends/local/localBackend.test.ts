import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LocalBackend } from '../../../src/backends/local/localBackend';
import { columnNames } from '../../../src/backends/local/sources/cloudTrailTable';
import { DEFAULT_ROW_CAP } from '../../../src/common/resultSet';
import { AwsfxError, CancelledError } from '../../../src/core/errors';
import type { QueryRequest } from '../../../src/core/query';
import { invictusFolder, stratusFolder, tempFolder } from './evidenceFolders';

const ISSUE_QUERY = "select eventtime, useridentity.arn, eventname, sourceipaddress from cloudtrail_logs where eventname = 'CreateAccessKey' order by eventtime";

async function rejection(promise: Promise<unknown>): Promise<AwsfxError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AwsfxError, `not an AwsfxError: ${String(error)}`);
    return error;
  }
  assert.fail('expected the run to fail');
}

describe('backends/local LocalBackend on real CloudTrail', function () {
  this.timeout(120_000);
  const backend = new LocalBackend({ threads: 2 });
  after(() => backend.dispose());
  const request = (folder: string, query: string, extra: Partial<QueryRequest> = {}): QueryRequest => ({ language: 'athena-sql', query, target: { kind: 'evidence', folder }, ...extra });
  const rows = async (folder: string, query: string) => (await backend.run(request(folder, query))).result.rows;

  it('answers the CreateAccessKey question on the Stratus Red Team detonation logs (bare JSON arrays)', async () => {
    const { result, warnings, facts } = await backend.run(request(stratusFolder, ISSUE_QUERY));
    assert.deepEqual(result.columns.map((c) => c.name), ['eventtime', 'arn', 'eventname', 'sourceipaddress']);
    assert.deepEqual(result.rows, [
      ['2024-07-30T21:53:13Z', 'arn:aws:iam::946986569305:user/christophe', 'CreateAccessKey', '211.9.016.253'],
      ['2024-08-01T13:33:28Z', 'arn:aws:iam::229654561268:user/christophe', 'CreateAccessKey', '075.050.255.67'],
    ]);
    assert.deepEqual(warnings, []);
    assert.equal(facts.engine, 'duckdb');
    assert.match(facts.engineVersion, /^v1\.5\./);
    assert.equal(facts.target, `evidence:${stratusFolder}`);
    assert.equal(facts.statistics.evidenceFiles, 35);
    assert.equal(facts.executedQuery, undefined, 'the query needed no translation');
  });

  it('answers it on the Invictus dataset ({"Records": [...]} files), with the keys from responseelements', async () => {
    const found = await rows(invictusFolder, `SELECT eventtime, useridentity.arn, sourceipaddress,
        json_extract_scalar(responseelements, '$.accessKey.accessKeyId') AS key, json_extract_scalar(requestparameters, '$.userName') AS for_user
      FROM cloudtrail_logs WHERE eventname = 'CreateAccessKey' ORDER BY eventtime`);
    assert.deepEqual(found, [
      ['2023-07-10T12:24:29Z', 'arn:aws:iam::123837392027:user/bert-jan', '192.168.10.20', 'AKIATFQR7NSC3ZO6PKAZ', 'stratus-red-team-backdoor-u-user'],
      ['2023-07-10T12:24:50Z', 'arn:aws:iam::123837392027:user/bert-jan', '192.168.10.20', 'AKIATFQR7NSCQLA2F4OD', 'malicious-iam-user'],
    ]);
  });

  it('counts every event, under each of the table names', async () => {
    assert.deepEqual(await rows(stratusFolder, 'select count(*) from cloudtrail_logs'), [[310]]);
    assert.deepEqual(await rows(invictusFolder, 'select (select count(*) from cloudtrail), (select count(*) from cloudtrail_logs_pp), (select count(*) from "default".cloudtrail_logs)'), [[2900, 2900, 2900]]);
  });

  it('has the columns and types of the AWS-documented CloudTrail table', async () => {
    const described = await rows(invictusFolder, 'DESCRIBE cloudtrail_logs');
    const types = Object.fromEntries(described.map((r) => [r[0], r[1]]));
    assert.deepEqual(described.map((r) => r[0]), columnNames());
    assert.equal(types.eventtime, 'VARCHAR');
    assert.equal(types.requestparameters, 'VARCHAR');
    assert.equal(types.readonly, 'VARCHAR');
    assert.equal(types.resources, 'STRUCT(arn VARCHAR, accountid VARCHAR, "type" VARCHAR)[]');
    assert.equal(types.tlsdetails, 'STRUCT(tlsversion VARCHAR, ciphersuite VARCHAR, clientprovidedhostheader VARCHAR)');
    assert.match(types.useridentity as string, /^STRUCT\("type" VARCHAR, principalid VARCHAR, arn VARCHAR, accountid VARCHAR, invokedby VARCHAR, accesskeyid VARCHAR, username VARCHAR, onbehalfof STRUCT\(userid VARCHAR, identitystorearn VARCHAR\), sessioncontext STRUCT\(attributes STRUCT\(mfaauthenticated VARCHAR, creationdate VARCHAR\), sessionissuer STRUCT\("type" VARCHAR, principalid VARCHAR, arn VARCHAR, accountid VARCHAR, username VARCHAR\), ec2roledelivery VARCHAR, webidfederationdata STRUCT\(federatedprovider VARCHAR, "?attributes"? MAP\(VARCHAR, VARCHAR\)\)\)\)$/);
    const show = await rows(invictusFolder, 'SHOW COLUMNS FROM cloudtrail');
    assert.equal(show.length, columnNames().length);
  });

  it('reads nested fields, JSON text, string booleans and arrays of structs as Athena does', async () => {
    assert.deepEqual(await rows(invictusFolder, "select count(*) from cloudtrail_logs where readonly = 'false'"), [[574]]);
    assert.deepEqual(await rows(invictusFolder, 'select count(*) from cloudtrail_logs where useridentity.sessioncontext.sessionissuer.arn is not null'), [[76]]);
    assert.deepEqual(await rows(invictusFolder, 'select count(*) from cloudtrail_logs t cross join unnest(t.resources) as u(r) where r.arn is not null'), [[739]]);
    assert.deepEqual(await rows(invictusFolder, 'select tlsdetails.tlsversion, count(*) from cloudtrail_logs group by 1 order by 1'), [['TLSv1.2', 2096], ['TLSv1.3', 199], [null, 605]]);
    const [[parameters]] = (await rows(stratusFolder, "select requestparameters from cloudtrail_logs where eventname = 'CreateAccessKey' and sourceipaddress = '075.050.255.67'")) as [[string]];
    assert.deepEqual(JSON.parse(parameters), { userName: 'malicious-iam-user' });
    const [[identity]] = await rows(invictusFolder, "select useridentity from cloudtrail_logs where eventid = 'd44c481f-edb8-4aa6-91a3-5679baa2871f'");
    assert.deepEqual(identity, {
      type: 'IAMUser', principalid: 'AIDATFQR7NSC5U6Q3TMDR', arn: 'arn:aws:iam::123837392027:user/benjamin', accountid: '123837392027', invokedby: null,
      accesskeyid: 'ASIATFQR7NSCX6ILTQHM', username: 'benjamin', onbehalfof: null,
      sessioncontext: { attributes: { mfaauthenticated: 'true', creationdate: '2023-07-10T11:42:31Z' }, sessionissuer: { type: null, principalid: null, arn: null, accountid: null, username: null }, ec2roledelivery: null, webidfederationdata: { federatedprovider: null, attributes: null } },
    });
  });

  it('derives partition columns from the CloudTrail file name, else from the record', async () => {
    assert.deepEqual(
      await rows(invictusFolder, 'select distinct "timestamp", region, year, month, day, account_partition, region_partition, date_partition from cloudtrail_logs'),
      [['2023/07/10', 'us-east-1', '2023', '07', '10', '218007301253', 'us-east-1', '2023/07/10']],
    );
    const stratus = await rows(stratusFolder, "select account_partition, region_partition, date_partition, recipientaccountid, awsregion from cloudtrail_logs where eventname = 'CreateAccessKey' order by eventtime");
    assert.deepEqual(stratus, [
      ['946986569305', 'ap-central-2r', '2024/07/30', '946986569305', 'ap-central-2r'],
      ['229654561268', 'ap-isob-central-3r', '2024/08/01', '229654561268', 'ap-isob-central-3r'],
    ]);
  });

  it('derives partition columns from the S3 delivery layout, for single-account and organization trails', async () => {
    const { dir, remove } = tempFolder('s3layout');
    try {
      const event = (id: string) => ({ eventVersion: '1.08', eventTime: '2024-02-03T04:05:06Z', eventName: 'GetCallerIdentity', eventSource: 'sts.amazonaws.com', eventID: id, awsRegion: 'ap-south-1', recipientAccountId: '999999999999' });
      const single = join(dir, 'AWSLogs/111122223333/CloudTrail/eu-west-1/2024/01/02');
      const org = join(dir, 'AWSLogs/o-abc123def4/444455556666/CloudTrail/us-west-2/2023/12/31');
      mkdirSync(single, { recursive: true });
      mkdirSync(org, { recursive: true });
      writeFileSync(join(single, 'x.json.gz'), gzipSync(JSON.stringify({ Records: [event('a')] })));
      writeFileSync(join(org, 'y.json.gz'), gzipSync(JSON.stringify({ Records: [event('b')] })));
      assert.deepEqual(await rows(dir, 'select eventid, account_partition, region_partition, date_partition, region, year, month, day from cloudtrail order by eventid'), [
        ['a', '111122223333', 'eu-west-1', '2024/01/02', 'eu-west-1', '2024', '01', '02'],
        ['b', '444455556666', 'us-west-2', '2023/12/31', 'us-west-2', '2023', '12', '31'],
      ]);
    } finally {
      remove();
    }
  });

  it('answers Athena\'s hidden "$path" column with the evidence file, and SHOW TABLES with the table names', async () => {
    assert.deepEqual(await rows(stratusFolder, `select "$path", eventname from cloudtrail_logs where eventname = 'CreateAccessKey' order by 1`), [
      [join(stratusFolder, 'aws.persistence.iam-backdoor-user.json'), 'CreateAccessKey'],
      [join(stratusFolder, 'aws.persistence.iam-create-admin-user.json'), 'CreateAccessKey'],
    ]);
    assert.deepEqual(await rows(invictusFolder, 'SHOW TABLES'), [['cloudtrail'], ['cloudtrail_logs'], ['cloudtrail_logs_pp']]);
  });

  it('names result columns in lowercase, as Athena does', async () => {
    const { result } = await backend.run(request(invictusFolder, 'SELECT EventName, UserIdentity.ARN, count(*) AS Calls FROM CloudTrail_Logs GROUP BY 1, 2 LIMIT 1'));
    assert.deepEqual(result.columns.map((c) => c.name), ['eventname', 'arn', 'calls']);
  });

  it('keeps the row cap, counting every row', async () => {
    const capped = await backend.run(request(stratusFolder, 'select * from cloudtrail_logs', { rowCap: 5 }));
    assert.equal(capped.result.rows.length, 5);
    assert.equal(capped.result.totalRows, 310);
    assert.equal(capped.result.truncated, true);
    assert.equal(capped.result.rowCap, 5);
    assert.equal(capped.result.columns.length, columnNames().length);
    const whole = await backend.run(request(stratusFolder, 'select eventid from cloudtrail_logs'));
    assert.deepEqual([whole.result.rows.length, whole.result.totalRows, whole.result.truncated, whole.result.rowCap], [310, 310, false, DEFAULT_ROW_CAP]);
    const big = await backend.run(request(invictusFolder, 'select eventid from cloudtrail_logs', { rowCap: Number.MAX_SAFE_INTEGER }));
    assert.equal(big.result.rows.length, 2900);
  });

  it("reports engine errors in DuckDB's words, at the place in the cell, with the Trino names", async () => {
    const missing = await rejection(backend.run(request(invictusFolder, 'select\n  eventname,\n  nosuchcolumn\nfrom cloudtrail_logs')));
    assert.equal(missing.code, 'query.engine');
    assert.match(missing.message, /^Binder Error: Referenced column "nosuchcolumn" not found/);
    assert.deepEqual([missing.range?.line, missing.range?.column], [3, 3]);
    const arity = await rejection(backend.run(request(invictusFolder, 'select json_extract_scalar(requestparameters) from cloudtrail_logs')));
    assert.match(arity.message, /json_extract_scalar/);
    assert.doesNotMatch(arity.message, /awsfx_/);
  });

  it('runs Logs Insights on the same evidence (see insights*.test.ts and equivalence.test.ts)', async () => {
    const { result, facts } = await backend.run({ language: 'cwli', query: 'filter eventName = "CreateAccessKey" | stats count(*) as keys', target: { kind: 'evidence', folder: invictusFolder } });
    assert.deepEqual(result.rows, [['2']]);
    assert.match(facts.executedQuery ?? '', /^WITH s0 AS/);
    const error = await rejection(backend.run({ language: 'cwli', query: 'fields @message | pattern @message', target: { kind: 'evidence', folder: invictusFolder } }));
    assert.equal(error.code, 'query.unsupported');
  });

  it('says clearly when the evidence folder is missing or empty', async () => {
    const missing = await rejection(backend.run(request('/nonexistent/awsfx-evidence', 'select 1')));
    assert.equal(missing.code, 'evidence.missing');
    assert.match(missing.message, /\/nonexistent\/awsfx-evidence/);
    const { dir, remove } = tempFolder('empty');
    try {
      const empty = await rejection(backend.run(request(dir, 'select 1')));
      assert.equal(empty.code, 'evidence.empty');
      assert.match(empty.message, /holds no files/);
    } finally {
      remove();
    }
  });

  it('accepts DDL without running it, and treats a declared CloudTrail table as a name for the evidence', async () => {
    const script = `CREATE EXTERNAL TABLE my_trail (eventversion STRING)
      ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
      STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat' OUTPUTFORMAT 'x' LOCATION 's3://b/AWSLogs/1/CloudTrail/';
      ALTER TABLE my_trail ADD PARTITION (region='us-east-1') LOCATION 's3://b/';
      SELECT count(*) FROM my_trail`;
    const { result, warnings } = await backend.run(request(stratusFolder, script));
    assert.deepEqual(result.rows, [[310]]);
    assert.deepEqual(warnings.map((w) => w.code), ['query.skipped', 'query.skipped']);
    assert.match(warnings[0]!.message, /^CREATE EXTERNAL TABLE \(line 1\) was not run locally: it declares the CloudTrail table my_trail/);
    assert.match(warnings[1]!.message, /^ALTER TABLE MY_TRAIL \(line 4\) was not run locally: partitions/);
    assert.deepEqual(await rows(stratusFolder, 'select count(*) from my_trail'), [[310]], 'the declaration lasts, as in the Athena catalog');
    const onlyDdl = await backend.run(request(stratusFolder, 'MSCK REPAIR TABLE cloudtrail_logs'));
    assert.deepEqual([onlyDdl.result.columns, onlyDdl.result.rows, onlyDdl.result.totalRows], [[], [], 0]);
  });

  it('runs every query of a script and shows the last result', async () => {
    const { result, warnings, facts } = await backend.run(request(invictusFolder, "select 1; select count(*) from cloudtrail_logs where eventname = 'ConsoleLogin'"));
    assert.deepEqual(result.rows, [[2]]);
    assert.deepEqual(warnings.map((w) => w.code), ['query.multiple']);
    assert.equal(facts.statistics.queries, 2);
  });

  it('records the translated statement when it differs from the cell', async () => {
    const { facts } = await backend.run(request(invictusFolder, "select json_extract_scalar(requestparameters, '$.userName') from cloudtrail_logs limit 1"));
    assert.equal(facts.executedQuery, "select awsfx_json_extract_scalar(requestparameters, '$.userName') from cloudtrail_logs limit 1");
  });

  it('cannot read or write anything outside the evidence folder', async () => {
    const hostname = await rejection(backend.run(request(invictusFolder, "select *\nfrom read_text('/etc/hostname')")));
    assert.equal(hostname.code, 'query.unsupported');
    assert.match(hostname.message, /^read_text\(\) is not available in local queries/);
    assert.deepEqual([hostname.range?.line, hostname.range?.column], [2, 6]);
    const nested = await rejection(backend.run(request(invictusFolder, `select (select count(*) from read_json_auto('${stratusFolder}/*.json')) from cloudtrail_logs`)));
    assert.match(nested.message, /^read_json_auto\(\) is not available/);
    const replacementScan = await rejection(backend.run(request(invictusFolder, "select * from '/etc/passwd.csv'")));
    assert.match(replacementScan.message, /no table \/etc\/passwd\.csv/);
    const hiddenSql = await rejection(backend.run(request(invictusFolder, "select * from query('select 1')")));
    assert.equal(hiddenSql.code, 'query.unsupported');
    const otherDatabase = await rejection(backend.run(request(invictusFolder, 'select * from other_db.secrets')));
    assert.match(otherDatabase.message, /no table other_db\.secrets/);
    const copy = await rejection(backend.run(request(invictusFolder, "COPY (select 1) TO '/tmp/awsfx-should-not-exist.csv'")));
    assert.equal(copy.code, 'query.unsupported');
    const attach = await rejection(backend.run(request(invictusFolder, "select 1; ATTACH '/tmp/x.db'")));
    assert.equal(attach.code, 'query.unsupported');
    // Table functions that only compute are allowed.
    assert.deepEqual(await rows(invictusFolder, 'select count(*) from range(3) r, unnest(ARRAY[1, 2]) AS u(x)'), [[6]]);
  });

  it('stops a long query when the signal aborts, reporting progress until then, and stays usable', async () => {
    const controller = new AbortController();
    // A triple self-join of 2,900 events: billions of row pairs, far longer than the test waits.
    const long = 'select count(*) from cloudtrail_logs a, cloudtrail_logs b, cloudtrail_logs c where a.eventid < b.eventid and b.eventid < c.eventid';
    const fractions: number[] = [];
    const started = Date.now();
    setTimeout(() => controller.abort(), 1_500);
    await assert.rejects(
      backend.run(request(invictusFolder, long), { signal: controller.signal, onProgress: (p) => fractions.push(p.fraction ?? -1) }),
      (error: unknown) => error instanceof CancelledError,
    );
    const stoppedAfter = Date.now() - started;
    assert.ok(stoppedAfter >= 1_500 && stoppedAfter < 10_000, `stopped after ${stoppedAfter} ms`);
    assert.ok(fractions.length > 0 && fractions.every((f) => f >= 0 && f <= 1), JSON.stringify(fractions));
    await assert.rejects(backend.run(request(invictusFolder, 'select 1'), { signal: AbortSignal.abort() }), CancelledError);
    assert.deepEqual(await rows(invictusFolder, 'select count(*) from cloudtrail_logs'), [[2900]]);
  });
});
