/**
 * Logs Insights relations over JSON evidence. CloudWatch keeps each event's raw JSON as `@message`
 * and discovers its fields by flattening it; a relation does the same through `jsonColumn`.
 *
 * Reading every event's raw text costs: on 500,000 CloudTrail events, extracting three fields from
 * the text took 1.55× as long as reading those three keys with read_json. So a JSON relation also
 * offers `narrow()`: when a query does not ask for `@message`, only the top-level keys it reaches are
 * read (as JSON, which never fails on an unexpected type, and measured within 3 % of typed structs),
 * and each field is taken from its key by the same leaf rule the full relation follows.
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

export interface NarrowPlan {
  /** Top-level keys to read, each as JSON, exactly as the events spell them. */
  keys: string[];
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
export function planNarrow(refs: readonly InsightsFieldRef[], systemKeys: readonly string[]): NarrowPlan | undefined {
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
  return {
    keys,
    wants: (system) => asked.has(system),
    fields: (column) => {
      const fields: Record<string, InsightsField> = {};
      for (const [name, path] of paths) {
        const json = path.length === 1 ? column(path[0]!) : `json_extract(${column(path[0]!)}, ${quoteString(jsonPointer(path.slice(1)))})`;
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
