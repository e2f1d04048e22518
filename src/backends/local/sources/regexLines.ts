/**
 * Tables over space-delimited log lines with quoted fields (S3 server access logs, ALB access logs):
 * each line is read whole and split by one regular expression in SQL, as Athena's RegexSerDe does.
 * A line the expression does not match is a row of NULLs, as in Athena; an empty field is NULL too.
 * In Logs Insights every line is an event whatever its shape, and `@message` is the line.
 */
import { quoteIdentifier, quoteString } from '../../../core/sql';
import { PATH_COLUMN, needsPath, uses, type Needs } from './evidenceSource';
import type { FileGroup } from './fileGroups';
import { readLines } from './textReaders';

export interface RegexTable {
  /** Matches a whole line from its start; one capture group per entry of `groups`, in order. */
  pattern: string;
  /** [column, DuckDB type] for each capture group. */
  groups: ReadonlyArray<readonly [string, string]>;
}

const MATCH = 'awsfx_match';

/**
 * A captured field; NULL when empty, which is also what every field of a line the expression did
 * not match is (DuckDB gives '' where Java's regex, and so Athena, gives NULL for a group that took
 * no part in the match).
 */
function captured(column: string, type: string): string {
  const text = `nullif(${MATCH}.${quoteIdentifier(column)}, '')`;
  return type === 'VARCHAR' ? text : `TRY_CAST(${text} AS ${type})`;
}

/** The regexp_extract that splits `line` into a struct of the table's groups. */
export function splitLine(table: RegexTable, line = 'line'): string {
  return `regexp_extract(${line}, ${quoteString(table.pattern)}, [${table.groups.map(([name]) => quoteString(name)).join(', ')}])`;
}

/**
 * The table over one group of files: its columns in order (unused ones NULL), then `extra` columns
 * computed from the split line (`column(name)` gives a captured column's SQL) and the file's name.
 */
export function regexTableBranch(
  table: RegexTable,
  group: FileGroup,
  needs: Needs,
  extra: ReadonlyArray<readonly [string, (column: (name: string) => string, filename: string) => string]> = [],
): string {
  const types = new Map(table.groups);
  const column = (name: string): string => captured(name, types.get(name)!);
  const columns = table.groups.map(([name, type]) => `${uses(needs, name) ? column(name) : `CAST(NULL AS ${type})`} AS ${quoteIdentifier(name)}`);
  const extras = extra.filter(([name]) => uses(needs, name));
  columns.push(...extra.map(([name, sql]) => `${extras.some(([n]) => n === name) ? sql(column, 'filename') : 'CAST(NULL AS VARCHAR)'} AS ${quoteIdentifier(name)}`));
  if (needsPath(needs)) columns.push(`filename AS ${quoteIdentifier(PATH_COLUMN)}`);
  const filename = extras.length > 0 || needsPath(needs);
  return `SELECT ${columns.join(', ')} FROM (SELECT ${splitLine(table)} AS ${MATCH}${filename ? ', filename' : ''} FROM ${readLines(group.sources, group.sample, { filename })} WHERE line IS NOT NULL)`;
}

/** A captured field for an Insights relation's SQL, over the struct `splitLine` made. */
export function capturedField(table: RegexTable, column: string): string {
  const type = table.groups.find(([name]) => name === column)![1];
  return captured(column, type);
}

export const MATCH_COLUMN = MATCH;
