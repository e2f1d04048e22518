import type { CellValue, ResultSet } from '../common/resultSet';
import { valueText } from '../core/report/markdownTable';

/** Output formats of `awsfx query`. Each returns complete text ending in a newline. */
export type OutputFormat = 'table' | 'csv' | 'jsonl';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'jsonl'];

/** RFC 4180: quote a field when it holds a comma, quote, CR or LF; double inner quotes. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(result: ResultSet): string {
  const lines = [result.columns.map((c) => csvField(c.name)).join(',')];
  for (const row of result.rows) lines.push(row.map((v) => csvField(valueText(v))).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** One JSON object per row keyed by column name; later duplicate names get a numeric suffix. */
export function toJsonLines(result: ResultSet): string {
  const names: string[] = [];
  const seen = new Map<string, number>();
  for (const c of result.columns) {
    const n = seen.get(c.name) ?? 0;
    seen.set(c.name, n + 1);
    names.push(n === 0 ? c.name : `${c.name}_${n + 1}`);
  }
  return result.rows
    .map((row) => {
      const record: Record<string, CellValue> = {};
      names.forEach((name, i) => (record[name] = row[i] ?? null));
      return JSON.stringify(record) + '\n';
    })
    .join('');
}

const MAX_WIDTH = 60;

/** Terminal control characters in log content must not reach the terminal: show them escaped. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

function fit(text: string): string {
  const clean = printable(text);
  return clean.length > MAX_WIDTH ? `${clean.slice(0, MAX_WIDTH - 1)}…` : clean;
}

export function toTextTable(result: ResultSet): string {
  const header = result.columns.map((c) => fit(c.name));
  const body = result.rows.map((row) => row.map((v) => (v === null ? 'NULL' : fit(valueText(v)))));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  const count = result.truncated ? `(${result.rows.length} of ${result.totalRows} rows)` : `(${result.totalRows} ${result.totalRows === 1 ? 'row' : 'rows'})`;
  return [line(header), rule, ...body.map(line), count].join('\n') + '\n';
}

export function formatResult(result: ResultSet, format: OutputFormat): string {
  return format === 'csv' ? toCsv(result) : format === 'jsonl' ? toJsonLines(result) : toTextTable(result);
}
