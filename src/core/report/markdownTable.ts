import type { CellValue, ResultSet } from '../../common/resultSet';

/**
 * The text/markdown fallback of a table output, for viewers without the awsfx renderer (GitHub,
 * other editors). Every value goes into a code span, so log content can never become a link, an
 * image or HTML in a markdown viewer.
 */

export function valueText(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A code span that holds any text: fences longer than any backtick run inside, pipes escaped for tables. */
export function codeSpan(text: string): string {
  if (text === '') return '';
  const oneLine = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${oneLine.replace(/\|/g, '\\|')}${pad}${fence}`;
}

export function toMarkdownTable(result: ResultSet, maxRows = 50): string {
  if (result.columns.length === 0) return '_No columns._';
  const header = `| ${result.columns.map((c) => codeSpan(c.name)).join(' | ')} |`;
  const rule = `| ${result.columns.map(() => '---').join(' | ')} |`;
  const shown = result.rows.slice(0, maxRows);
  const body = shown.map((row) => `| ${row.map((v) => codeSpan(valueText(v))).join(' | ')} |`);
  const total = result.totalRows;
  const note = total === shown.length ? `${total} row${total === 1 ? '' : 's'}` : `${shown.length} of ${total} rows shown`;
  return [header, rule, ...body, '', `_${note}._`].join('\n');
}
