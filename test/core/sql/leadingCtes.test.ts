import assert from 'node:assert/strict';
import { translateScript } from '../../../src/core/sql/athenaScript';
import { withLeadingCtes } from '../../../src/core/sql/leadingCtes';
import { sourceOffsetOf } from '../../../src/core/sql/trinoRewrite';

const translated = (sql: string) => translateScript(sql)[0]!.translated!;
const table = [{ name: 'cloudtrail_logs', sql: 'SELECT 1 AS eventname' }];

describe('core/sql leading CTEs', () => {
  it('puts the tables in front of a SELECT', () => {
    assert.equal(withLeadingCtes(translated('select eventname from cloudtrail_logs'), table)!.sql, 'WITH "cloudtrail_logs" AS (\nSELECT 1 AS eventname\n)\nselect eventname from cloudtrail_logs');
  });

  it("merges them into the query's own WITH, RECURSIVE or not", () => {
    assert.equal(
      withLeadingCtes(translated('with x as (select * from cloudtrail_logs) select * from x'), table)!.sql,
      'with "cloudtrail_logs" AS (\nSELECT 1 AS eventname\n), x as (select * from cloudtrail_logs) select * from x',
    );
    assert.match(withLeadingCtes(translated('WITH RECURSIVE r(n) AS (select 1) select * from r'), table)!.sql, /^WITH RECURSIVE "cloudtrail_logs" AS \(\nSELECT 1 AS eventname\n\), r\(n\) AS/);
  });

  it('declines when the query defines a CTE of the same name, or is not a SELECT', () => {
    assert.equal(withLeadingCtes(translated('with a as (select 1), CloudTrail_Logs as (select 2) select * from cloudtrail_logs'), table), undefined);
    assert.equal(withLeadingCtes(translated('values (1)'), table), undefined);
    assert.equal(withLeadingCtes(translated('(select 1)'), table), undefined);
  });

  it('keeps the map back to the cell', () => {
    const sql = 'select\n  nosuch\nfrom cloudtrail_logs';
    const withTables = withLeadingCtes(translated(sql), table)!;
    assert.equal(sourceOffsetOf(withTables, withTables.sql.indexOf('nosuch')), sql.indexOf('nosuch'));
  });
});
