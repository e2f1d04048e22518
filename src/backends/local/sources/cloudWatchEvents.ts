/**
 * CloudWatch Logs events as rows (`owner, log_group, log_stream, event_id, event_timestamp, message`)
 * from the two ways they leave CloudWatch:
 *
 * - **Exports** (CreateExportTask): `<prefix>/<task id>/<log stream>/000000.gz`, lines
 *   `<ISO-8601 time with ms> <message>` (reference A.5). The export carries neither the log group
 *   nor the account: one task exports one log group, which is named by the prefix when there is one
 *   (from an `aws` folder on, the prefix is an AWS log group's name: `x/aws/lambda/fn` is
 *   `/aws/lambda/fn`), else (no prefix, or the default `exportedlogs`) by the task id. A line without the leading
 *   time (the continuation of a multi-line message) is an event of its own, without a time.
 * - **Subscription payloads** `{"messageType", "owner", "logGroup", "logStream", "logEvents": […]}`,
 *   as Firehose delivers them (gzip members one after another) or unwrapped from a Lambda event
 *   (lambdaPayloads.ts); control messages are left out. They name their log group and stream.
 */
import { quoteString } from '../../../core/sql';
import type { EvidenceFile } from './evidenceSource';
import type { FileGroup } from './fileGroups';
import { readJson } from './jsonReaders';
import { readLines } from './textReaders';

const TASK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface ExportPlace {
  logGroup: string;
  /** Characters of the absolute path before the log stream's name (the stream is the folders after them). */
  streamFrom: number;
}

/** Where an exported file sits: its log group, and where its stream's name starts in its path. */
export function exportPlace(file: EvidenceFile): ExportPlace {
  const segments = file.relative.split('/');
  const task = segments.findIndex((segment) => TASK_ID.test(segment));
  const folderLength = file.path.length - file.relative.length;
  if (task === -1) {
    // Not in an export task's layout: the folder stands for the log group, the file for the stream.
    const folder = segments.slice(0, -1).join('/');
    return { logGroup: folder || 'exportedlogs', streamFrom: folderLength + (folder ? folder.length + 1 : 0) };
  }
  const prefix = segments.slice(0, task);
  // A prefix naming an AWS log group (`…/aws/lambda/fn`) gives it back its leading slash.
  const aws = prefix.indexOf('aws');
  const logGroup = aws !== -1 ? `/${prefix.slice(aws).join('/')}` : prefix.length === 0 || prefix.join('/') === 'exportedlogs' ? segments[task]! : prefix.join('/');
  return { logGroup, streamFrom: folderLength + segments.slice(0, task + 1).join('/').length + 1 };
}

/** The path's folders after `from` (the stream of an export task), or the file's own name. */
function exportStream(from: number): string {
  const rest = `substr(filename, ${from + 1})`;
  return `coalesce(nullif(regexp_extract(${rest}, '^(.*)[/\\\\][^/\\\\]*$', 1), ''), ${rest})`;
}

/** The events of exported files of one log group. */
export function exportEvents(group: FileGroup, place: ExportPlace): string {
  // `2021-01-01T00:00:00.000Z ` is 25 characters.
  const timed = `substr(line, 24, 2) = 'Z '`;
  return `SELECT CAST(NULL AS VARCHAR) AS owner, ${quoteString(place.logGroup)} AS log_group, ${exportStream(place.streamFrom)} AS log_stream,
    CAST(NULL AS VARCHAR) AS event_id, CASE WHEN ${timed} THEN epoch_ms(TRY_CAST(substr(line, 1, 24) AS TIMESTAMPTZ)) END AS event_timestamp,
    CASE WHEN ${timed} THEN substr(line, 26) ELSE line END AS message, filename
  FROM ${readLines(group.sources, group.sample, { filename: true })} WHERE line IS NOT NULL`;
}

const PAYLOAD_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['messageType', 'VARCHAR'],
  ['owner', 'VARCHAR'],
  ['logGroup', 'VARCHAR'],
  ['logStream', 'VARCHAR'],
  ['logEvents', 'STRUCT(id VARCHAR, "timestamp" BIGINT, message VARCHAR)[]'],
];

export function readPayloads(sources: readonly string[], file: EvidenceFile, filename: boolean): string {
  return readJson(sources, file, PAYLOAD_COLUMNS, { filename });
}

/** The events of subscription payloads. */
export function payloadEvents(group: FileGroup): string {
  return `SELECT owner, logGroup AS log_group, logStream AS log_stream, awsfx_event.id AS event_id, awsfx_event."timestamp" AS event_timestamp,
    awsfx_event.message AS message, filename
  FROM (SELECT owner, logGroup, logStream, unnest(logEvents) AS awsfx_event, filename FROM ${readPayloads(group.sources, group.sample, true)}
    WHERE messageType IS DISTINCT FROM 'CONTROL_MESSAGE')`;
}
