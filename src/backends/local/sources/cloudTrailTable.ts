/**
 * The CloudTrail table as Athena documents it (reference C.1), made by DuckDB from the evidence files:
 * lowercase column names; `useridentity`, `resources`, `tlsdetails`, `addendum` nested; the free-form
 * JSON fields (`requestparameters`, `responseelements`, `additionaleventdata`, `serviceeventdetails`)
 * kept as JSON text; then the partition columns the public queries filter on.
 *
 * The files are read where they lie by one read_json per group of files read alike, with explicit
 * types, so DuckDB neither samples the files to guess a schema nor parses what a query does not need.
 */
import { quoteIdentifier, quoteString, type FieldUse } from '../../../core/sql';
import { PATH_COLUMN, needsPath, type EvidenceFile, type Needs, type PlainFolders } from './evidenceSource';
import { eachGroup } from './fileGroups';
import { readJson } from './jsonReaders';

/** A field's type: text, or a struct / list / map of fields. JSON keys are as CloudTrail writes them. */
type Shape = 'VARCHAR' | { struct: Array<[string, Shape]> } | { list: Shape } | { map: [Shape, Shape] };

const V = 'VARCHAR' as const;
const struct = (...fields: Array<[string, Shape]>): Shape => ({ struct: fields });

const USER_IDENTITY = struct(
  ['type', V], ['principalId', V], ['arn', V], ['accountId', V], ['invokedBy', V], ['accessKeyId', V], ['userName', V],
  ['onBehalfOf', struct(['userId', V], ['identityStoreArn', V])],
  ['sessionContext', struct(
    ['attributes', struct(['mfaAuthenticated', V], ['creationDate', V])],
    ['sessionIssuer', struct(['type', V], ['principalId', V], ['arn', V], ['accountId', V], ['userName', V])],
    ['ec2RoleDelivery', V],
    ['webIdFederationData', struct(['federatedProvider', V], ['attributes', { map: [V, V] }])],
  )],
);

/** Columns in the order of the documented DDL; [Athena name, JSON key, type]. */
const COLUMNS: Array<[string, string, Shape]> = [
  ['eventversion', 'eventVersion', V],
  ['useridentity', 'userIdentity', USER_IDENTITY],
  ['eventtime', 'eventTime', V],
  ['eventsource', 'eventSource', V],
  ['eventname', 'eventName', V],
  ['awsregion', 'awsRegion', V],
  ['sourceipaddress', 'sourceIPAddress', V],
  ['useragent', 'userAgent', V],
  ['errorcode', 'errorCode', V],
  ['errormessage', 'errorMessage', V],
  ['requestparameters', 'requestParameters', V],
  ['responseelements', 'responseElements', V],
  ['additionaleventdata', 'additionalEventData', V],
  ['requestid', 'requestID', V],
  ['eventid', 'eventID', V],
  ['readonly', 'readOnly', V],
  ['resources', 'resources', { list: struct(['ARN', V], ['accountId', V], ['type', V]) }],
  ['eventtype', 'eventType', V],
  ['apiversion', 'apiVersion', V],
  ['recipientaccountid', 'recipientAccountId', V],
  ['serviceeventdetails', 'serviceEventDetails', V],
  ['sharedeventid', 'sharedEventID', V],
  ['vpcendpointid', 'vpcEndpointId', V],
  ['vpcendpointaccountid', 'vpcEndpointAccountId', V],
  ['eventcategory', 'eventCategory', V],
  ['addendum', 'addendum', struct(['reason', V], ['updatedFields', V], ['originalRequestID', V], ['originalEventID', V])],
  ['sessioncredentialfromconsole', 'sessionCredentialFromConsole', V],
  ['edgedevicedetails', 'edgeDeviceDetails', V],
  ['tlsdetails', 'tlsDetails', struct(['tlsVersion', V], ['cipherSuite', V], ['clientProvidedHostHeader', V])],
];

/** Partition-style columns, after the data columns as Athena lists partitions. */
export const PARTITION_COLUMNS = ['timestamp', 'region', 'year', 'month', 'day', 'account_partition', 'region_partition', 'date_partition'] as const;

/** The table and the names it is also known by in AWS documentation and the Security Analytics Bootstrap. */
export const CLOUDTRAIL_TABLE = 'cloudtrail_logs';
export const CLOUDTRAIL_ALIASES = ['cloudtrail', 'cloudtrail_logs_pp'] as const;

