import type { CellValue, ResultColumn, TableOutput } from '../../src/common/resultSet';
import { compareValues, isNested, isNumericKind, prettyText, summaryText } from './valueFormat';

const PAGE = 500;

type SortState = { column: number; direction: 'ascending' | 'descending' } | undefined;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * One result table: sortable by any column (click the header; again to reverse), nested values folded
 * into an expandable block, rows added a page at a time so that 10,000 rows stay responsive.
 */
export class TableView {
  readonly element: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private readonly headers: HTMLTableCellElement[] = [];
  private readonly more: HTMLElement;
  private rows: CellValue[][];
  private shown = 0;
  private sort: SortState;

  constructor(private readonly output: TableOutput) {
    const { result } = output;
    this.rows = result.rows;
    this.element = el('div', 'awsfx-table-output');
    this.element.append(this.summary());
    if (output.warnings.length > 0) {
      const list = el('ul', 'awsfx-warnings');
      list.setAttribute('aria-label', 'Warnings');
      for (const w of output.warnings) list.append(el('li', undefined, w.message));
      this.element.append(list);
    }
    const scroll = el('div', 'awsfx-table-scroll');
    const table = el('table', 'awsfx-table');
    const head = el('thead');
    const headRow = el('tr');
    result.columns.forEach((column, index) => headRow.append(this.header(column, index)));
    head.append(headRow);
    this.body = el('tbody');
    table.append(head, this.body);
    scroll.append(table);
    this.more = el('div', 'awsfx-more');
    this.element.append(scroll, this.more);
    this.renderRows();
  }

  dispose(): void {
    this.element.remove();
  }

  private summary(): HTMLElement {
    const { result, elapsedMs } = this.output;
    const count = result.truncated
      ? `${result.rows.length.toLocaleString('en-US')} of ${result.totalRows.toLocaleString('en-US')} rows (output capped at ${result.rowCap.toLocaleString('en-US')})`
      : `${result.totalRows.toLocaleString('en-US')} ${result.totalRows === 1 ? 'row' : 'rows'}`;
    return el('div', 'awsfx-summary', `${count} · ${elapsedMs.toLocaleString('en-US')} ms`);
  }

  private header(column: ResultColumn, index: number): HTMLTableCellElement {
    const th = el('th');
    th.dataset.column = column.name;
    th.setAttribute('aria-sort', 'none');
    const button = el('button', undefined, column.name);
    button.title = `Sort by ${column.name}`;
    button.append(el('span', 'awsfx-sort', ''));
    button.addEventListener('click', () => this.toggleSort(index));
    th.append(button, el('span', 'awsfx-type', column.engineType || column.kind));
    this.headers.push(th);
    return th;
  }

  private toggleSort(column: number): void {
    const direction = this.sort?.column === column && this.sort.direction === 'ascending' ? 'descending' : 'ascending';
    this.sort = { column, direction };
    const numeric = isNumericKind(this.output.result.columns[column]!.kind);
    const sign = direction === 'ascending' ? 1 : -1;
    // Stable sort over a copy: equal keys keep the engine's order, and the stored data is untouched.
    this.rows = [...this.output.result.rows].sort((a, b) => sign * compareValues(a[column] ?? null, b[column] ?? null, numeric));
    this.headers.forEach((th, i) => {
      th.setAttribute('aria-sort', i === column ? direction : 'none');
      const mark = th.querySelector('.awsfx-sort');
      if (mark) mark.textContent = i === column ? (direction === 'ascending' ? '▲' : '▼') : '';
    });
    this.body.replaceChildren();
    this.shown = 0;
    this.renderRows();
  }

  private renderRows(): void {
    const { columns } = this.output.result;
    const end = Math.min(this.rows.length, this.shown + PAGE);
    const fragment = document.createDocumentFragment();
    for (let r = this.shown; r < end; r++) {
      const tr = el('tr');
      const row = this.rows[r]!;
      columns.forEach((column, c) => tr.append(this.cell(row[c] ?? null, column)));
      fragment.append(tr);
    }
    this.body.append(fragment);
    this.shown = end;
    this.more.replaceChildren();
    if (this.shown < this.rows.length) {
      const button = el('button', undefined, `Show ${Math.min(PAGE, this.rows.length - this.shown)} more of ${(this.rows.length - this.shown).toLocaleString('en-US')} remaining rows`);
      button.addEventListener('click', () => this.renderRows());
      this.more.append(button);
    }
  }

  private cell(value: CellValue, column: ResultColumn): HTMLTableCellElement {
    if (value === null) return el('td', 'awsfx-null', 'null');
    if (isNested(value)) {
      const td = el('td', 'awsfx-nested');
      const details = el('details');
      details.append(el('summary', undefined, summaryText(value)), el('pre', undefined, prettyText(value)));
      td.append(details);
      return td;
    }
    if (isNumericKind(column.kind) && typeof value !== 'boolean') return el('td', 'awsfx-number', String(value));
    const td = el('td');
    td.append(el('span', 'awsfx-text', String(value)));
    return td;
  }
}
