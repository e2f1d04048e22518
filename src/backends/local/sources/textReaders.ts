/**
 * The one place DuckDB's CSV reader is spelled for line-oriented evidence, so a table, its Insights
 * relation and the per-file probe read a file alike. No sniffing by DuckDB (`auto_detect = false`):
 * every option is stated, and quotes are not special (a user agent holding `"` is just text).
 */
import { quoteString } from '../../../core/sql';
import { compression, fileList } from './fileGroups';
import type { EvidenceFile } from './evidenceSource';

/**
 * A separator no log line holds, so that each line is one value. (Two bytes: a single control byte
 * can appear in hostile text; if a line ever holds both, DuckDB fails the file and says so.)
 */
const NO_SEPARATOR = `E'\\x01\\x1e'`;

function common(file: EvidenceFile, filename: boolean): string[] {
  return [
    compression(file),
    `filename = ${filename}`,
    'hive_partitioning = false',
    'auto_detect = false',
    `quote = ''`,
    `escape = ''`,
    // Bytes that are not UTF-8 fail a file read as UTF-8; such a file is read again as Latin-1.
    `encoding = '${file.lines ? 'utf-8' : 'latin-1'}'`,
    // DuckDB's longest line (2 MB) stays: raising it to 64 MB made every read 1.5× slower; a file
    // with a longer line fails and is reported by name.
  ];
}

/** Each line of the files as `line` (empty lines are NULL). */
export function readLines(sources: readonly string[], file: EvidenceFile, options: { filename: boolean }): string {
  return `read_csv(${fileList(sources)}, ${[`columns = {'line': 'VARCHAR'}`, `delim = ${NO_SEPARATOR}`, 'header = false', ...common(file, options.filename)].join(', ')})`;
}

/**
 * Space-separated fields as VARCHAR columns (names are ours, never from the file), `-` as NULL. As
 * Athena's LazySimpleSerDe does, a short line leaves the last columns NULL and a long one loses the
 * fields past the last column.
 */
export function readDelimited(sources: readonly string[], file: EvidenceFile, columns: readonly string[], options: { header: boolean; filename: boolean }): string {
  const spec = columns.map((name) => `${quoteString(name)}: 'VARCHAR'`).join(', ');
  return `read_csv(${fileList(sources)}, ${[
    `columns = {${spec}}`,
    `delim = ' '`,
    `header = ${options.header}`,
    `nullstr = '-'`,
    'strict_mode = false',
    'null_padding = true',
    ...common(file, options.filename),
  ].join(', ')})`;
}

/** A text file that failed as UTF-8 is read as Latin-1 next (every byte is a character there). */
export function asLatin1(file: EvidenceFile): EvidenceFile | undefined {
  return file.lines ? { ...file, lines: false } : undefined;
}

/** The file's path below the evidence folder, from DuckDB's `filename` column. */
export function relativeSql(file: EvidenceFile): string {
  const prefix = file.path.length - file.relative.length;
  return `substr(filename, ${prefix + 1})`;
}
