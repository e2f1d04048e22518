/**
 * CloudTrail as the log group a trail delivers to CloudWatch Logs (`aws-cloudtrail-logs`, the
 * console's default name without its random suffix): each event's JSON is `@message`, its fields are
 * discovered from it, `@timestamp` is `eventTime`, and the stream is `<account>_CloudTrail_<region>`
 * as CloudTrail names its streams. Account and region come from the S3 key or CloudTrail's file name
 * when the files keep them, else from the event (as the table's partition columns do).
 *
 * Every event's JSON is written compactly, as CloudTrail writes it (and as CloudWatch holds it), also
 * for arrays of events that were saved indented.
 */
import { quoteIdentifier, quoteString } from '../../../core/sql';
import type { InsightsFieldRef, InsightsReading, InsightsRelation } from '../../../core/cwli/relation';
import type { EvidenceFile, PlainFolders } from './evidenceSource';
import { KEY_PATTERN, NAME_PATTERN, PARTS } from './cloudTrailTable';
import { type FileGroup, groupFiles, unionAll } from './fileGroups';
import { isoTimestamp, keyColumn, logSql, narrowed, planNarrow, systemSelect, type NarrowPlan } from './jsonInsights';
import { readJson, readJsonObjects } from './jsonReaders';

export const CLOUDTRAIL_LOG_GROUP = 'aws-cloudtrail-logs';

/** Account and region of an event: S3 key, then file name, then the event's own value. */
function partition(part: 'account' | 'region', fallback: string): string {
  return `coalesce(nullif(regexp_extract(filename, ${quoteString(KEY_PATTERN)}, ${PARTS}).${part}, ''), nullif(regexp_extract(filename, ${quoteString(NAME_PATTERN)}, ${PARTS}).${part}, ''), ${fallback})`;
}

function streamAndLog(account: string, region: string): { logStream: string; log: string } {
  return { logStream: `${account} || '_CloudTrail_' || ${region}`, log: logSql(account, CLOUDTRAIL_LOG_GROUP) };
}

/** Every event as its JSON text, with the file it came from. */
function rawEvents(group: FileGroup): string {
  if (group.sample.layout === 'records') {
    return `SELECT unnest("Records") AS awsfx_event, filename FROM ${readJson(group.sources, group.sample, [['Records', 'JSON[]']], { filename: true })}`;
  }
  // Written compactly, as CloudTrail writes events (the Stratus arrays are indented).
  return `SELECT json(json) AS awsfx_event, filename FROM ${readJsonObjects(group.sources, group.sample, { filename: true })}`;
}

function fullBranch(group: FileGroup): string {
  const event = (key: string): string => `json_extract_string(awsfx_event, ${quoteString(`$.${key}`)})`;
  const account = partition('account', event('recipientAccountId'));
  const region = partition('region', event('awsRegion'));
  const system = systemSelect({ timestamp: isoTimestamp(event('eventTime')), message: 'CAST(awsfx_event AS VARCHAR)', ...streamAndLog(account, region) });
  return `SELECT ${system} FROM (${rawEvents(group)})`;
}

/**
 * Keys CloudTrail always writes as a string or a boolean (the CloudTrail record contents reference):
 * read as text when a query reads them whole (jsonInsights.ts).
 */
const SCALAR_KEYS: ReadonlySet<string> = new Set([
  'eventVersion', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent', 'errorCode', 'errorMessage',
  'requestID', 'eventID', 'readOnly', 'eventType', 'apiVersion', 'managementEvent', 'recipientAccountId', 'sharedEventID',
  'vpcEndpointId', 'vpcEndpointAccountId', 'eventCategory', 'sessionCredentialFromConsole',
]);

/** The branch for a narrowed query: the keys it reaches; no raw text. */
function narrowBranch(group: FileGroup, plan: NarrowPlan, stream: boolean): string {
  const file = group.sample;
  const records = file.layout === 'records';
  const { keys, text } = plan;
  const account = stream ? partition('account', text('recipientAccountId')) : 'NULL';
  const region = stream ? partition('region', text('awsRegion')) : 'NULL';
  const system = systemSelect({ timestamp: isoTimestamp(text('eventTime')), message: 'CAST(NULL AS VARCHAR)', ...streamAndLog(account, region) });
  const picks = keys.map((key, i) => `${records ? `awsfx_event.${quoteIdentifier(key)}` : quoteIdentifier(key)} AS ${keyColumn(i)}`);
  if (stream) picks.push('filename');
  const read = records
    ? readJson(group.sources, file, [['Records', `STRUCT(${keys.map((k) => `${quoteIdentifier(k)} ${plan.type(k)}`).join(', ')})[]`]], { filename: stream })
    : readJson(group.sources, file, keys.map((key) => [key, plan.type(key)] as const), { filename: stream });
  const events = records ? `(SELECT unnest("Records") AS awsfx_event${stream ? ', filename' : ''} FROM ${read})` : read;
  return `SELECT ${system}, * FROM (SELECT ${picks.join(', ')} FROM ${events})`;
}

export function cloudTrailRelation(files: readonly EvidenceFile[], folders: PlainFolders): InsightsRelation {
  const groups = groupFiles(files, folders);
  const full: InsightsReading = { sql: unionAll(groups.map(fullBranch)), fields: {}, jsonColumn: '@message' };
  return {
    logGroup: CLOUDTRAIL_LOG_GROUP,
    evidenceType: 'cloudtrail',
    ...full,
    narrow(refs: readonly InsightsFieldRef[]): InsightsReading {
      const stream = refs.some((r) => r.name === '@logStream' || r.name === '@log');
      const plan = planNarrow(refs, ['eventTime', ...(stream ? ['recipientAccountId', 'awsRegion'] : [])], SCALAR_KEYS);
      if (!plan) return full;
      const sql = unionAll(groups.map((group) => narrowBranch(group, plan, stream)));
      return narrowed(sql, plan.fields((key) => keyColumn(plan.keys.indexOf(key))));
    },
  };
}
