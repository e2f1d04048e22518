/**
 * stats: one row per group (groups with no rows do not appear), group keys first, then the
 * aggregations. An aggregation may compute with the aliases of earlier aggregations in the same stats
 * (A.8 #6); a second stats aggregates the rows of the first.
 */
import type { CallExpression, StatsCommand } from '../ast';
import type { InsightsFunction } from '../catalog';
import { columnKey } from '../checkExpressions';
import { quoteIdentifier } from '../../sql';
import { compileAggregate } from './aggregates';
import { queryError } from './compileError';
import { ExpressionCompiler } from './expressions';
import { orderTerms } from './ordering';
import type { OutputColumn, Pipeline } from './pipeline';
import { projectionName } from './rowCommands';
import { columnValue, type Column } from './sourceFields';
import type { SqlValue } from './sqlValue';

export function compileStats(p: Pipeline, command: StatsCommand): void {
  const rows = p.rows();
  const eventTime = rows.context.eventTime();
  const outputs: Array<{ name: string; value: SqlValue; text?: string }> = [];
  for (const item of command.groupBy) {
    outputs.push({ name: projectionName(item), value: rows.compile(item.expression), ...textOf(item) });
  }
  const local = new Map<string, SqlValue>();
  const aggregates = new ExpressionCompiler({
    facts: p.facts,
    field: (ref) => {
      const alias = local.get(ref.name);
      if (alias) return alias;
      throw queryError('query.syntax', `${ref.name} must be inside an aggregation such as count(${ref.name}) or latest(${ref.name}); to group by it, write by ${ref.name}.`, ref.range);
    },
    statsColumn: () => undefined,
    eventTime: () => eventTime,
    aggregate: (call: CallExpression, fn: InsightsFunction) => compileAggregate(call, fn, rows, eventTime),
  });
  for (const item of command.aggregations) {
    const value = aggregates.compile(item.expression);
    if (item.alias) local.set(item.alias.name, value);
    outputs.push({ name: projectionName(item), value, ...textOf(item) });
  }

  const columns: Array<{ name: string; column: Column; text?: string }> = outputs.map((o) => ({ name: o.name, column: { column: p.names.fresh(), kind: o.value.kind }, ...(o.text ? { text: o.text } : {}) }));
  const select = outputs.map((o, i) => `${o.value.sql} AS ${quoteIdentifier(columns[i]!.column.column)}`).join(', ');
  const groups = command.groupBy.map((_, i) => String(i + 1)).join(', ');
  p.stage((prev) => `SELECT ${select || 'count(*) AS awsfx_rows'} FROM ${prev}${groups ? ` GROUP BY ${groups}` : ''}`);

  p.replaceScope(columns);
  const shown = new Set<string>();
  const statsOutputs: OutputColumn[] = [];
  columns.forEach((c) => {
    if (shown.has(c.name)) return;
    shown.add(c.name);
    statsOutputs.push({ name: c.name, value: columnValue(c.column) });
  });
  p.statsOutputs = statsOutputs;
  // Stats rows have no documented order; group keys ascending makes results repeatable.
  p.order = columns.slice(0, command.groupBy.length).flatMap((c) => orderTerms(columnValue(c.column), false));
}

function textOf(item: StatsCommand['aggregations'][number]): { text?: string } {
  return item.alias || item.expression.kind === 'field' ? {} : { text: columnKey(item.expression) };
}
