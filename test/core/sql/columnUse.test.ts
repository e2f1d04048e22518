import assert from 'node:assert/strict';
import { columnUse, mergeColumnUse, type FieldUse } from '../../../src/core/sql/columnUse';
import { tokenize } from '../../../src/core/sql/tokenizer';

const use = (sql: string) => columnUse(tokenize(sql));
const paths = (u: FieldUse | undefined) => (u === 'all' || u === undefined ? u : [...u].sort());

describe('core/sql column use', () => {
  it('records the struct fields a query reaches and the columns it names', () => {
    const u = use("select eventtime, useridentity.arn, useridentity.sessioncontext.sessionissuer.arn from cloudtrail_logs where eventname = 'X'");
    assert.equal(u.star, false);
    assert.deepEqual(paths(u.names.get('useridentity')), ['arn', 'sessioncontext.sessionissuer.arn']);
    assert.equal(u.names.get('eventtime'), 'all');
    assert.equal(u.names.get('eventname'), 'all');
    assert.equal(u.names.get('requestparameters'), undefined);
  });

  it('counts a bare, subscripted or starred struct as wholly used', () => {
    assert.equal(use('select useridentity, useridentity.arn from t').names.get('useridentity'), 'all');
    assert.equal(use("select useridentity['arn'] from t").names.get('useridentity'), 'all');
    assert.equal(use('select cardinality(resources) from t').names.get('resources'), 'all');
  });

  it('sees columns behind a table alias and quoted names', () => {
    const u = use('select t.eventname, "T"."UserIdentity"."Arn" from cloudtrail t');
    assert.equal(u.names.get('eventname'), 'all');
    assert.deepEqual(paths(u.names.get('useridentity')), ['arn']);
  });

  it('tells a select-star from count(*) and multiplication', () => {
    assert.equal(use('select * from t').star, true);
    assert.equal(use('select t.* from t').star, true);
    assert.equal(use('select distinct * from t').star, true);
    assert.equal(use('select a, * from t').star, true);
    assert.equal(use('select count(*), 2 * x from t').star, false);
  });

  it('reads TABLE t as SELECT * FROM t', () => {
    assert.equal(use('TABLE gd_logs').star, true);
    assert.equal(use('table gd_logs').star, true);
    assert.equal(use('select tablename from t').star, false);
  });

  it('merges the uses of several statements', () => {
    const merged = mergeColumnUse([use('select useridentity.arn from t'), use('select useridentity.type from t'), use('select * from t')]);
    assert.equal(merged.star, true);
    assert.deepEqual(paths(merged.names.get('useridentity')), ['arn', 'type']);
  });
});