export function columnNames(): string[] {
  return [...COLUMNS.map(([name]) => name), ...PARTITION_COLUMNS];
}

/** The event's keys flattened as Logs Insights names them (`userIdentity.arn`, `resources.0.ARN`). */
export function cloudTrailFieldNames(): string[] {
  const flatten = (prefix: string, shape: Shape): string[] => {
    if (shape === V) return [prefix];
    if ('list' in shape) return flatten(`${prefix}.0`, shape.list);
    if ('map' in shape) return [];
    return shape.struct.flatMap(([key, inner]) => flatten(`${prefix}.${key}`, inner));
  };
  return COLUMNS.flatMap(([, key, shape]) => flatten(key, shape));
}

/** [column, DuckDB type] in table order. */
export const CLOUDTRAIL_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ...COLUMNS.map(([name, , shape]) => [name, tableType(shape)] as const),
  ...PARTITION_COLUMNS.map((name) => [name, 'VARCHAR'] as const),
];

/** The type as read from the file: field names exactly as the JSON keys (DuckDB matches them case-sensitively). */
function fileType(shape: Shape): string {
  return typeSql(shape, (key) => key);
}

/** The type as the table shows it: Athena's lowercase field names. */
function tableType(shape: Shape): string {
  return typeSql(shape, (key) => key.toLowerCase());
}

function typeSql(shape: Shape, name: (key: string) => string): string {
  if (shape === V) return V;
  if ('list' in shape) return `${typeSql(shape.list, name)}[]`;
  if ('map' in shape) return `MAP(${typeSql(shape.map[0], name)}, ${typeSql(shape.map[1], name)})`;
  return `STRUCT(${shape.struct.map(([key, inner]) => `${quoteIdentifier(name(key))} ${typeSql(inner, name)}`).join(', ')})`;
}

/** The fields read from the file for a column, or undefined when the statement does not use it. */
function readShape(name: string, shape: Shape, needs: Needs): Shape | undefined {
  if (!needs || needs.star) return shape;
  const use = needs.names.get(name);
  if (use === undefined) return undefined;
  return prune(shape, use);
}

/** Keeps the struct fields that the dotted paths reach; anything else is read whole. */
function prune(shape: Shape, use: FieldUse): Shape {
  if (use === 'all' || shape === V || !('struct' in shape)) return shape;
  const fields: Array<[string, Shape]> = [];
  for (const [key, inner] of shape.struct) {
    const lower = key.toLowerCase();
    const rests = new Set<string>();
    let whole = false;
    for (const path of use) {
      if (path === lower) whole = true;
      else if (path.startsWith(`${lower}.`)) rests.add(path.slice(lower.length + 1));
    }
    if (whole) fields.push([key, inner]);
    else if (rests.size > 0) fields.push([key, prune(inner, rests)]);
  }
  // A path that names no field is the user's mistake; reading the whole value lets DuckDB say so.
  return fields.length > 0 ? { struct: fields } : shape;
}

const PARTITION_SOURCES = ['eventTime', 'awsRegion', 'recipientAccountId'];

function needsPartitions(needs: Needs): boolean {
  return !needs || needs.star || PARTITION_COLUMNS.some((name) => needs.names.has(name));
}

interface ReadPlan {
  /** [JSON key, type to read] for each field read from the events. */
  fields: Array<[string, Shape]>;
  partitions: boolean;
  /** Athena's hidden column "$path", the file an event came from; only when the statement names it. */
  path: boolean;
}

function readPlan(needs: Needs): ReadPlan {
  const partitions = needsPartitions(needs);
  const fields: Array<[string, Shape]> = [];
  for (const [name, key, shape] of COLUMNS) {
    const read = readShape(name, shape, needs) ?? (partitions && PARTITION_SOURCES.includes(key) ? shape : undefined);
    if (read) fields.push([key, read]);
  }
  // Counting rows needs the events to exist, not any field of them: read the smallest one.
  if (fields.length === 0) fields.push(['eventVersion', V]);
  return { fields, partitions, path: needsPath(needs) };
}

/** read_json over files of one layout, reading the event fields `needs` names. */
export function cloudTrailRead(sources: readonly string[], file: EvidenceFile, needs?: Needs): string {
  const plan = readPlan(needs);
  const typed = plan.fields.map(([key, shape]) => [key, fileType(shape)] as const);
  const columns = file.layout === 'records' ? [['Records', `STRUCT(${typed.map(([key, type]) => `${quoteIdentifier(key)} ${type}`).join(', ')})[]`] as const] : typed;
  return readJson(sources, file, columns, { filename: plan.partitions || plan.path });
}

