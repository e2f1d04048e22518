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
}

export interface InsightsRelation {
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
   * CloudWatch's JSON discovery does (`a.b.0.c` → `$.a.b[0].c`).
   */
  jsonColumn?: string;
}
