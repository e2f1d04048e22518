/**
 * The stats functions (A.4): count() and count(*) count rows, count(f) the rows where f is present;
 * sum/avg/stddev/pct read numbers; min/max compare numbers when every value is one, else text;
 * earliest/latest take the value of the event with the earliest/latest @timestamp; sortsFirst/sortsLast
 * the value that sorts first/last in sort's order.
 */
import type { CallExpression } from '../ast';
import type { InsightsFunction } from '../catalog';
import { queryError } from './compileError';
import type { ExpressionCompiler } from './expressions';
import { orderBySql, orderTerms } from './ordering';
import { asNumber, asString, formatNumberSql, numberValue, type SqlValue } from './sqlValue';

function extreme(fn: 'min' | 'max', v: SqlValue): SqlValue {
  if (v.kind === 'number' || v.kind === 'timestamp') return { sql: `${fn}(${v.sql})`, kind: v.kind };
  if (v.kind === 'boolean') return numberValue(`${fn}(${asNumber(v)})`);
  const text = asString(v);
  const number = `TRY_CAST(${text} AS DOUBLE)`;
  return { sql: `(CASE WHEN count(${text}) = count(${number}) THEN ${formatNumberSql(`${fn}(${number})`)} ELSE ${fn}(${text}) END)`, kind: 'string' };
}

function sortsAt(v: SqlValue, last: boolean): SqlValue {
  const terms = orderTerms(v, last);
  // In sort's order text that is no number comes after numbers, so the last value is found by putting it first.
  const order = last && terms.length > 1 ? `(${terms[0]!.sql} IS NULL) DESC, ${orderBySql(terms)}` : orderBySql(terms);
  return { sql: `first(${v.sql} ORDER BY ${order}) FILTER (WHERE ${v.sql} IS NOT NULL)`, kind: v.kind };
}

/**
 * One aggregate call; `rows` compiles its arguments over the rows being aggregated, `eventTime` is their
 * @timestamp when they are events.
 */
export function compileAggregate(call: CallExpression, fn: InsightsFunction, rows: ExpressionCompiler, eventTime: SqlValue | undefined): SqlValue {
  const arg = call.args[0];
  const value = (): SqlValue => rows.compile(arg!);
  switch (fn.name) {
    case 'count':
      return numberValue(!arg || arg.kind === 'star' ? 'CAST(count(*) AS DOUBLE)' : `CAST(count(${value().sql}) AS DOUBLE)`);
    case 'count_distinct': {
      const v = value();
      return numberValue(`CAST(count(DISTINCT ${v.kind === 'json' ? asString(v) : v.sql}) AS DOUBLE)`);
    }
    case 'sum':
      return numberValue(`sum(${asNumber(value())})`);
    case 'avg':
      return numberValue(`avg(${asNumber(value())})`);
    case 'stddev':
      return numberValue(`stddev_samp(${asNumber(value())})`);
    case 'min':
    case 'max':
      return extreme(fn.name, value());
    case 'pct': {
      const p = call.args[1];
      if (p?.kind !== 'number' || p.value < 0 || p.value > 100) throw queryError('query.syntax', 'pct() takes the percentile as a number from 0 to 100, e.g. pct(@duration, 95).', p?.range ?? call.range);
      return numberValue(`quantile_disc(${asNumber(value())}, ${p.value / 100})`);
    }
    case 'earliest':
    case 'latest': {
      if (!eventTime) throw queryError('query.syntax', `${fn.name}() reads @timestamp, which the first stats has aggregated away; carry it out as max(@timestamp) as @t.`, call.range);
      const v = value();
      return { sql: `${fn.name === 'earliest' ? 'arg_min' : 'arg_max'}(${v.sql}, ${eventTime.sql})`, kind: v.kind };
    }
    case 'sortsFirst':
      return sortsAt(value(), false);
    case 'sortsLast':
      return sortsAt(value(), true);
    default:
      throw queryError('query.unsupported', `${call.name}() is not available on local evidence: it needs the CloudWatch Logs service. Run this cell against CloudWatch Logs.`, call.nameRange);
  }
}
