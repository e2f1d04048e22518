/**
 * A cell may read the evidence tables and nothing else. DuckDB can read any file from inside a SELECT
 * (`read_text('~/.aws/credentials')`, `FROM '/some/file.csv'`), so before a statement runs, its syntax
 * tree, as DuckDB's own parser builds it (json_serialize_sql), is checked: table functions must be on
 * a short list, and tables must be plain names. A shared notebook cannot make the engine read files
 * outside the evidence folder, or run SQL hidden in a string.
 *
 * (DuckDB's enable_external_access = false does the same at file level, but checks every file the
 * evidence tables open, which cost about 10 % of a query over 3,000 files; see docs/local-engine.md.)
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { AwsfxError } from '../../core/errors';
import { quoteString } from '../../core/sql';

/** Table functions a query may use: none of them reads files or runs SQL. */
const TABLE_FUNCTIONS = new Set(['unnest', 'range', 'generate_series', 'json_each', 'json_tree']);
/** Schemas a table name may carry: the database's own, and the catalog views. */
const SCHEMAS = new Set(['', 'main', 'temp', 'information_schema', 'pg_catalog']);
const PLAIN_NAME = /^[\p{L}_][\p{L}\p{N}_$]*$/u;

export interface Refusal {
  message: string;
  /** Byte offset in the statement, when DuckDB gives one. */
  position?: number;
}

/** Returns why the statement may not run, or undefined when it only reads what it may. */
export async function checkReads(connection: DuckDBConnection, sql: string): Promise<Refusal | undefined> {
  const explain = /^\s*explain(\s+analyze)?\s/i.exec(sql);
  const body = explain ? sql.slice(explain[0].length) : sql;
  const reader = await connection.runAndReadAll(`SELECT json_serialize_sql(${quoteString(body)})`);
  const tree = JSON.parse(String(reader.getRows()[0]![0])) as { error: boolean; error_type?: string; error_message?: string; statements?: unknown[] };
  if (tree.error) {
    // A syntax error is reported by DuckDB when the statement runs; anything else is refused.
    if (tree.error_type === 'parser') return undefined;
    return { message: `The local engine runs only queries (${tree.error_message ?? 'the statement could not be read'}).` };
  }
  // The translation split the script already; DuckDB's own parser confirms the text is one statement.
  if ((tree.statements ?? []).length !== 1) return { message: 'The local engine runs one statement at a time; separate statements with semicolons.' };
  return findRefusal(tree.statements);
}

function findRefusal(node: unknown): Refusal | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const refusal = findRefusal(item);
      if (refusal) return refusal;
    }
    return undefined;
  }
  if (node === null || typeof node !== 'object') return undefined;
  const record = node as Record<string, unknown>;
  const position = typeof record.query_location === 'number' && record.query_location < 2 ** 53 ? { position: record.query_location } : {};
  if (record.type === 'TABLE_FUNCTION') {
    const name = String((record.function as Record<string, unknown> | undefined)?.function_name ?? '').toLowerCase();
    if (!TABLE_FUNCTIONS.has(name)) {
      return { message: `${name}() is not available in local queries: they read the evidence tables (SHOW TABLES lists them) and nothing else.`, ...position };
    }
  }
  if (record.type === 'BASE_TABLE') {
    const table = String(record.table_name ?? '');
    const schema = String(record.schema_name ?? '').toLowerCase();
    const catalog = String(record.catalog_name ?? '').toLowerCase();
    if (!PLAIN_NAME.test(table) || !SCHEMAS.has(schema) || !['', 'memory', 'temp', 'system'].includes(catalog)) {
      const shown = [catalog, schema, table].filter(Boolean).join('.');
      return { message: `The local engine has no table ${shown}: local queries read the evidence tables made from the evidence folder (cloudtrail_logs, vpc_flow_logs, r53_rlogs, gd_logs, …; SHOW TABLES lists them).`, ...position };
    }
  }
  for (const value of Object.values(record)) {
    const refusal = findRefusal(value);
    if (refusal) return refusal;
  }
  return undefined;
}

/** The refusal as the error a person sees. */
export function refusalError(refusal: Refusal, range?: AwsfxError['range']): AwsfxError {
  return new AwsfxError('query.unsupported', refusal.message, range ? { range } : {});
}
