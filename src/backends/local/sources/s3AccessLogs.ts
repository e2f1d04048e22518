/**
 * S3 server access logs: the table the AWS documentation creates for them (Amazon S3 User Guide,
 * "Querying access logs for requests using Amazon Athena": `s3_access_logs_db.mybucket_logs`),
 * answering to `s3_access_logs` and `mybucket_logs`, with its columns. Its RegexSerDe keeps the
 * quotes around `request_uri`, `referrer` and `useragent`, and so does this table; a line too old to
 * have the later fields (signature version onwards) leaves them NULL, and fields S3 added after
 * `aclrequired` are ignored.
 *
 * In Logs Insights (log group `s3-server-access-logs`; S3 cannot deliver these logs to CloudWatch,
 * so nothing is discovered): `@message` is the line, `@timestamp` the request time, `@logStream`
 * the bucket.
 */
import type { InsightsRelation } from '../../../core/cwli/relation';
import { type EvidenceFile, type EvidenceSource, type PlainFolders } from './evidenceSource';
import { eachGroup, type FileGroup, oneFile } from './fileGroups';
import { logSql, systemSelect } from './jsonInsights';
import { capturedField, MATCH_COLUMN, regexTableBranch, splitLine, type RegexTable } from './regexLines';
import { asLatin1, readLines, relativeSql } from './textReaders';

export const S3_ACCESS_LOG_GROUP = 's3-server-access-logs';

const S = 'VARCHAR';
const FIELD = String.raw`(\S+)`;
const QUOTED = String.raw`("[^"]*"|-)`;

const TABLE: RegexTable = {
  pattern: [
    String.raw`^(\S+) (\S+) \[([^\]]*)\] (\S+) (\S+) (\S+) (\S+) (\S+) `,
    `${QUOTED} ${FIELD} ${FIELD} ${FIELD} ${FIELD} ${FIELD} ${FIELD} ${QUOTED} ${QUOTED} ${FIELD}`,
    String.raw`(?: (\S+) (\S+) (\S+) (\S+) (\S+) (\S+)(?: (\S+))?(?: (\S+))?)?`,
  ].join(''),
  groups: [
    ['bucketowner', S], ['bucket_name', S], ['requestdatetime', S], ['remoteip', S], ['requester', S], ['requestid', S],
    ['operation', S], ['key', S], ['request_uri', S], ['httpstatus', S], ['errorcode', S], ['bytessent', 'BIGINT'],
    ['objectsize', 'BIGINT'], ['totaltime', S], ['turnaroundtime', S], ['referrer', S], ['useragent', S], ['versionid', S],
    ['hostid', S], ['sigv', S], ['ciphersuite', S], ['authtype', S], ['endpoint', S], ['tlsversion', S],
    ['accesspointarn', S], ['aclrequired', S],
  ],
};

function insightsBranch(group: FileGroup): string {
  const time = capturedField(TABLE, 'requestdatetime');
  const system = systemSelect({
    timestamp: `CAST(try_strptime(${time}, '%d/%b/%Y:%H:%M:%S %z') AS TIMESTAMP)`,
    message: 'line',
    logStream: `coalesce(${capturedField(TABLE, 'bucket_name')}, ${relativeSql(group.sample)})`,
    log: logSql('NULL', S3_ACCESS_LOG_GROUP),
  });
  return `SELECT ${system} FROM (SELECT line, ${splitLine(TABLE)} AS ${MATCH_COLUMN}, filename FROM ${readLines(group.sources, group.sample, { filename: true })} WHERE line IS NOT NULL)`;
}

function relation(files: readonly EvidenceFile[], folders: PlainFolders): InsightsRelation {
  const sql = eachGroup(files, folders, insightsBranch);
  return { logGroup: S3_ACCESS_LOG_GROUP, evidenceType: 's3access', sql, fields: {} };
}

export const s3AccessLogsSource: EvidenceSource = {
  type: 's3access',
  title: 'S3 server access logs',
  tables: ['s3_access_logs', 'mybucket_logs'],
  logGroup: S3_ACCESS_LOG_GROUP,
  columns: TABLE.groups,
  tableSql: (files, needs, folders) => eachGroup(files, folders, (g) => regexTableBranch(TABLE, g, needs)),
  probeSql: (file) => `SELECT count(*) FROM ${readLines(oneFile(file), file, { filename: false })}`,
  alternate: asLatin1,
  relations: async (files, folders) => [relation(files, folders)],
};
