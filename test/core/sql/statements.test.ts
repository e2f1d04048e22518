import assert from 'node:assert/strict';
import { splitStatements } from '../../../src/core/sql/statements';

describe('core/sql statements', () => {
  it('splits a script at semicolons outside strings and comments, dropping empty statements', () => {
    const statements = splitStatements("select 1; -- only a comment ;\n;\nselect 'a;b' /* ; */;\n\n");
    assert.deepEqual(statements.map((s) => s.text), ['select 1', "select 'a;b'"]);
    assert.deepEqual(statements.map((s) => [s.range.line, s.range.column]), [[1, 1], [3, 1]]);
  });

  it('classifies queries, utilities, DDL and the unsupported', () => {
    const kinds = splitStatements(
      [
        'SELECT 1', 'WITH x AS (SELECT 1) SELECT * FROM x', '(SELECT 1)', 'VALUES (1)', 'DESCRIBE cloudtrail_logs',
        'SHOW COLUMNS FROM cloudtrail_logs', 'SHOW TABLES', 'EXPLAIN SELECT 1', 'SHOW PARTITIONS cloudtrail_logs',
        "ALTER TABLE t ADD PARTITION (region='us-east-1') LOCATION 's3://b/'", 'MSCK REPAIR TABLE t', 'DROP TABLE t',
        'INSERT INTO t SELECT 1', "CREATE TABLE t WITH (format = 'ORC') AS SELECT 1", 'CREATE VIEW v AS SELECT 1',
        'CREATE DATABASE d', 'USE d', 'PREPARE p FROM SELECT 1', "COPY t TO '/tmp/x'", 'PRAGMA version',
      ].join(';\n'),
    ).map((s) => [s.keyword, s.kind]);
    assert.deepEqual(kinds, [
      ['SELECT', 'query'], ['WITH', 'query'], ['SELECT', 'query'], ['VALUES', 'query'], ['DESCRIBE', 'utility'],
      ['SHOW COLUMNS', 'utility'], ['SHOW TABLES', 'utility'], ['EXPLAIN', 'utility'], ['SHOW PARTITIONS CLOUDTRAIL_LOGS', 'ddl'],
      ['ALTER TABLE T', 'ddl'], ['MSCK REPAIR TABLE', 'ddl'], ['DROP TABLE T', 'ddl'],
      ['INSERT INTO T', 'ddl'], ['CREATE TABLE AS', 'ddl'], ['CREATE VIEW', 'ddl'],
      ['CREATE DATABASE', 'ddl'], ['USE D', 'ddl'], ['PREPARE', 'unsupported'], ['COPY', 'unsupported'], ['PRAGMA', 'unsupported'],
    ]);
  });

  it('gives a reason for every statement it does not run', () => {
    for (const statement of splitStatements('ALTER TABLE t ADD PARTITION (a=1); MSCK REPAIR TABLE t; COPY t TO x')) {
      assert.ok(statement.reason && statement.reason.length > 20, statement.keyword);
    }
  });

  it('recognises CREATE EXTERNAL TABLE for CloudTrail by its SerDe, input format or location', () => {
    const [docs, bootstrap, projected, alb] = splitStatements(`
      CREATE EXTERNAL TABLE cloudtrail_logs (eventversion STRING) PARTITIONED BY (region string)
      ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
      STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat' OUTPUTFORMAT 'x' LOCATION 's3://b/AWSLogs/1/CloudTrail/';
      CREATE EXTERNAL TABLE IF NOT EXISTS security.cloudtrail (a STRING) ROW FORMAT SERDE 'com.amazon.emr.hive.serde.CloudTrailSerde';
      CREATE EXTERNAL TABLE \`My_Trail\` (a STRING) LOCATION 's3://bucket/AWSLogs/111122223333/CloudTrail/us-east-1';
      CREATE EXTERNAL TABLE IF NOT EXISTS alb_logs (type string) LOCATION 's3://bucket/AWSLogs/1/elasticloadbalancing/'`);
    assert.deepEqual(docs!.declares, { name: 'cloudtrail_logs', cloudTrail: true });
    assert.match(docs!.reason!, /already provides/);
    assert.deepEqual(bootstrap!.declares, { name: 'cloudtrail', cloudTrail: true });
    assert.deepEqual(projected!.declares, { name: 'my_trail', cloudTrail: true });
    assert.deepEqual(alb!.declares, { name: 'alb_logs', cloudTrail: false });
    assert.match(alb!.reason!, /not CloudTrail/);
  });
});
