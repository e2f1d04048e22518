/**
 * What a line-oriented evidence file holds, decided from its first line:
 *
 * | first line | type / layout |
 * | --- | --- |
 * | a flow-log header (`version account-id interface-id …`, as S3 delivers) | vpcflow / header |
 * | a record, with a declared format beside the file (`<name>.format`) or given as an option | vpcflow / plain |
 * | a record in the default format (14 fields, as CloudWatch delivers) | vpcflow / plain |
 * | `<owner> <bucket> [06/Feb/2019:00:00:38 +0000] <ip> <requester> <id> REST.GET.OBJECT …` | s3access / lines |
 * | `http 2018-07-02T22:23:00.186641Z app/my-lb/… ` (and https, h2, grpcs, ws, wss) | alb / lines |
 * | `2021-01-01T00:00:00.000Z <message>` (a CloudWatch Logs export) | cloudwatchlogs / export |
 * | syslog, RFC 5424, ISO-timestamped, Apache/nginx access or error lines | hostlogs / lines |
 */
import type { FileShape } from './evidenceSource';
import { declaredFormat, DEFAULT_FORMAT, isDefaultFormatRecord } from './vpcFlowFields';

export type TextDecision = Omit<FileShape, 'gzip'> | 'more' | 'unknown';

const S3_ACCESS = /^\S+ \S+ \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] \S+ \S+ \S+ [A-Z0-9_]+\.[A-Z0-9_.]+ /;
const ALB = /^(?:https?|h2|grpcs?|wss?) \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z \S+ \S+ \S+ [-\d.]+ [-\d.]+ [-\d.]+ /;
const CLOUDWATCH_EXPORT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;

/** First lines of the host log formats read as `@message` lines (their timestamps: hostLogs.ts). */
export const HOST_LOG_LINES: readonly RegExp[] = [
  /^(?:<\d{1,3}>)?[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S/, // syslog (RFC 3164), auth.log
  /^<\d{1,3}>\d{1,2} \d{4}-\d\d-\d\dT/, // RFC 5424
  /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d/, // ISO 8601 timestamps (rsyslog, journald exports, applications)
  /^\S+ \S+ \S+ \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "/, // Apache / nginx access (common, combined)
  /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[/, // nginx error
  /^\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)? \d{4}\] /, // Apache error
];

/** A line longer than this is not waited for: the decision is taken on what was read. */
const LONGEST_FIRST_LINE = 16 * 1024;

/**
 * `format`: the flow-log format declared beside the file or given as an option, if any.
 * `complete`: no more text will come.
 */
export function classifyText(raw: string, complete: boolean, format: string | undefined): TextDecision {
  const text = raw.replace(/^\uFEFF/, '');
  const newline = text.search(/\r?\n/);
  if (newline === -1 && !complete && text.length < LONGEST_FIRST_LINE) return 'more';
  const first = (newline === -1 ? text : text.slice(0, newline)).trim();
  if (first === '') return 'unknown';

  const header = declaredFormat(first);
  if (header) return flowShape('header', header.fields, header.unknown);
  const declared = format === undefined ? undefined : declaredFormat(format);
  if (declared) return flowShape('plain', declared.fields, declared.unknown);
  if (isDefaultFormatRecord(first)) return flowShape('plain', [...DEFAULT_FORMAT], []);

  if (S3_ACCESS.test(first)) return { type: 's3access', layout: 'lines', lines: true };
  if (ALB.test(first)) return { type: 'alb', layout: 'lines', lines: true };
  if (CLOUDWATCH_EXPORT.test(first)) return { type: 'cloudwatchlogs', layout: 'export', lines: true };
  if (HOST_LOG_LINES.some((pattern) => pattern.test(first))) return { type: 'hostlogs', layout: 'lines', lines: true };
  return 'unknown';
}

function flowShape(layout: 'header' | 'plain', fields: ReadonlyArray<string | undefined>, unknown: readonly string[]): TextDecision {
  return { type: 'vpcflow', layout, lines: true, header: layout === 'header', fields, ...(unknown.length > 0 ? { unknownFields: unknown } : {}) };
}
