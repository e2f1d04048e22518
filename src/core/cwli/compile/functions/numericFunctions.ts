/** Numeric functions (A.4): arguments read as numbers; text that is not a number gives no value. */
import { numberValue } from '../sqlValue';
import type { FunctionCompiler, FunctionTable } from './functionCompiler';

const unary = (sql: (n: string) => string): FunctionCompiler => (call, x) => numberValue(sql(x.number(call, 0)));
const variadic = (name: string): FunctionCompiler => (call, x) => numberValue(`${name}(${call.args.map((_, i) => x.number(call, i)).join(', ')})`);

/** Mean Earth radius in kilometres, as haversine() answers in km. */
const EARTH_RADIUS_KM = 6371;

export const NUMERIC_FUNCTIONS: FunctionTable = {
  abs: unary((n) => `abs(${n})`),
  ceil: unary((n) => `ceil(${n})`),
  floor: unary((n) => `floor(${n})`),
  // DuckDB raises on log(0) and sqrt(-1); a log line must not fail the query, so those give no value.
  log: unary((n) => `(CASE WHEN ${n} > 0 THEN ln(${n}) END)`),
  sqrt: unary((n) => `(CASE WHEN ${n} >= 0 THEN sqrt(${n}) END)`),
  greatest: variadic('greatest'),
  least: variadic('least'),
  round: (call, x) => numberValue(call.args.length > 1 ? `round(${x.number(call, 0)}, TRY_CAST(${x.number(call, 1)} AS INTEGER))` : `round(${x.number(call, 0)})`),
  haversine: (call, x) => {
    const [lat1, lon1, lat2, lon2] = [0, 1, 2, 3].map((i) => `radians(${x.number(call, i)})`);
    const a = `pow(sin((${lat2} - ${lat1}) / 2), 2) + cos(${lat1}) * cos(${lat2}) * pow(sin((${lon2} - ${lon1}) / 2), 2)`;
    return numberValue(`(${2 * EARTH_RADIUS_KM} * asin(sqrt(${a})))`);
  },
  toNumber: unary((n) => n),
  toDouble: unary((n) => n),
  toInt: unary((n) => `CAST(TRY_CAST(trunc(${n}) AS INTEGER) AS DOUBLE)`),
  toLong: unary((n) => `CAST(TRY_CAST(trunc(${n}) AS BIGINT) AS DOUBLE)`),
};
