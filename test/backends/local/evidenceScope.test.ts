/**
 * Scoped discovery (evidenceScope.ts): a file in S3's delivery layout (`AWSLogs/<account>/<folder>/…`)
 * is taken to hold its folder's type and left unopened by a query that reads other evidence. The
 * proof that a file was left unopened is that its brokenness goes unreported: broken GuardDuty
 * deliveries must be silent for a CloudTrail query and reported, by name, for a GuardDuty one.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { ResultWarning } from '../../../src/common/resultSet';
import { deliveredType, outOfScope, scopeOfLogGroups } from '../../../src/backends/local/evidenceScope';
import { LocalBackend } from '../../../src/backends/local/localBackend';
import type { QueryResult } from '../../../src/backends/queryBackend';
import { AwsfxError } from '../../../src/core/errors';
import { generateEvidence, type GenerateOptions, type GenerateSummary, type SourceName, type WrittenFile } from '../../../src/core/generator';
import { tempFolder } from './evidenceFolders';

const ACCOUNT = '111122223333';
const GD_DAY = `AWSLogs/${ACCOUNT}/GuardDuty/us-east-1/2024/05/14`;
/** Broken files inside GuardDuty delivery folders, one per way of being broken (org trail path included). */
const BROKEN_GUARDDUTY = [`${GD_DAY}/cut.jsonl.gz`, `${GD_DAY}/notes.jsonl`, `AWSLogs/o-abcdefghij/${ACCOUNT}/GuardDuty/eu-west-1/2024/05/13/not-gzip.jsonl.gz`];

/** Per generator source: its SQL table and Logs Insights log group. */
const SOURCES: ReadonlyArray<readonly [SourceName, string, string]> = [
  ['cloudtrail', 'cloudtrail_logs', 'aws-cloudtrail-logs'],
  ['vpcflow', 'vpc_flow_logs', 'vpc-flow-logs'],
  ['route53', 'r53_rlogs', '/aws/route53resolver'],
  ['guardduty', 'gd_logs', '/aws/events/guardduty'],
];

interface Generated {
  dir: string;
  summary: GenerateSummary;
  /** The largest file written per source (the one to cut short: it is sure to be cut mid-stream). */
  largest: Partial<Record<SourceName, string>>;
  remove: () => void;
}

async function generated(prefix: string, options: Omit<GenerateOptions, 'outDir'>): Promise<Generated> {
  const { dir, remove } = tempFolder(prefix);
  const largest: Partial<Record<SourceName, WrittenFile>> = {};
  const onFile = (file: WrittenFile) => {
    const source = file.source as SourceName;
    if (!largest[source] || largest[source]!.bytes < file.bytes) largest[source] = file;
  };
  const summary = await generateEvidence({ ...options, outDir: dir, onFile }).catch((error: unknown) => {
    remove();
    throw error;
  });
  return { dir, summary, largest: Object.fromEntries(Object.entries(largest).map(([s, f]) => [s, f.key])), remove };
}

function write(dir: string, path: string, data: string | Buffer): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), data);
}

/** The first half of a generated gzip file: its start sniffs as evidence, and it fails only when read. */
function cutShort(dir: string, key: string): Buffer {
  const whole = readFileSync(join(dir, key));
  return whole.subarray(0, Math.floor(whole.length / 2));
}

/** Which files the warnings name (relative to the folder), each checked to be named in its message too. */
function warnedFiles(dir: string, warnings: readonly ResultWarning[]): string[] {
  const files = warnings.filter((w) => w.subject?.startsWith(dir)).map((w) => {
    const name = relative(dir, w.subject!);
    assert.ok(w.message.includes(name), `${w.message} names ${name}`);
    return name;
  });
  return files.sort();
}

const records = (g: Generated, source: SourceName) => g.summary.bySource[source]!.records;
const files = (g: Generated, source: SourceName) => g.summary.bySource[source]!.files;

