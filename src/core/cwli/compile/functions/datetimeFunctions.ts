/**
 * Date and time functions (A.4). now() answers in epoch SECONDS, toMillis/fromMillis in milliseconds;
 * parseDate takes a Java DateTimeFormatter pattern, formatDate a strftime one.
 */
import type { CallExpression, PeriodLiteral } from '../../ast';
import { quoteString } from '../../../sql';
import { queryError } from '../compileError';
import type { ExpressionCompiler } from '../expressions';
import { asTimestamp, numberConstant, numberValue, stringValue, type SqlValue } from '../sqlValue';
import { ceilToPeriod, floorToPeriod } from '../timeBuckets';
import { strptimeFormat } from './javaDatePattern';
import type { FunctionTable } from './functionCompiler';

function period(call: CallExpression, i: number): PeriodLiteral {
  const arg = call.args[i];
  if (arg?.kind !== 'period') throw queryError('query.syntax', `${call.name}() takes a period such as 5m or 1h here.`, arg?.range ?? call.range);
  return arg;
}

function eventTime(call: CallExpression, x: ExpressionCompiler): string {
  const ts = x.context.eventTime();
  if (!ts) throw queryError('query.syntax', 'bin() reads @timestamp, which a stats has already aggregated away; carry max(@timestamp) as @t out of the first stats and use dateceil(@t, 5m).', call.range);
  return ts.sql;
}

function timestamp(sql: string): SqlValue {
  return { sql, kind: 'timestamp' };
}

/** A time zone name written in the query (DuckDB needs it as a constant). */
function zone(call: CallExpression, x: ExpressionCompiler, i: number): string | undefined {
  return call.args.length > i ? quoteString(x.literal(call, i, 'the time zone')) : undefined;
}

export const DATETIME_FUNCTIONS: FunctionTable = {
  bin: (call, x) => timestamp(floorToPeriod(eventTime(call, x), period(call, 0))),
  datefloor: (call, x) => timestamp(floorToPeriod(asTimestamp(x.arg(call, 0)), period(call, 1))),
  dateceil: (call, x) => timestamp(ceilToPeriod(asTimestamp(x.arg(call, 0)), period(call, 1))),
  fromMillis: (call, x) => timestamp(`epoch_ms(TRY_CAST(${x.number(call, 0)} AS BIGINT))`),
  toMillis: (call, x) => numberValue(`CAST(epoch_ms(${asTimestamp(x.arg(call, 0))}) AS DOUBLE)`),
  now: (_call, x) => numberConstant(Math.floor(x.facts.nowMs / 1000)),
  parseDate: (call, x) => {
    const format = strptimeFormat(x.literal(call, 1, 'the date pattern'), call.args[1]!.range);
    const parsed = `TRY_STRPTIME(${x.text(call, 0)}, ${quoteString(format.strptime)})`;
    const tz = zone(call, x, 2);
    // A pattern without a zone reads local time in the given zone (UTC when none is given).
    const instant = format.hasZone || !tz ? parsed : `timezone(${tz}, ${parsed})`;
    return numberValue(`CAST(epoch_ms(${instant}) AS DOUBLE)`);
  },
  formatDate: (call, x) => {
    const format = quoteString(x.literal(call, 1, 'the format'));
    const ts = asTimestamp(x.arg(call, 0));
    const tz = zone(call, x, 2);
    return stringValue(tz ? `strftime(timezone(${tz}, CAST(${ts} AS TIMESTAMPTZ)), ${format})` : `strftime(${ts}, ${format})`);
  },
};
