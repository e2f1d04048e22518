/**
 * Rounding times to periods, for bin(), datefloor() and dateceil(). Fixed-length periods count from the
 * Unix epoch in milliseconds, with the unit caps of the service (bin(300s) is 60 s); months, quarters
 * and years are calendar periods counted from January 1970.
 */
import type { PeriodLiteral } from '../ast';
import { periodMillis } from '../periods';

const MONTHS = { mo: 1, q: 3, y: 12 } as const;

/** Text of a SQL expression, evaluated once per use: callers pass a column or a small expression. */
export function floorToPeriod(ts: string, period: PeriodLiteral): string {
  const width = periodMillis(period.amount, period.unit);
  if (width !== undefined) {
    return `epoch_ms(CAST(floor(CAST(epoch_ms(${ts}) AS DOUBLE) / ${width}) AS BIGINT) * ${width})`;
  }
  const months = period.amount * MONTHS[period.unit as keyof typeof MONTHS];
  const index = `(year(${ts}) * 12 + month(${ts}) - 1)`;
  const bucket = `(${index} - (${index} % ${months}))`;
  return `make_timestamp(CAST(${bucket} // 12 AS BIGINT), CAST(${bucket} % 12 + 1 AS BIGINT), 1, 0, 0, 0)`;
}

/** The smallest period boundary at or after the time. */
export function ceilToPeriod(ts: string, period: PeriodLiteral): string {
  const floor = floorToPeriod(ts, period);
  const width = periodMillis(period.amount, period.unit);
  const next = width !== undefined
    ? `epoch_ms(epoch_ms(${floor}) + ${width})`
    : `(${floor} + INTERVAL ${period.amount * MONTHS[period.unit as keyof typeof MONTHS]} MONTH)`;
  return `(CASE WHEN ${floor} = ${ts} THEN ${ts} ELSE ${next} END)`;
}
