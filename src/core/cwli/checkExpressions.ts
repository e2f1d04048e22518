/**
 * Checks inside expressions: known functions with the right number of arguments, aggregations only
 * where stats allows them, periods only where a function takes one, and fields that exist after stats.
 */
import type { CallExpression, Command, Expression, FieldRef, Query } from './ast';
import { findFunction, parameterAt, suggestName, type InsightsFunction } from './catalog';
import type { DiagnosticSink } from './diagnostics';
import { formatExpression } from './format';
import type { ValueType } from './functionCatalog';
import { PERIOD_CAPS, periodRewrite } from './periods';
import { childExpressions } from './walk';

/** The columns a stats produced: after it, only these (and names defined later) exist. */
export interface Scope {
  names: Set<string>;
  /** Lower-cased text of unaliased outputs (`count(*)`), which may be written again to mean the column. */
  texts: Set<string>;
}

export interface ExpressionContext {
  sink: DiagnosticSink;
  command: Command;
  /** 1 or 2 inside the first or second stats, else 0. */
  statsOrdinal: number;
  role: 'aggregation' | 'groupBy' | 'plain';
  scope: Scope | undefined;
  /** Aliases defined earlier in the same stats (an aggregation may compute with them). */
  localAliases: ReadonlySet<string>;
  /** Names known to hold a map or list (jsonParse, split, parse logfmt). */
  structured: ReadonlyMap<string, ValueType>;
  inSubquery: boolean;
  checkSubquery: (query: Query) => void;
}

export function columnKey(e: Expression): string {
  return formatExpression(e, { lowerCaseFunctions: true });
}

export function isStructured(type: ValueType): boolean {
  return type === 'map' || type === 'list' || type === 'structure';
}

/** Statically known type of an expression, as far as the catalog and earlier aliases tell. */
export function typeOf(e: Expression, structured: ReadonlyMap<string, ValueType>): ValueType {
  if (e.kind === 'call') return findFunction(e.name)?.returns ?? 'any';
  if (e.kind === 'field') return structured.get(e.name) ?? 'any';
  if (e.kind === 'list') return 'list';
  return 'any';
}

export function checkExpression(e: Expression, ctx: ExpressionContext, insideAggregate = false): void {
  switch (e.kind) {
    case 'field':
      checkField(e, ctx, insideAggregate);
      return;
    case 'call':
      checkCall(e, ctx, insideAggregate);
      return;
    case 'period':
      ctx.sink.errorAt('periodNotAllowed', `A period such as ${e.raw} is only valid as an argument of bin(), datefloor() or dateceil().`, e.range);
      return;
    case 'star':
      ctx.sink.errorAt('starNotAllowed', '* is only valid as count(*).', e.range);
      return;
    case 'subquery':
      if (ctx.inSubquery) ctx.sink.errorAt('nestedSubquery', 'Subqueries cannot be nested; run the inner query first and list its values with in [ … ].', e.range);
      else ctx.checkSubquery(e.query);
      return;
    default:
      for (const child of childExpressions(e)) checkExpression(child, ctx, insideAggregate);
  }
}

function checkField(e: FieldRef, ctx: ExpressionContext, insideAggregate: boolean): void {
  if (ctx.role === 'aggregation' && !insideAggregate && !ctx.localAliases.has(e.name)) {
    ctx.sink.errorAt('notAggregated', `${e.name} must be inside an aggregation such as count(${e.name}), max(${e.name}) or latest(${e.name}); to group by it, write by ${e.name}.`, e.range);
    return;
  }
  const scope = ctx.scope;
  if (!scope || ctx.localAliases.has(e.name) || scope.names.has(e.name)) return;
  // A map produced by stats may be read by key: m.key.
  for (let i = e.path.length - 1; i > 0; i--) if (scope.names.has(e.path.slice(0, i).join('.'))) return;
  const available = [...scope.names].slice(0, 8).join(', ');
  ctx.sink.errorAt('fieldNotAvailable', `${e.name} is not available here: after stats only its output can be used (${available || 'nothing'}). Add it to the stats (by ${e.name}) or move this command before the stats.`, e.range);
}

