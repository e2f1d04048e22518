/**
 * The one place the DuckDB JSON readers' options are spelled, so a table, its Insights relation and
 * the per-file probe read a file alike.
 *
 * - Explicit column types: no schema sampling over thousands of shapes.
 * - `maximum_object_size` of 1 GiB: a CloudTrail delivery file is one JSON object; DuckDB's 16 MB
 *   default is below a busy account's files.
 * - `hive_partitioning = false`: a folder called `year=2024` must not become a column.
 * - Read as a document, a value of the wrong JSON type becomes NULL instead of failing the file
 *   (`ignore_errors`), and malformed JSON still fails it. Read by lines, ignore_errors would drop
 *   malformed lines silently, so it stays off: a file that fails is read again as a document, and
 *   reported only if that fails too.
 */
import { quoteString } from '../../../core/sql';
import { compression, fileList } from './fileGroups';
import type { EvidenceFile } from './evidenceSource';

/** DuckDB's JSON format for a file: a top-level array, one value per line, or values in any layout. */
export function jsonFormat(file: EvidenceFile): string {
  if (file.layout === 'array') return 'array';
  return file.lines ? 'newline_delimited' : 'unstructured';
}

export interface JsonReadOptions {
  /** Adds DuckDB's `filename` column. */
  filename: boolean;
}

/** read_json over `sources`, read as `file` says, with these [JSON key, DuckDB type] columns. */
export function readJson(sources: readonly string[], file: EvidenceFile, columns: ReadonlyArray<readonly [string, string]>, options: JsonReadOptions): string {
  const spec = columns.map(([key, type]) => `${quoteString(key)}: ${quoteString(type)}`).join(', ');
  return `read_json(${fileList(sources)}, ${[
    `format = '${jsonFormat(file)}'`,
    `columns = {${spec}}`,
    compression(file),
    `ignore_errors = ${!file.lines}`,
    `filename = ${options.filename}`,
    'hive_partitioning = false',
    `maximum_object_size = ${1 << 30}`,
  ].join(', ')})`;
}

/**
 * read_json_objects over `sources`: each top-level value (each array element, for arrays) as its raw
 * text, exactly as the file holds it, which is what CloudWatch keeps as `@message`.
 */
export function readJsonObjects(sources: readonly string[], file: EvidenceFile, options: JsonReadOptions): string {
  return `read_json_objects(${fileList(sources)}, ${[
    `format = '${jsonFormat(file)}'`,
    compression(file),
    `filename = ${options.filename}`,
    'hive_partitioning = false',
    `maximum_object_size = ${1 << 30}`,
  ].join(', ')})`;
}

/** A file read by lines that failed is read as a document next; other files have no second way. */
export function asDocument(file: EvidenceFile): EvidenceFile | undefined {
  return file.lines && file.layout !== 'array' ? { ...file, lines: false } : undefined;
}
