/**
 * Route 53 Resolver query logs (JSON, one record per line as S3 delivers them): the `r53_rlogs`
 * table of the Athena documentation (querying-r53-resolver-logs.md), plus the DNS Firewall fields
 * the same records carry, plus partition-style `account_partition`, `vpc_partition` and
 * `date_partition` (`YYYY/MM/DD`) from the S3 key (`AWSLogs/<account>/vpcdnsquerylogs/<vpc>/YYYY/MM/DD/`)
 * or the delivered file's name, else from the record.
 *
 * As the `/aws/route53resolver` log group, `@message` is each record's raw line and its keys are
 * discovered as JSON (`query_name`, `rcode`, `srcids.instance`…). The names reference A.5 lists for
 * Route 53 (`queryName`, `queryType`, `responseCode`, …) belong to public hosted-zone query logs; so
 * that the documented sample queries run on resolver evidence too, those with a resolver
 * counterpart are fields as well (`protocol` is `transport`).
 */
import { quoteIdentifier, quoteString } from '../../../core/sql';
import type { InsightsField, InsightsFieldRef, InsightsReading, InsightsRelation } from '../../../core/cwli/relation';
import { PATH_COLUMN, needsPath, uses, type EvidenceFile, type EvidenceSource, type Needs, type PlainFolders } from './evidenceSource';
import { eachGroup, type FileGroup, groupFiles, oneFile, unionAll } from './fileGroups';
import { isoTimestamp, keyColumn, logSql, narrowed, pathField, planNarrow, systemSelect, type NarrowPlan } from './jsonInsights';
import { asDocument, readJson, readJsonObjects } from './jsonReaders';
import { relativeSql } from './textReaders';

export const ROUTE53_LOG_GROUP = '/aws/route53resolver';

/** [column, JSON key, type read from the file, type in the table]. */
const COLUMNS: ReadonlyArray<readonly [string, string, string, string]> = [
  ['version', 'version', 'VARCHAR', 'VARCHAR'],
  ['account_id', 'account_id', 'VARCHAR', 'VARCHAR'],
  ['region', 'region', 'VARCHAR', 'VARCHAR'],
  ['vpc_id', 'vpc_id', 'VARCHAR', 'VARCHAR'],
  ['query_timestamp', 'query_timestamp', 'VARCHAR', 'VARCHAR'],
  ['query_name', 'query_name', 'VARCHAR', 'VARCHAR'],
  ['query_type', 'query_type', 'VARCHAR', 'VARCHAR'],
  ['query_class', 'query_class', 'VARCHAR', 'VARCHAR'],
  ['rcode', 'rcode', 'VARCHAR', 'VARCHAR'],
  ['answers', 'answers', 'STRUCT("Rdata" VARCHAR, "Type" VARCHAR, "Class" VARCHAR)[]', 'STRUCT(rdata VARCHAR, "type" VARCHAR, "class" VARCHAR)[]'],
  ['srcaddr', 'srcaddr', 'VARCHAR', 'VARCHAR'],
  ['srcport', 'srcport', 'VARCHAR', 'INTEGER'],
  ['transport', 'transport', 'VARCHAR', 'VARCHAR'],
  ['srcids', 'srcids', 'STRUCT("instance" VARCHAR, "resolver_endpoint" VARCHAR)', 'STRUCT("instance" VARCHAR, resolver_endpoint VARCHAR)'],
  ['firewall_rule_action', 'firewall_rule_action', 'VARCHAR', 'VARCHAR'],
  ['firewall_rule_group_id', 'firewall_rule_group_id', 'VARCHAR', 'VARCHAR'],
  ['firewall_domain_list_id', 'firewall_domain_list_id', 'VARCHAR', 'VARCHAR'],
];

/** Keys the resolver always writes as strings (Route 53's documented log format): read as text when a query reads them whole (jsonInsights.ts). */
const SCALAR_KEYS: ReadonlySet<string> = new Set(COLUMNS.filter(([, , fileType]) => fileType === 'VARCHAR').map(([, key]) => key));

const PARTITIONS = ['account_partition', 'vpc_partition', 'date_partition'] as const;

const KEY = String.raw`(?:^|[/\\])AWSLogs[/\\]([0-9]{12})[/\\]vpcdnsquerylogs[/\\]([^/\\]+)[/\\]([0-9]{4})[/\\]([0-9]{2})[/\\]([0-9]{2})[/\\]`;
const NAME = String.raw`(?:^|[/\\])([0-9]{12})_vpcdnsquerylogs_(vpc-[0-9a-z]+)_([0-9]{4})([0-9]{2})([0-9]{2})T[^/\\]*$`;
const PARTS = `['account', 'vpc', 'year', 'month', 'day']`;

function keyPart(part: string): string {
  const of = (pattern: string): string => `nullif(regexp_extract(filename, ${quoteString(pattern)}, ${PARTS}).${part}, '')`;
  return `coalesce(${of(KEY)}, ${of(NAME)})`;
}

