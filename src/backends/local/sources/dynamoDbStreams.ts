/**
 * DynamoDB Streams records, as a Lambda function receives them (`{"Records": [{"eventName":
 * "INSERT", "dynamodb": {"Keys", "NewImage", "OldImage", …}}, …]}`), or one record per line. Athena
 * documents no table for them; the local table `dynamodb_streams` keeps the record's shape with
 * Athena-style lowercase names, the item images as JSON text in DynamoDB's typed notation
 * (`{"id": {"S": "42"}}`), and adds `tablename` from the stream ARN.
 *
 * In Logs Insights (log group `dynamodb-streams`): `@message` is the record's JSON, its fields are
 * discovered (`dynamodb.NewImage.id.S`), `@timestamp` is `ApproximateCreationDateTime`, `@logStream`
 * the table and stream of the ARN, and `@log` names the ARN's account.
 */
import { quoteIdentifier } from '../../../core/sql';
import type { InsightsRelation } from '../../../core/cwli/relation';
import { PATH_COLUMN, needsPath, uses, type EvidenceFile, type EvidenceSource, type Needs, type PlainFolders } from './evidenceSource';
import { eachGroup, type FileGroup, oneFile } from './fileGroups';
import { logSql, systemSelect } from './jsonInsights';
import { asDocument, readJson, readJsonObjects } from './jsonReaders';

export const DYNAMODB_LOG_GROUP = 'dynamodb-streams';

/** A record's keys as read from the file (DuckDB matches JSON keys case-sensitively). */
const RECORD_FILE: ReadonlyArray<readonly [string, string]> = [
  ['eventID', 'VARCHAR'], ['eventName', 'VARCHAR'], ['eventVersion', 'VARCHAR'], ['eventSource', 'VARCHAR'], ['awsRegion', 'VARCHAR'],
  ['eventSourceARN', 'VARCHAR'], ['userIdentity', 'STRUCT("type" VARCHAR, principalId VARCHAR)'],
  ['dynamodb', 'STRUCT(ApproximateCreationDateTime DOUBLE, Keys JSON, NewImage JSON, OldImage JSON, SequenceNumber VARCHAR, SizeBytes BIGINT, StreamViewType VARCHAR)'],
];

const DYNAMODB_TYPE = 'STRUCT(approximatecreationdatetime DOUBLE, "keys" VARCHAR, newimage VARCHAR, oldimage VARCHAR, sequencenumber VARCHAR, sizebytes BIGINT, streamviewtype VARCHAR)';

/** [column, SQL over a record `r`, type]. */
const COLUMNS: ReadonlyArray<readonly [string, string, string]> = [
  ['eventid', 'r.eventID', 'VARCHAR'],
  ['eventname', 'r.eventName', 'VARCHAR'],
  ['eventversion', 'r.eventVersion', 'VARCHAR'],
  ['eventsource', 'r.eventSource', 'VARCHAR'],
  ['awsregion', 'r.awsRegion', 'VARCHAR'],
  ['eventsourcearn', 'r.eventSourceARN', 'VARCHAR'],
  ['useridentity', 'CAST(r.userIdentity AS STRUCT("type" VARCHAR, principalid VARCHAR))', 'STRUCT("type" VARCHAR, principalid VARCHAR)'],
  ['dynamodb', `CAST(r.dynamodb AS ${DYNAMODB_TYPE})`, DYNAMODB_TYPE],
  ['tablename', `nullif(regexp_extract(r.eventSourceARN, ':table/([^/]+)', 1), '')`, 'VARCHAR'],
];

/** Each record as the struct `r`, with its file. */
function records(group: FileGroup, filename: boolean): string {
  const file = group.sample;
  const also = filename ? ', filename' : '';
  if (file.layout === 'records') {
    const struct = `STRUCT(${RECORD_FILE.map(([key, type]) => `${quoteIdentifier(key)} ${type}`).join(', ')})[]`;
    return `SELECT unnest("Records") AS r${also} FROM ${readJson(group.sources, file, [['Records', struct]], { filename })}`;
  }
  // One record per line: the row itself is the record.
  return `SELECT awsfx_row AS r${also} FROM ${readJson(group.sources, file, RECORD_FILE, { filename })} AS awsfx_row`;
}

function tableBranch(group: FileGroup, needs: Needs): string {
  const columns = COLUMNS.map(([name, sql, type]) => `${uses(needs, name) ? sql : `CAST(NULL AS ${type})`} AS ${quoteIdentifier(name)}`);
  if (needsPath(needs)) columns.push(`filename AS ${quoteIdentifier(PATH_COLUMN)}`);
  return `SELECT ${columns.join(', ')} FROM (${records(group, needsPath(needs))})`;
}

/** Each record's JSON text, with its file. */
function rawRecords(group: FileGroup): string {
  if (group.sample.layout === 'records') {
    return `SELECT unnest("Records") AS m FROM ${readJson(group.sources, group.sample, [['Records', 'JSON[]']], { filename: false })}`;
  }
  return `SELECT json AS m FROM ${readJsonObjects(group.sources, group.sample, { filename: false })}`;
}

function insightsBranch(group: FileGroup): string {
  const arn = `(m ->> '$.eventSourceARN')`;
  const seconds = `TRY_CAST(m ->> '$.dynamodb.ApproximateCreationDateTime' AS DOUBLE)`;
  const system = systemSelect({
    // Lambda gives seconds; a value too large for seconds is milliseconds.
    timestamp: `CAST(to_timestamp(CASE WHEN ${seconds} > 100000000000 THEN ${seconds} / 1000 ELSE ${seconds} END) AS TIMESTAMP)`,
    message: 'CAST(m AS VARCHAR)',
    logStream: `coalesce(nullif(regexp_extract(${arn}, ':table/(.+)$', 1), ''), ${arn})`,
    log: logSql(`nullif(regexp_extract(${arn}, '^arn:[^:]*:dynamodb:[^:]*:([0-9]+):', 1), '')`, DYNAMODB_LOG_GROUP),
  });
  return `SELECT ${system} FROM (${rawRecords(group)})`;
}

function relation(files: readonly EvidenceFile[], folders: PlainFolders): InsightsRelation {
  const sql = eachGroup(files, folders, insightsBranch);
  return { logGroup: DYNAMODB_LOG_GROUP, evidenceType: 'dynamodbstreams', sql, fields: {}, jsonColumn: '@message' };
}

export const dynamoDbStreamsSource: EvidenceSource = {
  type: 'dynamodbstreams',
  title: 'DynamoDB Streams records',
  tables: ['dynamodb_streams'],
  logGroup: DYNAMODB_LOG_GROUP,
  columns: COLUMNS.map(([name, , type]) => [name, type] as const),
  tableSql: (files, needs, folders) => eachGroup(files, folders, (g) => tableBranch(g, needs)),
  probeSql: (file) => `SELECT count(*) FROM (${records({ sample: file, files: [file], sources: oneFile(file) }, false)})`,
  alternate: asDocument,
  relations: async (files, folders) => [relation(files, folders)],
  documentedFields: [
    'eventID', 'eventName', 'eventVersion', 'eventSource', 'awsRegion', 'eventSourceARN', 'userIdentity.type', 'userIdentity.principalId',
    'dynamodb.ApproximateCreationDateTime', 'dynamodb.SequenceNumber', 'dynamodb.SizeBytes', 'dynamodb.StreamViewType',
  ],
};
