/**
 * The result of one query, as the host stores it in a notebook output and the renderers draw it.
 * Plain JSON only: no bigint, no Date, no class instances, so that it survives postMessage and the file.
 */

/** The logical kind of a column, independent of the engine that produced it. */
export type ColumnKind =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'timestamp'
  | 'date'
  | 'json'
  | 'struct'
  | 'list'
  | 'map'
  | 'binary'
  | 'unknown';

export interface ResultColumn {
  name: string;
  kind: ColumnKind;
  /** The engine's own type name, e.g. `STRUCT(arn VARCHAR, ...)` or `varchar`. */
  engineType: string;
}

/**
 * A value in a cell. Integers beyond 2^53 are carried as decimal strings; timestamps as ISO-8601 text;
 * structs as objects; lists as arrays; maps as objects (keys are strings in every engine we use).
 */
export type CellValue = null | string | number | boolean | CellValue[] | { [key: string]: CellValue };

export interface ResultSet {
  columns: ResultColumn[];
  rows: CellValue[][];
  /** Rows the engine produced; larger than rows.length when the result was cut at the row cap. */
  totalRows: number;
  /** The cap that was applied when the output was made. */
  rowCap: number;
  truncated: boolean;
}

/** Problems that did not stop the query but that the investigator must see (e.g. an unreadable file). */
export interface ResultWarning {
  code: string;
  message: string;
  /** The evidence file, log group or object the warning is about, when there is one. */
  subject?: string;
}

/** The JSON stored under TABLE_MIME. */
export interface TableOutput {
  version: 1;
  result: ResultSet;
  warnings: ResultWarning[];
  elapsedMs: number;
}

export const DEFAULT_ROW_CAP = 10_000;

/** Cuts a full list of rows down to the cap, recording what was cut. */
export function capRows(columns: ResultColumn[], rows: CellValue[][], rowCap: number = DEFAULT_ROW_CAP): ResultSet {
  const truncated = rows.length > rowCap;
  return { columns, rows: truncated ? rows.slice(0, rowCap) : rows, totalRows: rows.length, rowCap, truncated };
}
