import assert from 'node:assert/strict';
import { LocalBackend } from '../../../src/backends/local/localBackend';
import { columnNames } from '../../../src/backends/local/sources/cloudTrailTable';
import type { QueryResult } from '../../../src/backends/queryBackend';
import { demoQueries, docsQueries, withoutPartitionConstraints, type CorpusQuery } from './corpusQueries';
import { invictusFolder, stratusFolder } from './evidenceFolders';

type Dataset = 'stratus' | 'invictus';
const folders: Record<Dataset, string> = { stratus: stratusFolder, invictus: invictusFolder };
type Check = (result: QueryResult, dataset: Dataset) => void;

const ALL_COLUMNS = columnNames();
const column = (result: QueryResult, name: string) => result.result.columns.findIndex((c) => c.name === name);
const values = (result: QueryResult, name: string) => result.result.rows.map((r) => r[column(result, name)]);

function skipped(reason: RegExp): Check {
  return (r) => {
    assert.deepEqual([r.result.columns, r.result.rows], [[], []]);
    assert.equal(r.warnings.length, 1);
    assert.equal(r.warnings[0]!.code, 'query.skipped');
    assert.match(r.warnings[0]!.message, reason);
  };
}

function noRows(columns: string[]): Check {
  return (r) => {
    assert.deepEqual(r.result.columns.map((c) => c.name), columns);
    assert.equal(r.result.totalRows, 0);
    assert.deepEqual(r.warnings, []);
  };
}

const sorted = (list: unknown[]) => [...list].sort();

