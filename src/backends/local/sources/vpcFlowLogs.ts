/**
 * VPC flow logs: the `vpc_flow_logs` table of the Athena DDL (reference C.2, all v2–v5 columns, then
 * the v7–v8 ECS and reject-reason fields), and the `vpc-flow-logs` log group with the fields
 * CloudWatch Logs discovers (reference A.5: srcAddr, dstPort, logStatus…).
 *
 * Each file's fields are mapped by the format it declares (its header line, a `.format` file beside
 * it, or the default format), never by position: a column is NULL where a file's format lacks it,
 * and `-` is NULL. Files sharing a format are read by one read_csv call.
 *
 * Partition-style columns: `date` (DATE) and `day` (`YYYY/MM/DD`) from the S3 key
 * (`AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/`, its Hive-style variant, or the delivered
 * file's name), else from `start`; `region` is the record's field, else the key's.
 */
import { quoteIdentifier, quoteString } from '../../../core/sql';
import type { InsightsField, InsightsRelation } from '../../../core/cwli/relation';
import { PATH_COLUMN, needsPath, uses, type EvidenceFile, type EvidenceSource, type Needs, type PlainFolders } from './evidenceSource';
import { eachGroup, type FileGroup, oneFile } from './fileGroups';
import { logSql, systemSelect } from './jsonInsights';
import { asLatin1, readDelimited, relativeSql } from './textReaders';
import { FLOW_FIELDS, flowField, type FlowField } from './vpcFlowFields';

export const VPC_FLOW_LOG_GROUP = 'vpc-flow-logs';

const PARTITIONS: ReadonlyArray<readonly [string, string]> = [
  ['date', 'DATE'],
  ['day', 'VARCHAR'],
];

// AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/, its Hive-compatible form, and the file name
// <account>_vpcflowlogs_<region>_<flow-log-id>_YYYYMMDDTHHmmZ_<hash>.log.gz.
const KEY = String.raw`(?:^|[/\\])vpcflowlogs[/\\]([a-z0-9-]+)[/\\]([0-9]{4})[/\\]([0-9]{2})[/\\]([0-9]{2})[/\\]`;
const HIVE_KEY = String.raw`aws-service=vpcflowlogs[/\\]aws-region=([a-z0-9-]+)[/\\]year=([0-9]{4})[/\\]month=([0-9]{2})[/\\]day=([0-9]{2})[/\\]`;
const NAME = String.raw`(?:^|[/\\])[0-9]+_vpcflowlogs_([a-z0-9-]+)_[^_/\\]+_([0-9]{4})([0-9]{2})([0-9]{2})T[^/\\]*$`;
const PARTS = `['region', 'year', 'month', 'day']`;

/** A part of the S3 key, the first of the three layouts that has it. */
function keyPart(part: string): string {
  const of = (pattern: string): string => `nullif(regexp_extract(filename, ${quoteString(pattern)}, ${PARTS}).${part}, '')`;
  return `coalesce(${of(KEY)}, ${of(HIVE_KEY)}, ${of(NAME)})`;
}

/** The file's columns, in file order: ours for known fields, a placeholder for unknown ones. */
function fileColumns(file: EvidenceFile): string[] {
  return (file.fields ?? []).map((name, i) => (name === undefined ? `awsfx_unknown_${i}` : flowField(name)!.column));
}

function has(file: EvidenceFile, field: FlowField): boolean {
  return (file.fields ?? []).includes(field.aws);
}

function typed(file: EvidenceFile, field: FlowField): string {
  if (!has(file, field)) return `CAST(NULL AS ${field.sqlType})`;
  // As Athena's SerDe, a value that is not a number where the DDL wants one is NULL.
  return field.sqlType === 'VARCHAR' ? quoteIdentifier(field.column) : `TRY_CAST(${quoteIdentifier(field.column)} AS ${field.sqlType})`;
}

function read(group: FileGroup, filename: boolean): string {
  const file = group.sample;
  return readDelimited(group.sources, file, fileColumns(file), { header: file.header === true, filename });
}