async function rejection(promise: Promise<unknown>): Promise<AwsfxError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AwsfxError, `an AwsfxError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a failure');
}

describe('backends/local evidence scope', function () {
  this.timeout(120_000);

  describe('deliveredType', () => {
    it('gives each delivery folder its type, whatever the bucket prefix, with or without an organization id', () => {
      const cases: Array<[string, string]> = [
        [`AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2024/05/13/${ACCOUNT}_CloudTrail_us-east-1_x.json.gz`, 'cloudtrail'],
        [`AWSLogs/${ACCOUNT}/vpcflowlogs/us-east-1/2024/05/13/x.log.gz`, 'vpcflow'],
        [`AWSLogs/${ACCOUNT}/vpcdnsquerylogs/vpc-0abc/2024/05/13/x.log.gz`, 'route53resolver'],
        [`AWSLogs/${ACCOUNT}/GuardDuty/us-east-1/2024/05/13/x.jsonl.gz`, 'guardduty'],
        [`AWSLogs/${ACCOUNT}/elasticloadbalancing/us-east-1/2024/05/13/x.log.gz`, 'alb'],
        [`case-17/bucket/logs/AWSLogs/${ACCOUNT}/GuardDuty/us-east-1/x.jsonl.gz`, 'guardduty'],
        [`AWSLogs/o-abcdefghij/${ACCOUNT}/CloudTrail/us-east-1/x.json.gz`, 'cloudtrail'],
        [`export/AWSLogs/o-a1b2c3d4e5f6/${ACCOUNT}/vpcflowlogs/eu-west-1/x.log.gz`, 'vpcflow'],
      ];
      for (const [path, type] of cases) assert.equal(deliveredType(path), type, path);
    });

    it('gives no type to files outside the layout, other service folders and malformed accounts', () => {
      for (const path of [
        'x.json.gz',
        'cloudtrail/x.json.gz',
        `${ACCOUNT}/CloudTrail/us-east-1/x.json.gz`,
        `AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/2024/05/13/x.json.gz`,
        `AWSLogs/${ACCOUNT}/CloudTrail-Insight/us-east-1/x.json.gz`,
        `AWSLogs/${ACCOUNT}/s3/x.log`,
        `AWSLogs/${ACCOUNT}/CloudTrail`,
        'AWSLogs/11112222333/CloudTrail/us-east-1/x.json.gz',
        'AWSLogs/1111222233334/CloudTrail/us-east-1/x.json.gz',
        'AWSLogs/abcdefghijkl/CloudTrail/us-east-1/x.json.gz',
        `AWSLogs/o-abc/${ACCOUNT}/CloudTrail/us-east-1/x.json.gz`,
        `AWSLogs/aws-account-id=${ACCOUNT}/aws-service=vpcflowlogs/x.log.gz`,
        `myAWSLogs/${ACCOUNT}/GuardDuty/x.jsonl.gz`,
      ]) {
        assert.equal(deliveredType(path), undefined, path);
      }
    });
  });

  describe('scopeOfLogGroups and outOfScope', () => {
    const scope = (names: string[] | undefined) => {
      const types = scopeOfLogGroups(names);
      return types && [...types].sort();
    };

    it('is every type without names, and otherwise the owners of the names plus the types that name their own log groups', () => {
      assert.equal(scopeOfLogGroups(undefined), undefined);
      assert.equal(scopeOfLogGroups([]), undefined);
      const always = ['cloudwatchlogs', 'hostlogs'];
      assert.deepEqual(scope(['aws-cloudtrail-logs']), ['cloudtrail', ...always].sort());
      assert.deepEqual(scope(['/aws/events/guardduty', 'vpc-flow-logs']), ['guardduty', 'vpcflow', ...always].sort());
      assert.deepEqual(scope(['/aws/route53resolver', 'alb-access-logs', 's3-server-access-logs', 'dynamodb-streams']), ['alb', 'dynamodbstreams', 'route53resolver', 's3access', ...always].sort());
      // A type's own name answers as its log group does.
      assert.deepEqual(scope(['route53resolver']), ['route53resolver', ...always].sort());
      // Any other name may be a CloudWatch Logs export's or a host's, so they stay in scope.
      assert.deepEqual(scope(['nope']), always);
      assert.deepEqual(scope(['/aws/lambda/my-function']), always);
    });

    it('leaves a file out only when there is a scope and the file path gives a type outside it', () => {
      const guardDuty = new Set(['guardduty'] as const);
      assert.equal(outOfScope(undefined, 'cloudtrail'), false);
      assert.equal(outOfScope(guardDuty, undefined), false);
      assert.equal(outOfScope(guardDuty, 'guardduty'), false);
      assert.equal(outOfScope(guardDuty, 'cloudtrail'), true);
      assert.equal(outOfScope(new Set(), 'cloudtrail'), true);
    });
  });

  describe('a generated folder with broken GuardDuty deliveries', () => {
    let g: Generated;
    const shared = new LocalBackend({ threads: 2 });
    const fresh: LocalBackend[] = [];
    /** A backend with nothing discovered yet, for the checks where the order of queries matters. */
    const newBackend = () => {
      const backend = new LocalBackend({ threads: 2 });
      fresh.push(backend);
      return backend;
    };
    const sql = (query: string, backend = shared) => backend.run({ language: 'athena-sql', query, target: { kind: 'evidence', folder: g.dir } });
    const cwli = (query: string, logGroups?: string[], backend = shared) =>
      backend.run({ language: 'cwli', query, target: { kind: 'evidence', folder: g.dir, ...(logGroups ? { logGroups } : {}) } });
    const count = (result: QueryResult) => Number(result.result.rows[0]![0]);

    before(async () => {
      g = await generated('scope', { events: 2000 });
      write(g.dir, BROKEN_GUARDDUTY[0]!, cutShort(g.dir, g.largest.guardduty!));
      write(g.dir, BROKEN_GUARDDUTY[1]!, 'this is not JSON, and no log format either\n');
      write(g.dir, BROKEN_GUARDDUTY[2]!, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03]));
    });
    after(async () => {
      await Promise.all([shared, ...fresh].map((b) => b.dispose()));
      g?.remove();
    });

    /** A CloudTrail-only answer: the generated count, no warning at all, and only CloudTrail files counted. */
    const assertCloudTrailOnly = (result: QueryResult) => {
      assert.equal(count(result), records(g, 'cloudtrail'));
      assert.deepEqual(result.warnings, []);
      assert.equal(result.facts.statistics.evidenceFiles, files(g, 'cloudtrail'));
    };
    /** A GuardDuty answer: the good findings, and every broken file reported by name. */
    const assertGuardDutyWithBroken = (result: QueryResult) => {
      assert.equal(count(result), records(g, 'guardduty'));
      assert.deepEqual(warnedFiles(g.dir, result.warnings), [...BROKEN_GUARDDUTY].sort());
    };

    it('SQL: a CloudTrail query leaves the GuardDuty deliveries unopened, before and after a GuardDuty query opened them', async () => {
      const backend = newBackend();
      assertCloudTrailOnly(await sql('select count(*) from cloudtrail_logs', backend));
      const findings = await sql('select count(*) from gd_logs', backend);
      assertGuardDutyWithBroken(findings);
      assert.equal(findings.facts.statistics.evidenceFiles, files(g, 'guardduty'));
      // The files set aside by the GuardDuty query are not the CloudTrail query's business either.
      assertCloudTrailOnly(await sql('select count(*) from cloudtrail_logs', backend));
    });

    it('SQL: SHOW TABLES after a scoped query still lists every table, having looked at every file', async () => {
      const backend = newBackend();
      assertCloudTrailOnly(await sql('select count(*) from cloudtrail_logs', backend));
      const shown = await sql('SHOW TABLES', backend);
      const tables = shown.result.rows.map((r) => r[0]);
      for (const [, table] of SOURCES) assert.ok(tables.includes(table), `${table} in ${tables.join(', ')}`);
      // Listing reads no findings, so the file cut short (its start sniffs as GuardDuty) is not yet found out.
      const [cut, ...unsniffable] = BROKEN_GUARDDUTY;
      assert.deepEqual(warnedFiles(g.dir, shown.warnings), unsniffable.sort());
      assert.equal(shown.facts.statistics.evidenceFiles, g.summary.files + 1, `every generated file, and ${cut}`);
    });

    it('Logs Insights: the log groups asked for set the scope; no log groups means every file', async () => {
      const backend = newBackend();
      assertCloudTrailOnly(await cwli('stats count(*) as n', ['aws-cloudtrail-logs'], backend));
      assertGuardDutyWithBroken(await cwli('stats count(*) as n', ['/aws/events/guardduty'], backend));
      assertCloudTrailOnly(await cwli('stats count(*) as n', ['aws-cloudtrail-logs'], backend));
      const all = await cwli('stats count(*) as n', undefined, backend);
      assert.equal(count(all), g.summary.events);
      assert.deepEqual(warnedFiles(g.dir, all.warnings), [...BROKEN_GUARDDUTY].sort());
      assert.equal(all.facts.statistics.evidenceFiles, g.summary.files);
      // SOURCE picks log groups by prefix, so it cannot be scoped by name: every file is looked at.
      const bySource = await cwli("SOURCE logGroups(namePrefix: ['aws-cloudtrail']) | stats count(*) as n", ['vpc-flow-logs'], backend);
      assert.equal(count(bySource), records(g, 'cloudtrail'));
      assert.deepEqual(warnedFiles(g.dir, bySource.warnings), [...BROKEN_GUARDDUTY].sort());
    });

    it('answers the same counts scoped, unscoped and as the generator wrote them', async () => {
      const generatedCounts = SOURCES.map(([source]) => records(g, source));
      const scopedSql = [];
      const scopedInsights = [];
      for (const [, table, logGroup] of SOURCES) {
        scopedSql.push(count(await sql(`select count(*) from ${table}`)));
        scopedInsights.push(count(await cwli('stats count(*) as n', [logGroup])));
      }
      const everyTable = `select ${SOURCES.map(([, table]) => `(select count(*) from ${table})`).join(', ')}`;
      // SHOW TABLES earlier in the script makes the whole script unscoped.
      const [named, unscoped] = [await sql(everyTable), await sql(`SHOW TABLES; ${everyTable}`)];
      assert.deepEqual(scopedSql, generatedCounts);
      assert.deepEqual(scopedInsights, generatedCounts);
      assert.deepEqual(named.result.rows[0]!.map(Number), generatedCounts);
      assert.deepEqual(unscoped.result.rows[0]!.map(Number), generatedCounts);

      // Grouped answers too, row for row.
      for (const question of [
        'select eventname, count(*) from cloudtrail_logs group by 1 order by 1',
        'select action, sum(bytes), count(*) from vpc_flow_logs group by 1 order by 1',
        'select query_type, count(*) from r53_rlogs group by 1 order by 1',
        'select type, count(*) from gd_logs group by 1 order by 1',
      ]) {
        const scoped = await sql(question);
        assert.ok(scoped.result.rows.length > 1, `${question} groups`);
        assert.deepEqual(scoped.result.rows, (await sql(`SHOW TABLES; ${question}`)).result.rows, question);
      }
    });

    it('names every log group of the folder when none of those asked for is there', async () => {
      const error = await rejection(cwli('stats count(*) as n', ['nope']));
      assert.equal(error.code, 'input.invalid');
      assert.match(error.message, /No evidence source in this folder answers to the log groups nope\./);
      for (const [, , logGroup] of SOURCES) assert.ok(error.message.includes(logGroup), `${error.message} names ${logGroup}`);
      const partly = await cwli('stats count(*) as n', ['aws-cloudtrail-logs', 'nope']);
      assert.equal(count(partly), records(g, 'cloudtrail'));
      assert.deepEqual(partly.warnings.map((w) => [w.code, w.subject]), [['query.logGroup', 'nope']]);
    });

    it('scopes a script to the evidence of the tables it declares, in the same cell and after', async () => {
      const backend = newBackend();
      const trail = `CREATE EXTERNAL TABLE mytrail (eventversion STRING, eventname STRING)
        ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
        STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
        OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
        LOCATION 's3://bucket/AWSLogs/${ACCOUNT}/CloudTrail/';
        SELECT count(*) FROM mytrail`;
      const declared = await sql(trail, backend);
      assert.equal(count(declared), records(g, 'cloudtrail'));
      assert.deepEqual(declared.warnings.map((w) => w.code), ['query.skipped']);
      assert.equal(declared.facts.statistics.evidenceFiles, files(g, 'cloudtrail'));
      assertCloudTrailOnly(await sql('select count(*) from mytrail', backend));

      const findings = `CREATE EXTERNAL TABLE my_findings (schemaversion string, severity string, service string)
        ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://bucket/AWSLogs/${ACCOUNT}/GuardDuty/';
        SELECT count(*) FROM my_findings`;
      assertGuardDutyWithBroken(await sql(findings, backend));
    });
  });

  it('opens files outside the delivery layout whatever the query reads, and reports those that are broken', async () => {
    const g = await generated('scope-flat', { events: 200, sources: ['cloudtrail', 'guardduty'] });
    const backend = new LocalBackend({ threads: 2 });
    try {
      const digest = `AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/2024/05/13/digest.json`;
      const shortAccount = 'AWSLogs/1111222233/GuardDuty/us-east-1/2024/05/13/findings.jsonl';
      write(g.dir, 'notes.txt', 'remember to check the flow logs\n');
      write(g.dir, 'stray-cut.json.gz', cutShort(g.dir, g.largest.cloudtrail!));
      write(g.dir, digest, JSON.stringify({ awsAccountId: ACCOUNT, digestStartTime: '2024-05-13T06:00:00Z', digestPublicKeyFingerprint: 'ab' }));
      write(g.dir, shortAccount, 'not JSON under an account id of ten digits\n');
      const result = await backend.run({ language: 'athena-sql', query: 'select count(*) from cloudtrail_logs', target: { kind: 'evidence', folder: g.dir } });
      assert.equal(Number(result.result.rows[0]![0]), records(g, 'cloudtrail'));
      assert.deepEqual(warnedFiles(g.dir, result.warnings), ['notes.txt', 'stray-cut.json.gz', digest, shortAccount].sort());
    } finally {
      await backend.dispose();
      g.remove();
    }
  });
});
