/**
 * How values sort, for sort, dedup, limit and sortsFirst/sortsLast: numbers, times and booleans by
 * value; text that reads as a number by that number, before other text, which sorts by code point;
 * absent values last in both directions (as Athena/Trino sorts them).
 */
import { asNumber, asString, type SqlValue } from './sqlValue';

export interface OrderTerm {
  sql: string;
  descending: boolean;
}

export function orderTerms(v: SqlValue, descending: boolean): OrderTerm[] {
  if (v.kind === 'number' || v.kind === 'timestamp') return [{ sql: v.sql, descending }];
  if (v.kind === 'boolean') return [{ sql: asNumber(v), descending }];
  const text = asString(v);
  return [
    { sql: `TRY_CAST(${text} AS DOUBLE)`, descending },
    { sql: text, descending },
  ];
}

export function orderBySql(terms: readonly OrderTerm[]): string {
  return terms.map((t) => `${t.sql} ${t.descending ? 'DESC' : 'ASC'} NULLS LAST`).join(', ');
}
