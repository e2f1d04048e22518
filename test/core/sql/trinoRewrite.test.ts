import assert from 'node:assert/strict';
import { AwsfxError } from '../../../src/core/errors';
import { translateScript } from '../../../src/core/sql/athenaScript';
import { MACRO_FUNCTIONS } from '../../../src/core/sql/trinoFunctions';
import { sourceOffsetOf, translateSql } from '../../../src/core/sql/trinoRewrite';
import { untranslateNames } from '../../../src/core/sql/trinoFunctions';

const tables = ['cloudtrail_logs', 'cloudtrail', 'cloudtrail_logs_pp'];
const t = (sql: string): string => translateSql(sql, { tables });

function failure(sql: string): AwsfxError {
  try {
    translateScript(sql, { tables });
  } catch (error) {
    assert.ok(error instanceof AwsfxError, String(error));
    return error;
  }
  assert.fail(`expected ${sql} to be refused`);
}

describe('core/sql Trino → DuckDB rewrite', () => {
  it('renames Trino functions to their awsfx_ macros, whatever case they are written in', () => {
    assert.equal(
      t("SELECT JSON_EXTRACT_SCALAR(JSON_EXTRACT(responseelements, '$.accessKey'), '$.userName') AS userName FROM cloudtrail"),
      "SELECT awsfx_json_extract_scalar(awsfx_json_extract(responseelements, '$.accessKey'), '$.userName') AS username FROM cloudtrail",
    );
    assert.equal(t("regexp_like(sourceipaddress, '^\\d')"), "awsfx_regexp_like(sourceipaddress, '^\\d')");
    assert.equal(t('from_iso8601_timestamp(eventtime)'), 'awsfx_from_iso8601_timestamp(eventtime)');
    assert.equal(t("date_diff('minute', a, b)"), "awsfx_date_diff('minute', a, b)");
    assert.equal(t('approx_distinct(x), cardinality(y)'), 'awsfx_approx_distinct(x), awsfx_cardinality(y)');
  });

  it('translates only the three-argument date_add (DuckDB has its own two-argument one)', () => {
    assert.equal(t("date_add('day', -30, current_timestamp)"), "awsfx_date_add('day', -30, current_timestamp)");
    assert.equal(t('date_add(d, INTERVAL 1 DAY)'), 'date_add(d, INTERVAL 1 day)');
  });

  it('converts MySQL and Joda date formats written as literals', () => {
    assert.equal(
      t("date_format(date_add('day',-30,current_timestamp), '%Y/%m/%d')"),
      "strftime(awsfx_date_add('day', -30, current_timestamp), '%Y/%m/%d')",
    );
    assert.equal(t("date_parse(x, '%Y-%m-%d %H:%i:%s')"), "strptime(x, '%Y-%m-%d %H:%M:%S')");
    assert.equal(t("format_datetime(ts, 'yyyy-MM-dd''T''HH:mm')"), "strftime(ts, '%Y-%m-%dT%H:%M')");
    assert.equal(t("parse_datetime(s, 'yyyy-MM-dd HH:mm:ss')"), "CAST(strptime(s, '%Y-%m-%d %H:%M:%S') AS TIMESTAMPTZ)");
  });

  it('refuses a date format it cannot translate, saying where', () => {
    const error = failure('select date_format(eventtime, fmt) from cloudtrail');
    assert.equal(error.code, 'query.unsupported');
    assert.match(error.message, /string literal/);
    assert.deepEqual([error.range?.line, error.range?.column], [1, 31]);
    assert.match(failure("select date_format(x, '%D') from t").message, /%D .*not supported/);
  });

  it('rewrites Trino type syntax inside CAST and TRY_CAST', () => {
    assert.equal(t('CAST(x AS ARRAY(VARCHAR))'), 'CAST(x AS VARCHAR[])');
    assert.equal(t('try_cast(x AS MAP(VARCHAR, ARRAY(BIGINT)))'), 'try_cast(x AS MAP(VARCHAR, BIGINT[]))');
    assert.equal(t('CAST(j AS ARRAY(ROW(arn VARCHAR, "AccountId" VARCHAR)))'), 'CAST(j AS STRUCT("arn" VARCHAR, "accountid" VARCHAR)[])');
    assert.equal(t('CAST(r AS ROW(BIGINT, DOUBLE))'), 'CAST(r AS STRUCT("field1" BIGINT, "field2" DOUBLE))');
    assert.equal(t('CAST(t AS TIMESTAMP(3) WITH TIME ZONE)'), 'CAST(t AS TIMESTAMPTZ)');
    assert.equal(t('CAST(t AS timestamp(6))'), 'CAST(t AS TIMESTAMP)');
    assert.equal(t('CAST(v AS VARCHAR(20)), CAST(b AS VARBINARY), CAST(d AS DECIMAL(10, 2)), CAST(f AS DOUBLE PRECISION)'), 'CAST(v AS VARCHAR), CAST(b AS BLOB), CAST(d AS DECIMAL(10, 2)), CAST(f AS DOUBLE)');
  });

  it('turns IPADDRESS casts and literals into comparable addresses, and JSON casts into to_json', () => {
    assert.equal(
      t("CAST(sourceipaddress AS IPADDRESS) > IPADDRESS '10.0.0.0'"),
      "awsfx_ipaddress(sourceipaddress) > awsfx_ipaddress('10.0.0.0')",
    );
    assert.equal(t("contains('10.0.0.0/8', CAST(ip AS IPADDRESS))"), "awsfx_ip_in_network('10.0.0.0/8', awsfx_ipaddress(ip))");
    assert.equal(t('contains(resources, x)'), 'contains(resources, x)');
    assert.equal(t('CAST(m AS JSON)'), 'to_json(m)');
    assert.equal(t(`JSON '{"a":1}'`), `json('{"a":1}')`);
    assert.equal(t("TIMESTAMP '2024-01-01 00:00:00 UTC' < TIMESTAMP '2024-01-02 00:00:00'"), "TIMESTAMPTZ '2024-01-01 00:00:00 UTC' < TIMESTAMP '2024-01-02 00:00:00'");
  });

  it('rewrites functions whose argument count or shape differs', () => {
    assert.equal(t("replace(unnested.resources_entry.ARN,'arn:aws:s3:::')"), "replace(unnested.resources_entry.arn, 'arn:aws:s3:::', '')");
    assert.equal(t("replace(a, 'x', 'y')"), "replace(a, 'x', 'y')");
    assert.equal(t("concat(a, '-', b)"), "(a || '-' || b)");
    assert.equal(t('element_at(resources, -1)'), '(resources)[-1]');
    assert.equal(t('if(x > 1, y)'), 'if(x > 1, y, NULL)');
    assert.equal(t('any_match(a, x -> x > 1)'), '(len(list_filter(a, x -> x > 1)) > 0)');
    assert.equal(t('all_match(a, x -> x > 1)'), '(len(list_filter(a, x -> x > 1)) = len(a))');
    assert.equal(t('reduce(a, 0, (s, x) -> s + x, s -> s * 2)'), 'list_transform([list_reduce(a, (s, x) -> s + x, 0)], s -> s * 2)[1]');
    assert.equal(t('transform(a, x -> upper(x))'), 'list_transform(a, x -> upper(x))');
  });

  it('leaves COUNT(*) FILTER (WHERE ...) alone', () => {
    assert.equal(t("count(*) FILTER (WHERE eventname = 'x')"), "count(*) FILTER (WHERE eventname = 'x')");
  });

  it('drops database and catalog qualifiers in front of local tables only', () => {
    assert.equal(t('select * from "AwsDataCatalog"."default".cloudtrail_logs'), 'select * from cloudtrail_logs');
    assert.equal(t('select * from security_db.CloudTrail c join other.thing o on true'), 'select * from cloudtrail c join other.thing o on true');
    assert.equal(t('select cloudtrail.eventname from cloudtrail'), 'select cloudtrail.eventname from cloudtrail');
  });

  it('lowercases identifiers as Trino does, but not keywords, strings or comments', () => {
    assert.equal(
      t("SELECT EventName AS \"MyName\", 'KeepMe' FROM CloudTrail_Logs -- Comment\nWHERE UserIdentity.ARN IS NOT NULL"),
      "SELECT eventname AS \"myname\", 'KeepMe' FROM cloudtrail_logs -- Comment\nWHERE useridentity.arn IS NOT NULL",
    );
  });

  it('keeps comments and line breaks where they were', () => {
    const sql = 'select /* why */ json_extract_scalar(a, \'$.b\') -- trailing\nfrom t';
    assert.equal(t(sql), "select /* why */ awsfx_json_extract_scalar(a, '$.b') -- trailing\nfrom t");
    assert.equal(t('select concat(a -- one\n, b)'), 'select (a -- one\n || b)');
  });

  it('refuses backquoted identifiers in queries and unterminated strings, with their position', () => {
    const backquote = failure('select `eventname` from cloudtrail');
    assert.equal(backquote.code, 'query.syntax');
    assert.deepEqual([backquote.range?.line, backquote.range?.column], [1, 8]);
    const open = failure("select 1;\nselect 'oops from t");
    assert.equal(open.code, 'query.syntax');
    assert.equal(open.range?.line, 2);
  });

  it('refuses statements that are not Athena queries, naming them', () => {
    const error = failure("select 1; COPY (select 1) TO '/tmp/x'");
    assert.equal(error.code, 'query.unsupported');
    assert.match(error.message, /^COPY is not run locally/);
  });

  it('treats a table declared earlier in the script as local', () => {
    const steps = translateScript("CREATE EXTERNAL TABLE my_trail (a string) LOCATION 's3://b/AWSLogs/1/CloudTrail/'; select * from db.my_trail", { tables });
    assert.equal(steps[0]!.translated, undefined);
    assert.equal(steps[1]!.translated!.sql, 'select * from my_trail');
  });

  it('maps each part of the translated SQL back to where it was written', () => {
    const sql = "select\n  json_extract_scalar(requestparameters, '$.x'),\n  nosuch\nfrom t";
    const [step] = translateScript(sql);
    const translated = step!.translated!;
    const at = translated.sql.indexOf('nosuch');
    assert.equal(sourceOffsetOf(translated, at), sql.indexOf('nosuch'));
  });

  it('maps macro names in engine messages back to the Trino names', () => {
    assert.equal(
      untranslateNames('Binder Error: No function matches awsfx_json_extract_scalar(INTEGER) or awsfx__ipv4; did you mean list_filter?'),
      'Binder Error: No function matches json_extract_scalar(INTEGER) or _ipv4; did you mean filter?',
    );
  });

  it('declares an argument count for every macro-backed function', () => {
    for (const [name, counts] of Object.entries(MACRO_FUNCTIONS)) assert.ok(counts.length > 0, name);
  });
});
