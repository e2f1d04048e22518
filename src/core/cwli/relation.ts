/**
 * The contract between the local evidence sources (src/backends/local/sources) and the Logs Insights
 * compiler (src/core/cwli/compile): one relation per evidence source standing in for a log group.
 *
 * Every relation's SQL yields one row per log event with at least these columns, in UTC:
 *   "@timestamp"     TIMESTAMP   the event time (what bin() and the time window use)
 *   "@message"       VARCHAR     the raw event text, exactly as CloudWatch would hold it
 *   "@logStream"     VARCHAR     the stream (file, ENI, resolver endpoint…) the event came from
 *   "@log"           VARCHAR     `account-id:log-group-name`
 *   "@ingestionTime" TIMESTAMP   when known, else NULL
 */
export type InsightsFieldType = 'string' | 'number' | 'timestamp' | 'boolean' | 'json';

export interface InsightsField {
  /** A SQL expression over the relation's columns. */
  sql: string;
  type: InsightsFieldType;
  /**
   * For a discovered JSON leaf (`sql` is jsonLeafSql(json)): the JSON value itself, of DuckDB type
   * JSON. Lets the compiler test `field = 'text'` on the value's compact JSON text, sparing the
   * object test and the unquoting on every row (compile/comparisons.ts, jsonEqualityText).
   */
  json?: string;
}

/** A field a query reads: its name as written, and that name's path (`a.b.0` → ['a', 'b', '0']). */
export interface InsightsFieldRef {
  name: string;
  path: readonly string[];
}

/** The parts of a relation that say how to read it. */
export interface InsightsReading {
  sql: string;
  fields: Record<string, InsightsField>;
  jsonColumn?: string;
}

export interface InsightsRelation extends InsightsReading {
  /** The log group name this source answers to (`--log-group`, a cell's `target.logGroups`). */
  logGroup: string;
  /** The evidence type, e.g. `cloudtrail`, `vpcflow`, `route53resolver`. */
  evidenceType: string;
  /** A SELECT (or table name) producing the system columns plus whatever `fields` refer to. */
  sql: string;
  /** Fields CloudWatch Logs would discover for this type, by their Insights names. */
  fields: Record<string, InsightsField>;
  /**
   * When set, a field not in `fields` is looked up as a flattened JSON path into this column, as
   * CloudWatch's JSON discovery does (`a.b.0.c` → `$.a.b[0].c`; see jsonPointer).
   */
  jsonColumn?: string;
  /**
   * Optional, for speed only: the same events, reading just what one query uses. Called with every
   * field the query reads from the source (system fields included) once they are all known; what it
   * returns replaces `sql`, `fields` and `jsonColumn` for that query. Every name it was given is
   * either in the returned `fields` or reachable through the returned `jsonColumn`, with the values
   * the full relation would give; a name that is neither is absent from every event, as it would be
   * in the full relation. (JSON sources keep each event's raw text only when `@message` is asked
   * for: reading just a few keys is up to 1.5× faster on CloudTrail.)
   */
  narrow?(fields: readonly InsightsFieldRef[]): InsightsReading;
}

/**
 * RFC 6901 pointer for a flattened name's path: `items.0.id` reaches `/items/0/id`, which DuckDB
 * resolves as an array index or an object key "0", whichever the value is (CloudWatch flattens both
 * the same way).
 */
export function jsonPointer(path: readonly string[]): string {
  return path.map((segment) => `/${segment.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * A discovered field is a leaf: a path ending on an object or an array is no field. `json` is a SQL
 * expression of DuckDB type JSON (as json_extract and read_json give it: compact, so its text starts
 * with `{` or `[` exactly when it is an object or an array); the result is its scalar value as text.
 * Testing the first character rather than calling json_type spares a parse per value.
 */
export function jsonLeafSql(json: string): string {
  return `(CASE WHEN left(CAST(${json} AS VARCHAR), 1) IN ('{', '[') THEN NULL ELSE ${json} ->> '$' END)`;
}

/** A discovered field: the leaf of `json` (an expression of DuckDB type JSON), as text. */
export function jsonLeafField(json: string): InsightsField {
  return { sql: jsonLeafSql(json), type: 'string', json };
}
