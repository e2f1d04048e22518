/**
 * What every kind of evidence the local engine reads has to say about itself: how a file of it is
 * laid out (decided by sniffing its first bytes), the SQL table it answers to (the AWS-documented
 * Athena DDL's name and columns), and the Logs Insights log groups it stands in for.
 *
 * Every source reads its files where they lie, with one DuckDB reader call per group of files read
 * alike; nothing is parsed in JavaScript and nothing from a file is spliced into SQL except as a
 * quoted literal (see docs/evidence-types.md).
 */
import type { ResultWarning } from '../../../common/resultSet';
import type { InsightsRelation } from '../../../core/cwli/relation';
import type { ColumnUse } from '../../../core/sql';

export type EvidenceType =
  | 'cloudtrail'
  | 'vpcflow'
  | 'route53resolver'
  | 'guardduty'
  | 's3access'
  | 'alb'
  | 'cloudwatchlogs'
  | 'dynamodbstreams'
  | 'hostlogs';

/** What sniffing learned about a file: its type and how to read it. */
export interface FileShape {
  type: EvidenceType;
  /** The layout within the type, e.g. `records` / `array` / `events` for CloudTrail (see each source). */
  layout: string;
  /** Gzip by its magic number, whatever the file is called. */
  gzip: boolean;
  /**
   * JSON: one value per line, read as newline-delimited JSON (a guess from the first bytes; a file
   * that proves it wrong is read as a document). Text: read as UTF-8 (false: as Latin-1, for a file
   * whose bytes are not UTF-8).
   */
  lines: boolean;
  /** VPC flow logs: the declared fields in file order (AWS's names), undefined where unknown. */
  fields?: ReadonlyArray<string | undefined>;
  /** VPC flow logs: the first line is the header naming the fields. */
  header?: boolean;
  /** Fields of the declared format that are not known flow-log fields; read, never made columns. */
  unknownFields?: readonly string[];
}

export interface EvidenceFile extends FileShape {
  /** Absolute path of the evidence file. */
  path: string;
  /** Path below the evidence folder, with forward slashes, for messages and log stream names. */
  relative: string;
  size: number;
  mtimeMs: number;
  /**
   * The evidence memory's word that this gzip stream ends whole (gzipCheck.ts), as of `size` and
   * `mtimeMs`: set by discovery so that thousands of checked files cost no lookup each.
   */
  gzipWhole?: true;
  /** What DuckDB reads, when not `path` (a subscription payload unwrapped from its Lambda event). */
  readPath?: string;
  /**
   * The folder holding `path` (up to its last separator), one string shared by the folder's files:
   * set by discovery, which lists folder by folder, so that grouping thousands of files by folder
   * (fileGroups.ts) cuts no path per file.
   */
  folder?: string;
}

/** What one statement needs from the files: every column and field when undefined. */
export type Needs = ColumnUse | undefined;

/** Folders whose files can be named as `folder/*` (see fileGroups.ts). */
export type PlainFolders = ReadonlyMap<string, number>;

/** Runs a read-only query on the evidence database (for sources whose log groups are inside the files). */
export type EvidenceQuery = (sql: string) => Promise<unknown[][]>;

export interface EvidenceSource {
  type: EvidenceType;
  /** What an investigator calls it, for messages. */
  title: string;
  /** SQL table names: the AWS-documented one first, then other names it answers to. */
  tables: readonly string[];
  /**
   * The folder the service delivers this evidence to in S3, under `AWSLogs/<account>/`. A file below
   * it is taken to be of this type until sniffing says otherwise, so that a query over other
   * evidence need not open it (evidenceScope.ts).
   */
  deliveryFolder?: string;
  /** The one log group this evidence stands in for; none when the files name their own. */
  logGroup?: string;
  /** The table's columns and DuckDB types, in order (hidden columns such as "$path" excluded). */
  columns: ReadonlyArray<readonly [string, string]>;
  /**
   * The SELECT defining the table over these files (at least one; a type without files is
   * emptyTableSql), reading what `needs` names.
   */
  tableSql(files: readonly EvidenceFile[], needs: Needs, folders: PlainFolders): string;
  /** A statement that reads one file alone the way the table reads it, to find files DuckDB cannot read. */
  probeSql(file: EvidenceFile): string;
  /** Another way to read a file that failed to read, if there is one. */
  alternate?(file: EvidenceFile): EvidenceFile | undefined;
  /** One relation per log group these files stand in for. */
  relations(files: readonly EvidenceFile[], folders: PlainFolders, query: EvidenceQuery): Promise<InsightsRelation[]>;
  /**
   * JSON keys (flattened, as Insights names them) events of this type usually have, for the editor's
   * field completion; the relation discovers any other key too.
   */
  documentedFields?: readonly string[];
  /** The log group a file belongs to, for sources with several; undefined when the file itself names it. */
  logGroupOf?(file: EvidenceFile): string | undefined;
  /** Readies files DuckDB cannot read as they are (a payload inside a Lambda event), before any query. */
  ready?(files: readonly EvidenceFile[], context: ReadyContext): Promise<Readied>;
}

export interface ReadyContext {
  /** A folder of the engine's own for files it derives; removed when the engine is disposed. */
  cacheDir: string;
  query: EvidenceQuery;
}

export interface Readied {
  files: EvidenceFile[];
  /** Files that cannot be used, one warning each, naming the file. */
  warnings: ResultWarning[];
  /** Files DuckDB failed to read, to be set aside with DuckDB's own reason. */
  failed: Array<{ file: EvidenceFile; error: unknown }>;
}

/** The path DuckDB reads for a file. */
export function readPathOf(file: EvidenceFile): string {
  return file.readPath ?? file.path;
}

/** A table with the source's columns and no rows, for a type the folder holds nothing of. */
export function emptyTableSql(source: EvidenceSource): string {
  const columns = source.columns.map(([name, type]) => `CAST(NULL AS ${type}) AS "${name.replace(/"/g, '""')}"`);
  return `SELECT ${columns.join(', ')} WHERE false`;
}

/** True when the statement names Athena's hidden column for the object an event came from. */
export function needsPath(needs: Needs): boolean {
  return needs !== undefined && needs.names.has(PATH_COLUMN);
}

/** Athena's hidden column holding the object an event was read from; here, the evidence file. */
export const PATH_COLUMN = '$path';

/** True when the statement may use the named column (every column for DESCRIBE and `*`). */
export function uses(needs: Needs, name: string): boolean {
  return !needs || needs.star || needs.names.has(name);
}
