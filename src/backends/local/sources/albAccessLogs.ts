/**
 * Application Load Balancer access logs: the `alb_logs` table of the Athena documentation
 * (application-load-balancer-logs.md, the DDL with `classification` and `classification_reason`),
 * then `conn_trace_id` (the field ALB added after them) and the partition projection DDL's `day`
 * (`YYYY/MM/DD`, from the S3 key `AWSLogs/<account>/elasticloadbalancing/<region>/YYYY/MM/DD/`,
 * else from `time`). Lines from before the classification fields leave them NULL; fields added later
 * still are ignored. Lines of other load balancer logs in the same files (NLB, connection logs) are
 * rows of NULLs, as in Athena.
 *
 * In Logs Insights (log group `alb-access-logs`; ALB cannot deliver to CloudWatch, so nothing is
 * discovered): `@message` is the line, `@timestamp` its time, `@logStream` the load balancer.
 */
import { quoteString } from '../../../core/sql';
import type { InsightsRelation } from '../../../core/cwli/relation';
import { type EvidenceFile, type EvidenceSource, type PlainFolders } from './evidenceSource';
import { eachGroup, type FileGroup, oneFile } from './fileGroups';
import { isoTimestamp, logSql, systemSelect } from './jsonInsights';
import { capturedField, MATCH_COLUMN, regexTableBranch, splitLine, type RegexTable } from './regexLines';
import { asLatin1, readLines, relativeSql } from './textReaders';

export const ALB_LOG_GROUP = 'alb-access-logs';

const S = 'VARCHAR';
const QUOTED = String.raw`"([^"]*)"`;

const TABLE: RegexTable = {
  pattern: [
    // type time elb client:port target:port, the three processing times, the two status codes, the byte counts
    String.raw`^(\S+) (\S+) (\S+) (\S*):(\d*) (\S*)[:-](\d*) ([-.0-9]+) ([-.0-9]+) ([-.0-9]+) (-|\d*) (-|\d*) (-?\d+) (-?\d+) `,
    // "verb url protocol" (a URL may hold spaces), "user agent", cipher, protocol, target group
    String.raw`"(\S*) ([^"]*) (- |[^ "]*)" ${QUOTED} (\S+) (\S+) (\S+) `,
    // "trace" "domain" "certificate" priority creation-time "actions" "redirect" "error" "targets" "codes"
    String.raw`${QUOTED} ${QUOTED} ${QUOTED} ([-.0-9]+) (\S+) ${QUOTED} ${QUOTED} ${QUOTED} ${QUOTED} ${QUOTED}`,
    // "classification" "classification reason" connection trace id: absent from older lines
    String.raw`(?: ${QUOTED} ${QUOTED})?(?: (\S+))?`,
  ].join(''),
  groups: [
    ['type', S], ['time', S], ['elb', S], ['client_ip', S], ['client_port', 'INTEGER'], ['target_ip', S], ['target_port', 'INTEGER'],
    ['request_processing_time', 'DOUBLE'], ['target_processing_time', 'DOUBLE'], ['response_processing_time', 'DOUBLE'],
    ['elb_status_code', 'INTEGER'], ['target_status_code', S], ['received_bytes', 'BIGINT'], ['sent_bytes', 'BIGINT'],
    ['request_verb', S], ['request_url', S], ['request_proto', S], ['user_agent', S], ['ssl_cipher', S], ['ssl_protocol', S],
    ['target_group_arn', S], ['trace_id', S], ['domain_name', S], ['chosen_cert_arn', S], ['matched_rule_priority', S],
    ['request_creation_time', S], ['actions_executed', S], ['redirect_url', S], ['lambda_error_reason', S], ['target_port_list', S],
    ['target_status_code_list', S], ['classification', S], ['classification_reason', S], ['conn_trace_id', S],
  ],
};

const KEY = String.raw`(?:^|[/\\])elasticloadbalancing[/\\][a-z0-9-]+[/\\]([0-9]{4})[/\\]([0-9]{2})[/\\]([0-9]{2})[/\\]`;

function day(column: (name: string) => string, filename: string): string {
  const part = (i: number): string => `regexp_extract(${filename}, ${quoteString(KEY)}, ${i})`;
  return `coalesce(nullif(${part(1)} || '/' || ${part(2)} || '/' || ${part(3)}, '//'), replace(substr(${column('time')}, 1, 10), '-', '/'))`;
}

function insightsBranch(group: FileGroup): string {
  // A line of another load balancer log still has a time: its first ISO-8601 timestamp.
  const anyTime = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?`;
  const system = systemSelect({
    timestamp: isoTimestamp(`coalesce(${capturedField(TABLE, 'time')}, nullif(regexp_extract(line, ${quoteString(anyTime)}), ''))`),
    message: 'line',
    logStream: `coalesce(${capturedField(TABLE, 'elb')}, ${relativeSql(group.sample)})`,
    log: logSql('NULL', ALB_LOG_GROUP),
  });
  return `SELECT ${system} FROM (SELECT line, ${splitLine(TABLE)} AS ${MATCH_COLUMN}, filename FROM ${readLines(group.sources, group.sample, { filename: true })} WHERE line IS NOT NULL)`;
}

function relation(files: readonly EvidenceFile[], folders: PlainFolders): InsightsRelation {
  const sql = eachGroup(files, folders, insightsBranch);
  return { logGroup: ALB_LOG_GROUP, evidenceType: 'alb', sql, fields: {} };
}

export const albAccessLogsSource: EvidenceSource = {
  type: 'alb',
  title: 'ALB access logs',
  tables: ['alb_logs'],
  deliveryFolder: 'elasticloadbalancing',
  logGroup: ALB_LOG_GROUP,
  columns: [...TABLE.groups, ['day', S]],
  tableSql: (files, needs, folders) => eachGroup(files, folders, (g) => regexTableBranch(TABLE, g, needs, [['day', day]])),
  probeSql: (file) => `SELECT count(*) FROM ${readLines(oneFile(file), file, { filename: false })}`,
  alternate: asLatin1,
  relations: async (files, folders) => [relation(files, folders)],
};