// Partitions come from the S3 key when the files keep it: the delivery folders
// AWSLogs/[o-org/]<account>/CloudTrail/<region>/YYYY/MM/DD/, or else CloudTrail's own file name
// <account>_CloudTrail_<region>_YYYYMMDDTHHMMZ_*.json.gz; otherwise from the record itself.
export const KEY_PATTERN = String.raw`(?:^|[/\\])AWSLogs[/\\](?:o-[a-z0-9]+[/\\])?([0-9]{12})[/\\]CloudTrail[/\\]([a-z0-9-]+)[/\\]([0-9]{4})[/\\]([0-9]{2})[/\\]([0-9]{2})[/\\]`;
export const NAME_PATTERN = String.raw`(?:^|[/\\])([0-9]{12})_CloudTrail_([a-z0-9-]+)_([0-9]{4})([0-9]{2})([0-9]{2})T[^/\\]*$`;
export const PARTS = `['account', 'region', 'year', 'month', 'day']`;

function partitionColumns(field: (key: string) => string, partitions: boolean): string[] {
  const columns = PARTITION_COLUMNS.map((name) => quoteIdentifier(name));
  if (!partitions) return columns.map((name) => `CAST(NULL AS VARCHAR) AS ${name}`);
  const part = (name: string, fallback: string): string =>
    `coalesce(nullif(awsfx_key.${name}, ''), nullif(awsfx_name.${name}, ''), ${fallback})`;
  const time = field('eventTime');
  const year = part('year', `substr(${time}, 1, 4)`);
  const month = part('month', `substr(${time}, 6, 2)`);
  const day = part('day', `substr(${time}, 9, 2)`);
  const date = `${year} || '/' || ${month} || '/' || ${day}`;
  const region = part('region', field('awsRegion'));
  const account = part('account', field('recipientAccountId'));
  // In the order of PARTITION_COLUMNS.
  return [date, region, year, month, day, account, region, date].map((expression, i) => `${expression} AS ${columns[i]}`);
}

function dataColumns(field: (key: string) => string, needs: Needs): string[] {
  return COLUMNS.map(([name, key, shape]) => {
    const column = quoteIdentifier(name);
    const read = readShape(name, shape, needs);
    // Unused columns keep their place and type (a constant NULL costs nothing per row).
    if (!read) return `CAST(NULL AS ${tableType(shape)}) AS ${column}`;
    // The cast gives struct fields Athena's lowercase names. A pruned struct keeps only the fields the
    // statement names, which are all it can see.
    return read === V ? `${field(key)} AS ${column}` : `CAST(${field(key)} AS ${tableType(read)}) AS ${column}`;
  });
}

function branch(sources: readonly string[], file: EvidenceFile, needs: Needs): string {
  const { partitions, path } = readPlan(needs);
  const keyParts = partitions
    ? `, regexp_extract(filename, ${quoteString(KEY_PATTERN)}, ${PARTS}) AS awsfx_key, regexp_extract(filename, ${quoteString(NAME_PATTERN)}, ${PARTS}) AS awsfx_name`
    : '';
  const records = file.layout === 'records';
  const field = records ? (key: string): string => `awsfx_record.${quoteIdentifier(key)}` : (key: string): string => quoteIdentifier(key);
  const hidden = path ? [`filename AS ${quoteIdentifier(PATH_COLUMN)}`] : [];
  const select = [...dataColumns(field, needs), ...partitionColumns(field, partitions), ...hidden].join(',\n    ');
  const source = records
    ? `(SELECT unnest("Records") AS awsfx_record${keyParts}${path ? ', filename' : ''} FROM ${cloudTrailRead(sources, file, needs)})`
    : `(SELECT *${keyParts} FROM ${cloudTrailRead(sources, file, needs)})`;
  return `SELECT\n    ${select}\n  FROM ${source}`;
}

/**
 * The SELECT that defines the CloudTrail table over these files (at least one), reading what `needs`
 * says: one read_json per group of files read alike.
 */
export function cloudTrailSelect(files: readonly EvidenceFile[], needs: Needs, folders: PlainFolders): string {
  return eachGroup(files, folders, (group) => branch(group.sources, group.sample, needs));
}