function tableBranch(group: FileGroup, needs: Needs): string {
  const file = group.sample;
  const partitions = PARTITIONS.some(([name]) => uses(needs, name)) || uses(needs, 'region');
  const columns = FLOW_FIELDS.map((field) => {
    const value = field.column === 'region' && partitions ? `coalesce(${typed(file, field)}, ${keyPart('region')})` : typed(file, field);
    return `${value} AS ${quoteIdentifier(field.column)}`;
  });
  const start = typed(file, FLOW_FIELDS.find((f) => f.column === 'start')!);
  const date = partitions
    ? `coalesce(TRY_CAST(${keyPart('year')} || '-' || ${keyPart('month')} || '-' || ${keyPart('day')} AS DATE), CAST(to_timestamp(${start}) AS DATE))`
    : 'CAST(NULL AS DATE)';
  columns.push(`${date} AS "date"`, `strftime(${date}, '%Y/%m/%d') AS "day"`);
  if (needsPath(needs)) columns.push(`filename AS ${quoteIdentifier(PATH_COLUMN)}`);
  return `SELECT ${columns.join(', ')} FROM ${read(group, partitions || needsPath(needs))}`;
}

/** The line as CloudWatch holds it: the fields in the file's order, `-` where empty. */
function messageSql(file: EvidenceFile): string {
  return `concat_ws(' ', ${fileColumns(file).map((c) => `coalesce(${quoteIdentifier(c)}, '-')`).join(', ')})`;
}

function insightsBranch(group: FileGroup, present: readonly FlowField[]): string {
  const file = group.sample;
  const account = has(file, flowField('account-id')!) ? quoteIdentifier('account_id') : 'NULL';
  const interfaceId = has(file, flowField('interface-id')!) ? quoteIdentifier('interface_id') : 'NULL';
  const start = typed(file, flowField('start')!);
  const system = systemSelect({
    timestamp: `CAST(to_timestamp(${start}) AS TIMESTAMP)`,
    message: messageSql(file),
    // CloudWatch names a flow log's streams after the network interface.
    logStream: `coalesce(${interfaceId}, ${relativeSql(file)})`,
    log: logSql(account, VPC_FLOW_LOG_GROUP),
  });
  const fields = present.map((field) => `${typed(file, field)} AS ${quoteIdentifier(`awsfx_${field.column}`)}`);
  return `SELECT ${[system, ...fields].join(', ')} FROM ${read(group, true)}`;
}

function relation(files: readonly EvidenceFile[], folders: PlainFolders): InsightsRelation {
  // Files of one flow log share their fields array: look at each distinct one, not at every file.
  const declared = [...new Set(files.map((file) => file.fields ?? []))];
  const present = FLOW_FIELDS.filter((field) => declared.some((names) => names.includes(field.aws)));
  const fields: Record<string, InsightsField> = {};
  for (const field of present) fields[field.insights] = { sql: quoteIdentifier(`awsfx_${field.column}`), type: field.sqlType === 'VARCHAR' ? 'string' : 'number' };
  return { logGroup: VPC_FLOW_LOG_GROUP, evidenceType: 'vpcflow', sql: eachGroup(files, folders, (g) => insightsBranch(g, present)), fields };
}

export const vpcFlowLogsSource: EvidenceSource = {
  type: 'vpcflow',
  title: 'VPC flow logs',
  tables: ['vpc_flow_logs'],
  deliveryFolder: 'vpcflowlogs',
  logGroup: VPC_FLOW_LOG_GROUP,
  columns: [...FLOW_FIELDS.map((f) => [f.column, f.sqlType] as const), ...PARTITIONS],
  tableSql: (files, needs, folders) => eachGroup(files, folders, (g) => tableBranch(g, needs)),
  probeSql: (file) => `SELECT count(*) FROM ${readDelimited(oneFile(file), file, fileColumns(file), { header: file.header === true, filename: false })}`,
  alternate: asLatin1,
  relations: async (files, folders) => [relation(files, folders)],
};
