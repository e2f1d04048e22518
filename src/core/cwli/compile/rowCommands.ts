/**
 * The commands that keep rows as rows: fields, display, filter (where, filterIndex), sort, limit,
 * head/tail, dedup, and SOURCE's account filter.
 */
import type { DedupCommand, DisplayCommand, FieldsCommand, FilterCommand, FilterIndexCommand, HeadTailCommand, LimitCommand, Projection, SortCommand, SourceCommand } from '../ast';
import { formatExpression } from '../format';
import { quoteString } from '../../sql';
import { orderBySql, orderTerms, type OrderTerm } from './ordering';
import type { OutputColumn, Pipeline } from './pipeline';
import { columnValue } from './sourceFields';
import { asBoolean, asString, type SqlValue } from './sqlValue';

/** The column name a projection shows: its alias, a field's own name, or the expression's text. */
export function projectionName(p: Projection): string {
  if (p.alias) return p.alias.name;
  return p.expression.kind === 'field' ? p.expression.name : formatExpression(p.expression);
}

function project(p: Pipeline, items: readonly Projection[]): OutputColumn[] {
  return items.map((item) => {
    const name = projectionName(item);
    const value = p.rows().compile(item.expression);
    // A field named as it is stays an event field (its dotted children are still discovered fields).
    const column = p.bind(name, value, item.alias !== undefined || item.expression.kind !== 'field');
    return { name, value: columnValue(column) };
  });
}

export function compileFields(p: Pipeline, command: FieldsCommand): void {
  for (const output of project(p, command.items)) if (!p.fieldNames.includes(output.name)) p.fieldNames.push(output.name);
}

/** Only the last display counts (A.3); its columns are fixed where it stands. */
export function compileDisplay(p: Pipeline, command: DisplayCommand): void {
  p.display = project(p, command.items);
}

export function compileFilter(p: Pipeline, command: FilterCommand | FilterIndexCommand): void {
  const condition = asBoolean(p.rows().compile(command.condition));
  p.stage((prev) => `SELECT * FROM ${prev} WHERE ${condition}`);
  if (command.kind === 'filterIndex') {
    p.warnings.push('filterIndex ran as filter: on local evidence every field counts as indexed, so it returns the events a filter with the same condition returns.');
  }
}

/** The sort keys are computed once into columns, so later commands that rename fields keep the order. */
export function compileSort(p: Pipeline, command: SortCommand): void {
  const terms: OrderTerm[] = [];
  for (const key of command.keys) {
    const column = p.materialise(p.rows().compile(key.expression));
    terms.push(...orderTerms(columnValue(column), key.direction === 'desc'));
  }
  p.order = terms;
}

export function compileLimit(p: Pipeline, command: LimitCommand | HeadTailCommand): number | undefined {
  const count = command.count ?? (command.kind === 'limit' ? undefined : 10);
  if (count === undefined) return undefined;
  if (command.kind === 'limit' && command.any) {
    // Any N matches, in no particular order (A.3): the engine may stop reading early.
    p.stage((prev) => `SELECT * FROM ${prev} LIMIT ${count}`);
  } else {
    const order = command.kind === 'tail' ? p.order.map((t) => ({ ...t, descending: !t.descending })) : p.order;
    p.stage((prev) => `SELECT * FROM ${prev}${order.length > 0 ? ` ORDER BY ${orderBySql(order)}` : ''} LIMIT ${count}`);
  }
  return count;
}

/**
 * Keeps the first row of each combination in the current order (default @timestamp descending);
 * a row with any of the fields absent is never a duplicate (A.3).
 */
export function compileDedup(p: Pipeline, command: DedupCommand): void {
  const values: SqlValue[] = command.fields.map((f) => p.rows().compile(f));
  const keys = values.map((v) => (v.kind === 'json' ? asString(v) : v.sql));
  const order = p.order.length > 0 ? ` ORDER BY ${orderBySql(p.order)}` : '';
  const nulls = keys.map((k) => `${k} IS NULL`).join(' OR ');
  p.stage((prev) => `SELECT * FROM ${prev} QUALIFY ${nulls} OR row_number() OVER (PARTITION BY ${keys.join(', ')}${order}) = 1`);
}

/** SOURCE logGroups(accountIdentifiers: […]): the account is the part of @log before the colon. */
export function compileSourceAccounts(p: Pipeline, command: SourceCommand): void {
  const accounts = command.logGroups?.find((a) => a.name.toLowerCase() === 'accountidentifiers')?.value;
  if (accounts?.kind !== 'list') return;
  const ids = accounts.items.flatMap((i) => (i.kind === 'string' ? [quoteString(i.value)] : []));
  if (ids.length === 0) return;
  const log = asString(p.valueOf('@log'));
  p.stage((prev) => `SELECT * FROM ${prev} WHERE split_part(${log}, ':', 1) IN (${ids.join(', ')})`);
}
