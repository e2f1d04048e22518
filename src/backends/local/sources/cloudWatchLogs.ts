/**
 * CloudWatch Logs events taken out of CloudWatch (exports and subscription payloads, see
 * cloudWatchEvents.ts). Athena documents no table for them; the local table is `cloudwatch_logs`
 * (`owner, log_group, log_stream, event_id, event_timestamp` in epoch ms as the API gives it,
 * `event_time`, `message`).
 *
 * In Logs Insights each log group is a relation under its own name: `@message` is the event's
 * message, JSON messages have their fields discovered, and `/aws/lambda/…` groups have the fields
 * CloudWatch discovers in Lambda's START/END/REPORT lines (`@type`, `@requestId`, `@duration`…).
 */
import { quoteIdentifier, quoteString } from '../../../core/sql';
import type { InsightsField, InsightsRelation } from '../../../core/cwli/relation';
import { PATH_COLUMN, needsPath, type EvidenceFile, type EvidenceQuery, type EvidenceSource, type Needs, type PlainFolders } from './evidenceSource';
import { exportEvents, exportPlace, payloadEvents, readPayloads } from './cloudWatchEvents';
import { groupFiles, oneFile, unionAll } from './fileGroups';
import { unwrapLambdaPayloads } from './lambdaPayloads';
import { asDocument } from './jsonReaders';
import { logSql, systemSelect } from './jsonInsights';
import { asLatin1, readLines } from './textReaders';

const COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['owner', 'VARCHAR'],
  ['log_group', 'VARCHAR'],
  ['log_stream', 'VARCHAR'],
  ['event_id', 'VARCHAR'],
  ['event_timestamp', 'BIGINT'],
  ['event_time', 'TIMESTAMP'],
  ['message', 'VARCHAR'],
];

const isExport = (file: EvidenceFile): boolean => file.layout === 'export';

/** The events of these files, each SELECT yielding the event columns plus `filename` and `awsfx_path`. */
function events(files: readonly EvidenceFile[], folders: PlainFolders): string[] {
  const branches: string[] = [];
  const byGroup = new Map<string, EvidenceFile[]>();
  for (const file of files.filter(isExport)) {
    const place = exportPlace(file);
    // Files of one log group whose streams start at the same place share a read.
    const key = `${place.logGroup}\u0000${place.streamFrom}`;
    const list = byGroup.get(key);
    if (list) list.push(file);
    else byGroup.set(key, [file]);
  }
  for (const members of byGroup.values()) {
    const place = exportPlace(members[0]!);
    for (const group of groupFiles(members, folders)) branches.push(`SELECT *, filename AS awsfx_path FROM (${exportEvents(group, place)})`);
  }
  for (const group of groupFiles(files.filter((f) => !isExport(f)), folders)) {
    // An unwrapped Lambda event is read from the cache; "$path" still names the event file.
    const unwrapped = group.files.filter((f) => f.readPath !== undefined);
    const path = unwrapped.length === 0 ? 'filename' : `CASE filename ${unwrapped.map((f) => `WHEN ${quoteString(f.readPath!)} THEN ${quoteString(f.path)}`).join(' ')} ELSE filename END`;
    branches.push(`SELECT *, ${path} AS awsfx_path FROM (${payloadEvents(group)})`);
  }
  return branches;
}

const time = 'CAST(epoch_ms(event_timestamp) AS TIMESTAMP)';

function tableSql(files: readonly EvidenceFile[], needs: Needs, folders: PlainFolders): string {
  const branches = events(files, folders);
  const columns = [...COLUMNS.map(([name]) => (name === 'event_time' ? `${time} AS event_time` : quoteIdentifier(name)))];
  if (needsPath(needs)) columns.push(`awsfx_path AS ${quoteIdentifier(PATH_COLUMN)}`);
  return `SELECT ${columns.join(', ')} FROM (${unionAll(branches)})`;
}

/** The fields CloudWatch discovers in Lambda's own lines; memory in bytes, as Insights reports it. */
function lambdaFields(): Record<string, InsightsField> {
  const capture = (pattern: string): string => `nullif(regexp_extract("@message", ${quoteString(pattern)}, 1), '')`;
  const megabytes = (pattern: string): string => `TRY_CAST(${capture(pattern)} AS DOUBLE) * 1000000`;
  return {
    '@type': { sql: capture('^(START|END|REPORT|INIT_START) '), type: 'string' },
    '@requestId': { sql: capture('RequestId: ([0-9A-Za-z-]+)'), type: 'string' },
    '@duration': { sql: `TRY_CAST(${capture('(?:^|\\s)Duration: ([0-9.]+) ms')} AS DOUBLE)`, type: 'number' },
    '@billedDuration': { sql: `TRY_CAST(${capture('Billed Duration: ([0-9.]+) ms')} AS DOUBLE)`, type: 'number' },
    '@memorySize': { sql: megabytes('Memory Size: ([0-9]+) MB'), type: 'number' },
    '@maxMemoryUsed': { sql: megabytes('Max Memory Used: ([0-9]+) MB'), type: 'number' },
    '@xrayTraceId': { sql: capture('XRAY TraceId: (\\S+)'), type: 'string' },
    '@xraySegmentId': { sql: capture('SegmentId: (\\S+)'), type: 'string' },
  };
}

async function relations(files: readonly EvidenceFile[], folders: PlainFolders, query: EvidenceQuery): Promise<InsightsRelation[]> {
  const branches = events(files, folders);
  if (branches.length === 0) return [];
  const names = new Set(files.filter(isExport).map((f) => exportPlace(f).logGroup));
  const payloads = groupFiles(files.filter((f) => !isExport(f)), folders);
  for (const group of payloads) {
    const rows = await query(`SELECT DISTINCT logGroup FROM ${readPayloads(group.sources, group.sample, false)} WHERE messageType IS DISTINCT FROM 'CONTROL_MESSAGE' AND logGroup <> ''`);
    for (const [name] of rows) names.add(String(name));
  }
  const union = unionAll(branches);
  return [...names].sort().map((logGroup) => {
    const system = systemSelect({ timestamp: time, message: 'message', logStream: 'log_stream', log: logSql('owner', logGroup) });
    return {
      logGroup,
      evidenceType: 'cloudwatchlogs',
      sql: `SELECT ${system} FROM (${union}) WHERE log_group = ${quoteString(logGroup)}`,
      fields: logGroup.startsWith('/aws/lambda/') ? lambdaFields() : {},
      jsonColumn: '@message',
    };
  });
}

export const cloudWatchLogsSource: EvidenceSource = {
  type: 'cloudwatchlogs',
  title: 'CloudWatch Logs exports and subscription payloads',
  tables: ['cloudwatch_logs'],
  columns: COLUMNS,
  tableSql,
  probeSql: (file) => (isExport(file) ? `SELECT count(*) FROM ${readLines(oneFile(file), file, { filename: false })}` : `SELECT count(*) FROM ${readPayloads(oneFile(file), file, false)}`),
  alternate: (file) => (isExport(file) ? asLatin1(file) : asDocument(file)),
  relations,
  logGroupOf: (file) => (isExport(file) ? exportPlace(file).logGroup : undefined),
  ready: async (files, { cacheDir, query }) => {
    const wrapped = files.filter((f) => f.layout === 'lambda');
    const unwrapped = await unwrapLambdaPayloads(wrapped, cacheDir, query);
    return { ...unwrapped, files: [...files.filter((f) => f.layout !== 'lambda'), ...unwrapped.files] };
  },
};