/** What is true of each published query, run unchanged, on each dataset (checked against jq). */
const EXPECTED: Record<string, Check> = {
  'docs-11': skipped(/declares the CloudTrail table cloudtrail_logs, which the local engine already provides/),
  'docs-12': skipped(/partitions and table properties come from the evidence folder/),
  'docs-13': skipped(/partitions and table properties come from the evidence folder/),
  'docs-14': skipped(/partitions and table properties come from the evidence folder/),
  'docs-15': skipped(/declares the CloudTrail table cloudtrail_logs_pp/),
  'docs-16': (r) => {
    assert.deepEqual(r.result.columns.map((c) => c.name), ['eventsource', 'eventname', 'creationdate', 'arn']);
    assert.equal(r.result.rows.length, 10);
    for (const row of r.result.rows) assert.match(String(row[3]), /^arn:aws:iam::\d{12}:role\//);
    const keys = r.result.rows.map((row) => `${row[0]}\u0000${row[1]}`);
    assert.deepEqual(keys, [...keys].sort(), 'ordered by eventsource, eventname');
  },
  'docs-17': noRows(['awsregion', 's3_resource', 'eventname', 'eventtime', 'useragent']),
  'docs-18': (r, dataset) => {
    assert.deepEqual(r.result.columns.map((c) => c.name), ['awsregion', 'deleted_bucket', 'time_deleted', 'username', 'bucket_acct_id']);
    if (dataset === 'stratus') return assert.equal(r.result.totalRows, 0);
    assert.deepEqual(sorted(values(r, 'deleted_bucket')), [
      'stratus-red-team-backdoor-f-bucket-ufamgrrnmw', 'stratus-red-team-bdbp-lhfzvgcamn', 'stratus-red-team-ctes-bucket-qyxyekjbtk', 'stratus-red-team-ctes-bucket-qyxyekjbtk',
      'stratus-red-team-ctlr-bucket-zqfsvooxqj', 'stratus-red-team-ctlr-bucket-zqfsvooxqj', 'stratus-red-team-ctlr-bucket-zqfsvooxqj', 'stratus-red-team-olc-bucket-xhfgzaowxc',
    ]);
    assert.deepEqual(new Set(values(r, 'bucket_acct_id')), new Set(['123837392027']));
    assert.deepEqual(new Set(values(r, 'username')), new Set(['bert-jan']));
    assert.equal(values(r, 'time_deleted')[0], '2023-07-10T12:08:05Z');
  },
  'docs-19': noRows(ALL_COLUMNS),
  'docs-20': (r) => {
    assert.deepEqual(r.result.columns.map((c) => c.name), ['arn', 'eventname', 'sourceipaddress', 'eventtime']);
    assert.equal(r.result.rows.length, 100);
    for (const time of values(r, 'eventtime')) assert.match(String(time), /^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  },
  'demo-1': (r) => {
    assert.deepEqual(r.result.columns.map((c) => c.name), ALL_COLUMNS);
    assert.equal(r.result.rows.length, 10);
  },
  'demo-4': (r, dataset) => {
    // Only the Invictus files name their region (us-east-1) in the CloudTrail file name.
    assert.equal(r.result.rows.length, dataset === 'invictus' ? 10 : 0);
    for (const region of values(r, 'region_partition')) assert.equal(region, 'us-east-1');
  },
  'demo-18': skipped(/CREATE TABLE AS SELECT writes a new table to S3/),
  'demo-19': skipped(/writes to a table in S3/),
};
EXPECTED['demo-5'] = EXPECTED['demo-4']!;
// Every other demo query keeps the bootstrap's default partition constraints (account 111122223333,
// July 2021, or the last 30 days), which match neither dataset: no rows, and the right columns.
const DEMO_COLUMNS: Record<string, string[]> = {
  'demo-2': ALL_COLUMNS, 'demo-3': ALL_COLUMNS, 'demo-6': ALL_COLUMNS, 'demo-7': ALL_COLUMNS, 'demo-8': ALL_COLUMNS,
  'demo-9': ['region_partition', 'eventcount'], 'demo-10': ['region_partition', 'eventname', 'eventcount'], 'demo-11': ['arn', 'eventname', 'sourceips'],
  'demo-12': ['arn', 'eventnames', 'sourceips', 'useragents'], 'demo-13': ['arn', 'username', 'eventnames', 'sourceips', 'useragents'],
  'demo-14': ['eventtime', 'arn', 'username', 'eventname', 'requestparameters'], 'demo-15': ['eventtime', 'arn', 'username', 'eventname', 'username', 'accesskey'],
  'demo-16': ['eventtime', 'arn', 'username', 'eventname', 'username with password modified'], 'demo-17': ALL_COLUMNS,
};
for (const [id, columns] of Object.entries(DEMO_COLUMNS)) EXPECTED[id] = noRows(columns);

const rowCount = (stratus: number, invictus: number): Record<Dataset, Check> => ({
  stratus: (r) => assert.equal(r.result.totalRows, stratus),
  invictus: (r) => assert.equal(r.result.totalRows, invictus),
});

/** The demo queries' bodies, without their partition constraints, on the real data (checked against jq). */
const BODIES: Record<string, Record<Dataset, Check>> = {
  'demo-2': rowCount(10, 10),
  'demo-3': rowCount(10, 10),
  'demo-4': rowCount(10, 10),
  'demo-5': rowCount(10, 10),
  'demo-6': rowCount(10, 10),
  'demo-7': rowCount(10, 10),
  'demo-8': rowCount(10, 10),
  // Distinct (region, event name) pairs; distinct principals (NULL included) of non-read calls.
  'demo-10': rowCount(65, 260),
  'demo-12': rowCount(30, 9),
  'demo-13': rowCount(30, 10),
  'demo-9': {
    stratus: (r) => assert.equal((values(r, 'eventcount') as number[]).reduce((a, b) => a + b, 0), 310),
    invictus: (r) => assert.deepEqual(r.result.rows, [['us-east-1', 2900]]),
  },
  'demo-11': {
    stratus: (r) => assert.deepEqual(sorted(r.result.rows.map((row) => `${row[0]} ${row[1]}`)), [
      'arn:aws:iam::307578594326:user/christophe AssumeRole', 'arn:aws:iam::321848314756:user/christophe AssumeRole', 'arn:aws:iam::457448411975:user/christophe AssumeRole',
      'arn:aws:iam::562283505220:user/stratus-red-team-nmfalu-jfzdtsvchl ConsoleLogin', 'arn:aws:iam::900138736586:user/christophe AssumeRole',
    ]),
    invictus: (r) => assert.deepEqual(sorted(r.result.rows.map((row) => JSON.stringify(row))), sorted([
      ['arn:aws:iam::123837392027:user/bert-jan', 'AssumeRole', ['192.168.10.20']],
      ['arn:aws:iam::123837392027:user/bert-jan', 'ConsoleLogin', ['10.8.8.10']],
      ['arn:aws:iam::123837392027:user/stratus-red-team-nmfalu-gfjyeaypjt', 'ConsoleLogin', ['192.168.10.20']],
    ].map((row) => JSON.stringify(row)))),
  },
  'demo-14': rowCount(9, 85),
  'demo-15': {
    stratus: (r) => assert.deepEqual(r.result.rows.map((row) => row.slice(4)), [['malicious-iam-user', 'AKIAXAFZN8JEPF6L682H'], ['stratus-red-team-backdoor-u-user', 'AKIAL80DWDVKKM0UXEER']]),
    invictus: (r) => assert.deepEqual(r.result.rows.map((row) => [row[0], ...row.slice(4)]), [
      ['2023-07-10T12:24:29Z', 'stratus-red-team-backdoor-u-user', 'AKIATFQR7NSC3ZO6PKAZ'], ['2023-07-10T12:24:50Z', 'malicious-iam-user', 'AKIATFQR7NSCQLA2F4OD'],
    ]),
  },
  'demo-16': {
    stratus: (r) => assert.deepEqual(sorted(values(r, 'username with password modified')), ['stratus-red-team-login-profile-user', 'stratus-red-team-update-login-profile-user']),
    invictus: (r) => assert.deepEqual(sorted(values(r, 'username with password modified')), ['stratus-red-team-login-profile-user', 'stratus-red-team-nmfalu-gfjyeaypjt']),
  },
  'demo-17': {
    // The anonymised Stratus addresses are all outside RFC 1918; in the Invictus data 21 calls come
    // from 3.225.16.109 and 52.45.102.28, the rest from 10.x and 192.168.x or AWS services.
    stratus: (r) => assert.equal(r.result.totalRows, 310),
    invictus: (r) => {
      assert.equal(r.result.totalRows, 21);
      assert.deepEqual(new Set(values(r, 'sourceipaddress')), new Set(['3.225.16.109', '52.45.102.28']));
    },
  },
};

describe('backends/local the public CloudTrail query corpus, unchanged', function () {
  this.timeout(300_000);
  const backend = new LocalBackend({ threads: 2 });
  after(() => backend.dispose());
  const queries: CorpusQuery[] = [...docsQueries(), ...demoQueries()];

  it('finds the CloudTrail queries of both sources', () => {
    assert.deepEqual(queries.map((q) => q.id), [
      'docs-11', 'docs-12', 'docs-13', 'docs-14', 'docs-15', 'docs-16', 'docs-17', 'docs-18', 'docs-19', 'docs-20',
      ...Array.from({ length: 19 }, (_, i) => `demo-${i + 1}`),
    ]);
    assert.deepEqual(Object.keys(EXPECTED).sort(), queries.map((q) => q.id).sort());
    const constrained = queries.filter((q) => /\b(date|account|region)_partition\b/.test(q.sql) && q.sql.startsWith('SELECT')).map((q) => q.id);
    assert.deepEqual(Object.keys(BODIES).sort(), constrained.sort());
  });

  for (const dataset of ['stratus', 'invictus'] as const) {
    describe(dataset, () => {
      for (const query of queries) {
        it(`${query.id}: ${query.title}`, async () => {
          const result = await backend.run({ language: 'athena-sql', query: query.sql, target: { kind: 'evidence', folder: folders[dataset] } });
          EXPECTED[query.id]!(result, dataset);
        });
      }
      for (const [id, checks] of Object.entries(BODIES)) {
        it(`${id} without its partition constraints`, async () => {
          const query = queries.find((q) => q.id === id)!;
          const result = await backend.run({ language: 'athena-sql', query: withoutPartitionConstraints(query.sql), target: { kind: 'evidence', folder: folders[dataset] } });
          checks[dataset](result, dataset);
        });
      }
    });
  }
});
