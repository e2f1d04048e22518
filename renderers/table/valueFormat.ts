import type { CellValue, ColumnKind } from '../../src/common/resultSet';

/** How one value is shown. Pure functions of data; the DOM is built elsewhere, with text only. */

export function isNested(value: CellValue): value is CellValue[] | { [key: string]: CellValue } {
  return typeof value === 'object' && value !== null;
}

export function summaryText(value: CellValue, max = 120): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function prettyText(value: CellValue): string {
  return JSON.stringify(value, null, 2);
}

export function isNumericKind(kind: ColumnKind): boolean {
  return kind === 'integer' || kind === 'number';
}

/** Orders values for sorting: nulls last, numbers numerically (integers may arrive as text), else text. */
export function compareValues(a: CellValue, b: CellValue, numeric: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (numeric) {
    const x = Number(a);
    const y = Number(b);
    if (!Number.isNaN(x) && !Number.isNaN(y) && x !== y) return x < y ? -1 : 1;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  const s = typeof a === 'string' ? a : JSON.stringify(a);
  const t = typeof b === 'string' ? b : JSON.stringify(b);
  return s < t ? -1 : s > t ? 1 : 0;
}
