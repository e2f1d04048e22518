/**
 * GuardDuty findings: the `gd_logs` table of the Athena documentation (querying-guardduty.md), and
 * the `/aws/events/guardduty` log group (where EventBridge rules usually send findings).
 *
 * Accepted: findings one per line as GuardDuty exports them to S3 (`AWSLogs/<account>/GuardDuty/
 * <region>/YYYY/MM/DD/*.jsonl.gz`), a JSON array of findings, `{"Findings": […]}` as `aws guardduty
 * get-findings` prints it, and EventBridge events whose `detail` is a finding; shapes may mix line
 * by line.
 *
 * As in Athena, whose OpenX JSON SerDe lowercases keys, `resource` and `service` are JSON text with
 * lowercase keys, so that the documented queries (`json_extract_scalar(service,
 * '$.action.actiontype')`) answer. In Logs Insights, `@message` is the finding itself with its own
 * keys (`service.action.actionType`): for an export line, exactly its text.
 */
import { quoteIdentifier, quoteString } from '../../../core/sql';
import type { InsightsRelation } from '../../../core/cwli/relation';
import { PATH_COLUMN, needsPath, uses, type EvidenceFile, type EvidenceSource, type Needs, type PlainFolders } from './evidenceSource';
import { eachGroup, type FileGroup, oneFile } from './fileGroups';
import { isoTimestamp, logSql, systemSelect } from './jsonInsights';
import { asDocument, readJsonObjects } from './jsonReaders';
import { relativeSql } from './textReaders';

export const GUARDDUTY_LOG_GROUP = '/aws/events/guardduty';

/** [column, JSON key] of gd_logs, all VARCHAR. */
const COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['schemaversion', 'schemaVersion'],
  ['accountid', 'accountId'],
  ['region', 'region'],
  ['partition', 'partition'],
  ['id', 'id'],
  ['arn', 'arn'],
  ['type', 'type'],
  ['resource', 'resource'],
  ['service', 'service'],
  ['severity', 'severity'],
  ['createdat', 'createdAt'],
  ['updatedat', 'updatedAt'],
  ['title', 'title'],
  ['description', 'description'],
];

/** Columns holding nested JSON, whose keys Athena's SerDe lowercases. */
const NESTED = new Set(['resource', 'service']);

/** Each finding of the files as JSON, whatever envelope it came in, with its file. */
function findings(group: FileGroup): string {
  const list = `CASE
      WHEN json_type(json, '$.Findings') = 'ARRAY' THEN json_extract(json, '$.Findings[*]')
      WHEN json_type(json, '$.findings') = 'ARRAY' THEN json_extract(json, '$.findings[*]')
      WHEN json_type(json, '$.detail') = 'OBJECT' THEN [json_extract(json, '$.detail')]
      ELSE [json] END`;
  return `SELECT unnest(${list}) AS awsfx_finding, json AS awsfx_line, filename FROM ${readJsonObjects(group.sources, group.sample, { filename: true })}`;
}

/**
 * The JSON text with every key lowercased and every value untouched: split at quotes (escaped quotes
 * and backslashes set aside first; JSON text never holds control characters raw), and lowercase each
 * string that a colon follows, which in JSON is exactly the keys.
 */
function lowercaseKeys(json: string): string {
  const parts = `string_split(replace(replace(${json}, '\\\\', chr(1)), '\\"', chr(2)), '"')`;
  const mapped = `list_transform(awsfx_parts, (s, i) -> CASE WHEN i % 2 = 0 AND regexp_matches(coalesce(awsfx_parts[i + 1], ''), '^\\s*:') THEN lower(s) ELSE s END)`;
  return `(SELECT replace(replace(array_to_string(${mapped}, '"'), chr(2), '\\"'), chr(1), '\\\\') FROM (SELECT ${parts} AS awsfx_parts))`;
}

function value(column: string, key: string): string {
  const raw = NESTED.has(column) ? `json_extract(awsfx_finding, ${quoteString(`$.${key}`)})` : `json_extract_string(awsfx_finding, ${quoteString(`$.${key}`)})`;
  return NESTED.has(column) ? lowercaseKeys(`CAST(${raw} AS VARCHAR)`) : raw;
}

function tableBranch(group: FileGroup, needs: Needs): string {
  const columns = COLUMNS.map(([column, key]) => `${uses(needs, column) ? value(column, key) : 'CAST(NULL AS VARCHAR)'} AS ${quoteIdentifier(column)}`);
  if (needsPath(needs)) columns.push(`filename AS ${quoteIdentifier(PATH_COLUMN)}`);
  // A line with an empty Findings list yields no finding.
  return `SELECT ${columns.join(', ')} FROM (${findings(group)}) WHERE awsfx_finding IS NOT NULL`;
}

function insightsBranch(group: FileGroup): string {
  const text = (key: string): string => `json_extract_string(awsfx_finding, ${quoteString(`$.${key}`)})`;
  // A bare finding keeps its line's exact text; one taken out of an envelope is written compactly.
  const message = `CASE WHEN json_type(awsfx_line, '$.schemaVersion') IS NOT NULL THEN CAST(awsfx_line AS VARCHAR) ELSE CAST(awsfx_finding AS VARCHAR) END`;
  const system = systemSelect({ timestamp: isoTimestamp(text('updatedAt')), message, logStream: relativeSql(group.sample), log: logSql(text('accountId'), GUARDDUTY_LOG_GROUP) });
  return `SELECT ${system} FROM (${findings(group)}) WHERE awsfx_finding IS NOT NULL`;
}

function relation(files: readonly EvidenceFile[], folders: PlainFolders): InsightsRelation {
  const sql = eachGroup(files, folders, insightsBranch);
  return { logGroup: GUARDDUTY_LOG_GROUP, evidenceType: 'guardduty', sql, fields: {}, jsonColumn: '@message' };
}

export const guardDutySource: EvidenceSource = {
  type: 'guardduty',
  title: 'GuardDuty findings',
  tables: ['gd_logs'],
  deliveryFolder: 'GuardDuty',
  logGroup: GUARDDUTY_LOG_GROUP,
  columns: [...COLUMNS.map(([column]) => [column, 'VARCHAR'] as const)],
  tableSql: (files, needs, folders) => eachGroup(files, folders, (g) => tableBranch(g, needs)),
  probeSql: (file) => `SELECT count(*) FROM ${readJsonObjects(oneFile(file), file, { filename: false })}`,
  alternate: asDocument,
  relations: async (files, folders) => [relation(files, folders)],
  documentedFields: [
    ...COLUMNS.filter(([column]) => !NESTED.has(column)).map(([, key]) => key),
    'resource.resourceType', 'resource.instanceDetails.instanceId', 'resource.accessKeyDetails.userName', 'resource.accessKeyDetails.accessKeyId',
    'service.count', 'service.eventFirstSeen', 'service.eventLastSeen', 'service.action.actionType', 'service.action.awsApiCallAction.api',
    'service.action.networkConnectionAction.remoteIpDetails.ipAddressV4', 'service.action.dnsRequestAction.domain',
  ],
};