function tableBranch(group: FileGroup, needs: Needs): string {
  const partitions = PARTITIONS.some((name) => uses(needs, name));
  const wanted = COLUMNS.filter(([column, key]) => uses(needs, column) || (partitions && ['account_id', 'vpc_id', 'query_timestamp'].includes(key)));
  // Counting rows needs the records to exist, not any field of them: read the smallest one.
  const read = wanted.length > 0 ? wanted : COLUMNS.slice(0, 1);
  const columns = COLUMNS.map(([column, key, fileType, tableType]) => {
    if (!wanted.some(([c]) => c === column)) return `CAST(NULL AS ${tableType}) AS ${quoteIdentifier(column)}`;
    const value = fileType === tableType ? quoteIdentifier(key) : fileType === 'VARCHAR' ? `TRY_CAST(${quoteIdentifier(key)} AS ${tableType})` : `CAST(${quoteIdentifier(key)} AS ${tableType})`;
    return `${value} AS ${quoteIdentifier(column)}`;
  });
  if (partitions) {
    const day = `coalesce(${keyPart('year')} || '/' || ${keyPart('month')} || '/' || ${keyPart('day')}, replace(substr("query_timestamp", 1, 10), '-', '/'))`;
    columns.push(`coalesce(${keyPart('account')}, "account_id") AS account_partition`, `coalesce(${keyPart('vpc')}, "vpc_id") AS vpc_partition`, `${day} AS date_partition`);
  } else {
    columns.push(...PARTITIONS.map((name) => `CAST(NULL AS VARCHAR) AS ${name}`));
  }
  if (needsPath(needs)) columns.push(`filename AS ${quoteIdentifier(PATH_COLUMN)}`);
  const source = readJson(group.sources, group.sample, read.map(([, key, fileType]) => [key, fileType] as const), { filename: partitions || needsPath(needs) });
  return `SELECT ${columns.join(', ')} FROM ${source}`;
}

/** The A.5 Route 53 names that have a resolver counterpart, and the key they read. */
const DOCUMENTED_NAMES: Readonly<Record<string, string>> = {
  queryName: 'query_name',
  queryType: 'query_type',
  responseCode: 'rcode',
  queryTimestamp: 'query_timestamp',
  protocol: 'transport',
  version: 'version',
};

function fullBranch(group: FileGroup): string {
  const text = (key: string): string => `json_extract_string(json, ${quoteString(`$.${key}`)})`;
  const system = systemSelect({
    timestamp: isoTimestamp(text('query_timestamp')),
    message: 'CAST(json AS VARCHAR)',
    logStream: `coalesce(${text('vpc_id')}, ${relativeSql(group.sample)})`,
    log: logSql(text('account_id'), ROUTE53_LOG_GROUP),
  });
  return `SELECT ${system} FROM ${readJsonObjects(group.sources, group.sample, { filename: true })}`;
}

function narrowBranch(group: FileGroup, plan: NarrowPlan, stream: boolean): string {
  const { keys, text } = plan;
  const system = systemSelect({
    timestamp: isoTimestamp(text('query_timestamp')),
    message: 'CAST(NULL AS VARCHAR)',
    logStream: stream ? `coalesce(${text('vpc_id')}, ${relativeSql(group.sample)})` : 'NULL',
    log: stream ? logSql(text('account_id'), ROUTE53_LOG_GROUP) : 'NULL',
  });
  const picks = keys.map((key, i) => `${quoteIdentifier(key)} AS ${keyColumn(i)}`);
  const read = readJson(group.sources, group.sample, keys.map((key) => [key, plan.type(key)] as const), { filename: stream });
  return `SELECT ${system}, * FROM (SELECT ${picks.join(', ')}${stream ? ', filename' : ''} FROM ${read})`;
}

function relation(files: readonly EvidenceFile[], folders: PlainFolders): InsightsRelation {
  const groups = groupFiles(files, folders);
  const fields: Record<string, InsightsField> = {};
  for (const [name, key] of Object.entries(DOCUMENTED_NAMES)) fields[name] = pathField('"@message"', [key]);
  const full: InsightsReading = { sql: unionAll(groups.map(fullBranch)), fields, jsonColumn: '@message' };
  return {
    logGroup: ROUTE53_LOG_GROUP,
    evidenceType: 'route53resolver',
    ...full,
    narrow(refs: readonly InsightsFieldRef[]): InsightsReading {
      const stream = refs.some((r) => r.name === '@logStream' || r.name === '@log');
      // A documented name reads its resolver key.
      const keyed = refs.map((r) => (r.name in DOCUMENTED_NAMES ? { name: r.name, path: [DOCUMENTED_NAMES[r.name]!] } : r));
      const plan = planNarrow(keyed, ['query_timestamp', ...(stream ? ['account_id', 'vpc_id'] : [])], SCALAR_KEYS);
      if (!plan) return full;
      const sql = unionAll(groups.map((group) => narrowBranch(group, plan, stream)));
      return narrowed(sql, plan.fields((key) => keyColumn(plan.keys.indexOf(key))));
    },
  };
}

export const route53ResolverSource: EvidenceSource = {
  type: 'route53resolver',
  title: 'Route 53 Resolver query logs',
  tables: ['r53_rlogs'],
  deliveryFolder: 'vpcdnsquerylogs',
  logGroup: ROUTE53_LOG_GROUP,
  columns: [...COLUMNS.map(([column, , , type]) => [column, type] as const), ...PARTITIONS.map((name) => [name, 'VARCHAR'] as const)],
  tableSql: (files, needs, folders) => eachGroup(files, folders, (g) => tableBranch(g, needs)),
  probeSql: (file) => `SELECT count(*) FROM ${readJson(oneFile(file), file, COLUMNS.map(([, key, fileType]) => [key, fileType] as const), { filename: false })}`,
  alternate: asDocument,
  relations: async (files, folders) => [relation(files, folders)],
  documentedFields: [
    ...COLUMNS.filter(([, , type]) => type === 'VARCHAR').map(([, key]) => key),
    'answers.0.Rdata', 'answers.0.Type', 'answers.0.Class', 'srcids.instance', 'srcids.resolver_endpoint',
  ],
};
