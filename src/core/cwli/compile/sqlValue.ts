/**
 * Logs Insights values are dynamically typed (a parsed "404" compares as a number, a JSON leaf is text,
 * @timestamp is a time); DuckDB is statically typed. Every compiled expression carries the kind the
 * compiler knows for it, and the conversions below are where the dynamic rules of the language live.
 */
import { quoteString } from '../../sql';
import { jsonLeafSql } from '../relation';

/** number: DOUBLE; timestamp: TIMESTAMP (UTC); json: a JSON value that may be a map, a list or a leaf. */
export type ValueKind = 'string' | 'number' | 'boolean' | 'timestamp' | 'json';

export interface SqlValue {
  sql: string;
  kind: ValueKind;
  /** The literal's value when the expression is a constant written in the query. */
  constant?: string | number;
}

export const NULL_STRING: SqlValue = { sql: 'CAST(NULL AS VARCHAR)', kind: 'string' };

export function stringConstant(value: string): SqlValue {
  return { sql: quoteString(value), kind: 'string', constant: value };
}

export function numberConstant(value: number): SqlValue {
  return { sql: numberLiteral(value), kind: 'number', constant: value };
}

export function numberLiteral(value: number): string {
  return Number.isFinite(value) ? `CAST(${String(value)} AS DOUBLE)` : 'CAST(NULL AS DOUBLE)';
}

/** The text a number shows as: whole numbers without a fraction (counts read "3", not "3.0"). */
export function formatNumberSql(sql: string): string {
  return `(CASE WHEN ${sql} = trunc(${sql}) AND abs(${sql}) < 1e15 THEN CAST(CAST(${sql} AS BIGINT) AS VARCHAR) ELSE CAST(${sql} AS VARCHAR) END)`;
}

export const TIMESTAMP_FORMAT = '%Y-%m-%d %H:%M:%S.%g';

/** A map or list counts as null for string, number and time functions (A.4). */
const jsonLeafText = jsonLeafSql;

export function asString(v: SqlValue): string {
  switch (v.kind) {
    case 'string':
      return v.sql;
    case 'number':
      return v.constant !== undefined ? quoteString(String(v.constant)) : formatNumberSql(v.sql);
    case 'boolean':
      return `(CASE WHEN ${v.sql} THEN 'true' WHEN NOT ${v.sql} THEN 'false' END)`;
    case 'timestamp':
      return `strftime(${v.sql}, '${TIMESTAMP_FORMAT}')`;
    case 'json':
      return jsonLeafText(v.sql);
  }
}

/** A value as the API returns it: text, with maps and lists written as compact JSON. */
export function renderSql(v: SqlValue): string {
  if (v.kind !== 'json') return asString(v);
  return `(CASE WHEN json_type(${v.sql}) IN ('OBJECT', 'ARRAY') THEN CAST(json(${v.sql}) AS VARCHAR) ELSE (${v.sql}) ->> '$' END)`;
}

/** Text that does not read as a number gives null; booleans are 1 and 0; times are epoch milliseconds. */
export function asNumber(v: SqlValue): string {
  switch (v.kind) {
    case 'number':
      return v.sql;
    case 'string':
      if (v.constant !== undefined) return numberLiteral(readNumber(String(v.constant)) ?? Number.NaN);
      return `TRY_CAST(${v.sql} AS DOUBLE)`;
    case 'boolean':
      return `CAST(${v.sql} AS DOUBLE)`;
    case 'timestamp':
      return `CAST(epoch_ms(${v.sql}) AS DOUBLE)`;
    case 'json':
      return `TRY_CAST(${jsonLeafText(v.sql)} AS DOUBLE)`;
  }
}

/** What DuckDB's TRY_CAST(text AS DOUBLE) accepts, for constants decided at compile time. */
export function readNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/**
 * Truthiness where a condition is expected: booleans as they are, numbers when not 0, text when it reads
 * as a non-zero number or as "true", times and structures when present. Absent is false.
 */
export function asBoolean(v: SqlValue): string {
  switch (v.kind) {
    case 'boolean':
      return `coalesce(${v.sql}, false)`;
    case 'number':
      return `coalesce(${v.sql} <> 0, false)`;
    case 'string':
      return `coalesce(TRY_CAST(${v.sql} AS DOUBLE) <> 0 OR lower(${v.sql}) = 'true', false)`;
    case 'timestamp':
    case 'json':
      return `(${v.sql} IS NOT NULL)`;
  }
}

/** Times: as they are; numbers as epoch milliseconds; text as an ISO-8601 time (with or without zone). */
export function asTimestamp(v: SqlValue): string {
  switch (v.kind) {
    case 'timestamp':
      return v.sql;
    case 'number':
      return `epoch_ms(TRY_CAST(${v.sql} AS BIGINT))`;
    case 'boolean':
      return 'CAST(NULL AS TIMESTAMP)';
    case 'string':
    case 'json':
      return `CAST(TRY_CAST(${asString(v)} AS TIMESTAMPTZ) AS TIMESTAMP)`;
  }
}

/** A JSON value: itself, or a scalar written as JSON. */
export function asJson(v: SqlValue): string {
  return v.kind === 'json' ? v.sql : `to_json(${v.sql})`;
}

/** Converts to a kind, for values that must share one (union of sources, if/case/coalesce branches). */
export function convert(v: SqlValue, kind: ValueKind): SqlValue {
  if (v.kind === kind) return v;
  const sql = {
    string: () => asString(v),
    number: () => asNumber(v),
    boolean: () => asBoolean(v),
    timestamp: () => asTimestamp(v),
    json: () => asJson(v),
  }[kind]();
  return { sql, kind };
}

/** The kind several values can share: their own when they agree, else text. */
export function commonKind(values: readonly SqlValue[]): ValueKind {
  const kinds = new Set(values.map((v) => v.kind));
  return kinds.size === 1 ? values[0]!.kind : 'string';
}

export function booleanValue(sql: string): SqlValue {
  return { sql, kind: 'boolean' };
}

export function numberValue(sql: string): SqlValue {
  return { sql, kind: 'number' };
}

export function stringValue(sql: string): SqlValue {
  return { sql, kind: 'string' };
}

/** 1 when the condition holds, else 0 (isempty, strcontains, startsWith… return numbers, A.4). */
export function oneOrZero(condition: string): SqlValue {
  return numberValue(`(CASE WHEN ${condition} THEN 1.0 ELSE 0.0 END)`);
}