function checkCall(e: CallExpression, ctx: ExpressionContext, insideAggregate: boolean): void {
  const sink = ctx.sink;
  if (ctx.scope?.texts.has(columnKey(e))) return;
  const fn = findFunction(e.name);
  if (!fn) {
    const suggestion = suggestName(e.name, 'function');
    sink.errorAt('unknownFunction', `Unknown function ${e.name}().${suggestion ? ` Did you mean ${suggestion}()?` : ''}`, e.nameRange);
    // Unknown, so possibly an aggregation: do not also complain that its arguments are not aggregated.
    for (const arg of e.args) if (arg.kind !== 'star' && arg.kind !== 'period') checkExpression(arg, ctx, insideAggregate || ctx.role === 'aggregation');
    return;
  }
  checkArity(e, fn, sink);
  if (fn.aggregate) {
    if (ctx.role === 'groupBy') sink.errorAt('aggregateInGroupBy', `${fn.name}() aggregates, so it cannot be a stats by key; put it before by.`, e.nameRange);
    else if (ctx.role !== 'aggregation') sink.errorAt('aggregateOutsideStats', `${fn.name}() is an aggregation and only works in stats, e.g. stats ${fn.name}(…) by field.`, e.nameRange);
    else if (insideAggregate) sink.errorAt('nestedAggregate', `Aggregations cannot be nested: ${fn.name}() is inside another aggregation. Use a second stats to aggregate aggregates.`, e.nameRange);
  }
  if (fn.name === 'bin' && ctx.command.kind === 'stats' && ctx.statsOrdinal === 2) {
    sink.errorAt('binInSecondStats', 'bin() is not allowed in the second stats; carry a time out of the first stats (max(@timestamp) as @t) and use dateceil(@t, 5m)', e.range);
  }
  if (fn.onlyIn && !(fn.onlyIn as readonly string[]).includes(ctx.command.kind)) {
    sink.errorAt('functionContext', `${fn.name}() can only be used in ${fn.onlyIn.join(' or ')}.`, e.nameRange);
  }
  e.args.forEach((arg, i) => {
    const param = parameterAt(fn, i);
    if (arg.kind === 'star') {
      if (fn.name !== 'count' || e.args.length !== 1) sink.errorAt('starNotAllowed', '* is only valid as count(*).', arg.range);
      return;
    }
    if (param?.type === 'period') {
      if (arg.kind === 'period') checkPeriodCap(arg.amount, arg.unit, arg.raw, arg, sink);
      else {
        sink.errorAt('periodExpected', `${fn.name}() takes a period such as 5m, 1h or 1d here, written without quotes or spaces.`, arg.range);
        checkExpression(arg, ctx, insideAggregate || fn.aggregate);
      }
      return;
    }
    if (fn.aggregate && isStructured(typeOf(arg, ctx.structured))) {
      sink.errorAt('structuredValue', `stats cannot aggregate a map or list; aggregate one of its keys instead (${formatExpression(arg)}.key).`, arg.range);
    }
    checkExpression(arg, ctx, insideAggregate || fn.aggregate);
  });
}

function checkArity(e: CallExpression, fn: InsightsFunction, sink: DiagnosticSink): void {
  const n = e.args.length;
  if (n >= fn.minArgs && n <= fn.maxArgs) return;
  const expected = fn.minArgs === fn.maxArgs
    ? `${fn.minArgs} argument${fn.minArgs === 1 ? '' : 's'}`
    : fn.maxArgs === Infinity
      ? `at least ${fn.minArgs} argument${fn.minArgs === 1 ? '' : 's'}`
      : `${fn.minArgs} to ${fn.maxArgs} arguments`;
  sink.errorAt('arity', `${fn.name}() takes ${expected} but got ${n}: ${fn.signature}`, e.range);
}

function checkPeriodCap(amount: number, unit: keyof typeof PERIOD_CAPS, raw: string, at: { range: Expression['range'] }, sink: DiagnosticSink): void {
  const cap = PERIOD_CAPS[unit];
  if (cap === undefined || amount <= cap) return;
  const rewrite = periodRewrite(amount, unit);
  sink.warningAt('periodCapped', `${raw} is over the ${cap}${unit} maximum for this unit, so Logs Insights treats it as ${cap}${unit}. ${rewrite ? `Write ${rewrite} instead.` : 'Use a larger unit.'}`, at.range);
}
