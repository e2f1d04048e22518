/**
 * Logs Insights relations over JSON evidence. CloudWatch keeps each event's raw JSON as `@message`
 * and discovers its fields by flattening it; a relation does the same through `jsonColumn`.
 *
 * Reading every event's raw text costs: on 500,000 CloudTrail events, extracting three fields from
 * the text took 1.55× as long as reading those three keys with read_json. So a JSON relation also
 * offers `narrow()`: when a query does not ask for `@message`, only the top-level keys it reaches are
 * read, and each field is taken from its key by the same leaf rule the full relation follows.
 *
 * A key is read as JSON, which never fails on an unexpected type, unless AWS documents it as a
 * scalar (a string, number or boolean) and the query reads it whole: then it is read as VARCHAR,
 * which DuckDB fills with the string itself, or a number or boolean as the same text `->> '$'`
 * gives. That spares writing each value as JSON and parsing it again, and the object test: ~10% of
 * a resolver-log scan. The one difference is on evidence that breaks AWS's own format: an object or
 * array where AWS writes a scalar reads as its JSON text, where CloudWatch would make it no field
 * (docs/logs-insights.md).
 */
import { quoteIdentifier, quoteString } from '../../../core/sql';
import { jsonLeafField, jsonPointer, type InsightsField, type InsightsFieldRef, type InsightsReading } from '../../../core/cwli/relation';

export const SYSTEM_FIELDS = new Set(['@timestamp', '@message', '@logStream', '@log', '@ingestionTime']);

/** The SQL of the five system columns, in the contract's order. */
export interface SystemColumns {
  timestamp: string;
  message: string;
  logStream: string;
  log: string;
  ingestionTime?: string;
}

export function systemSelect(columns: SystemColumns): string {
  return [
    `${columns.timestamp} AS "@timestamp"`,
    `${columns.message} AS "@message"`,
    `${columns.logStream} AS "@logStream"`,
    `${columns.log} AS "@log"`,
    `${columns.ingestionTime ?? 'CAST(NULL AS TIMESTAMP)'} AS "@ingestionTime"`,
  ].join(', ');
}

/** An ISO-8601 text as the TIMESTAMP (UTC) the contract wants; NULL when it is not one. */
export function isoTimestamp(text: string): string {
  return `CAST(TRY_CAST(${text} AS TIMESTAMPTZ) AS TIMESTAMP)`;
}

/** `account-id:log-group`, or the log group alone when the account is unknown. */
export function logSql(account: string, logGroup: string): string {
  return `coalesce(${account} || ':', '') || ${quoteString(logGroup)}`;
}

/** A discovered field's value from the JSON text of a whole event. */
export function pathField(json: string, path: readonly string[]): InsightsField {
  return jsonLeafField(`json_extract(${json}, ${quoteString(jsonPointer(path))})`);
}

/** How a top-level key is read: see the top of this file. */
export type KeyType = 'JSON' | 'VARCHAR';

export interface NarrowPlan {
  /** Top-level keys to read, exactly as the events spell them. */
  keys: string[];
  type(key: string): KeyType;
  /** A key's scalar value as text, from the column it is read into (keyColumn of its index). */
  text(key: string): string;
  /** Builds the narrowed fields once the caller knows the column each key is read into. */
  fields(column: (key: string) => string): Record<string, InsightsField>;
  /** Whether a system field is asked for. */
  wants(system: string): boolean;
}

/**
 * Which top-level keys a query reaches, or undefined when only the whole event will do: the query
 * asks for `@message`, for a name starting with `@` that is not a system field (`@@key`), or for
 * keys that differ only in case (DuckDB's columns are case-insensitive; JSON keys are not).
 */
export function planNarrow(refs: readonly InsightsFieldRef[], systemKeys: readonly string[], scalarKeys: ReadonlySet<string> = new Set()): NarrowPlan | undefined {
  const asked = new Set<string>();
  const paths = new Map<string, readonly string[]>();
  for (const ref of refs) {
    if (SYSTEM_FIELDS.has(ref.name)) {
      if (ref.name === '@message') return undefined;
      asked.add(ref.name);
      continue;
    }
    if (ref.name.startsWith('@') || ref.path.length === 0) return undefined;
    paths.set(ref.name, ref.path);
  }
  const keys = [...new Set([...systemKeys, ...[...paths.values()].map((path) => path[0]!)])];
  const lower = new Set(keys.map((k) => k.toLowerCase()));
  if (lower.size !== keys.length) return undefined;
  // A documented scalar key is read as text unless the query looks inside it (`key.x`).
  const inside = new Set([...paths.values()].filter((path) => path.length > 1).map((path) => path[0]!));
  const type = (key: string): KeyType => (scalarKeys.has(key) && !inside.has(key) ? 'VARCHAR' : 'JSON');
  return {
    keys,
    type,
    text: (key) => {
      const column = keyColumn(keys.indexOf(key));
      return type(key) === 'VARCHAR' ? column : `(${column} ->> '$')`;
    },
    wants: (system) => asked.has(system),
    fields: (column) => {
      const fields: Record<string, InsightsField> = {};
      for (const [name, path] of paths) {
        const key = path[0]!;
        if (path.length === 1 && type(key) === 'VARCHAR') {
          fields[name] = { sql: column(key), type: 'string' };
          continue;
        }
        const json = path.length === 1 ? column(key) : `json_extract(${column(key)}, ${quoteString(jsonPointer(path.slice(1)))})`;
        fields[name] = jsonLeafField(json);
      }
      return fields;
    },
  };
}

/** A column name for the n-th key read, which no JSON key can collide with. */
export function keyColumn(index: number): string {
  return quoteIdentifier(`awsfx_k${index}`);
}

/** The reading a narrowed relation returns: its SQL and fields; no JSON column, as no raw text is kept. */
export function narrowed(sql: string, fields: Record<string, InsightsField>): InsightsReading {
  return { sql, fields };
}
