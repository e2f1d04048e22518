import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { jsonLeafSql, jsonPointer, type InsightsReading, type InsightsRelation } from '../../../../src/core/cwli/relation';
import { quoteIdentifier, quoteString } from '../../../../src/core/sql';

const SYSTEM = new Set(['@timestamp', '@message', '@logStream', '@log', '@ingestionTime']);

export type Row = Record<string, unknown>;

/**
 * Reads a relation the way the Insights compiler does (system columns, then the relation's fields,
 * then JSON discovery through its jsonColumn), on a DuckDB of its own: what a source promises, checked
 * without the compiler.
 */
export class RelationReader {
  private connection: Promise<DuckDBConnection> | undefined;

  async rows(relation: InsightsRelation, names: readonly string[], options: { narrow?: boolean; where?: string; orderBy?: string } = {}): Promise<Row[]> {
    const refs = names.map((name) => ({ name, path: SYSTEM.has(name) ? [name] : name.split('.') }));
    const reading: InsightsReading = options.narrow ? relation.narrow!(refs) : relation;
    const columns = refs.map((ref, i) => `${valueSql(reading, ref.name, ref.path)} AS ${quoteIdentifier(`v${i}`)}`);
    const sql = `SELECT ${columns.join(', ')} FROM (${reading.sql}) AS r${options.where ? ` WHERE ${options.where}` : ''} ORDER BY ${options.orderBy ?? 'ALL'}`;
    const result = await (await this.connect()).runAndReadAll(sql);
    return result.getRowsJS().map((row) => Object.fromEntries(names.map((name, i) => [name, plain(row[i])])));
  }

  close(): void {
    void this.connection?.then((c) => c.closeSync());
  }

  private connect(): Promise<DuckDBConnection> {
    this.connection ??= DuckDBInstance.create(':memory:').then(async (db) => {
      const connection = await db.connect();
      await connection.run(`SET TimeZone = 'UTC'`);
      return connection;
    });
    return this.connection;
  }
}

function valueSql(reading: InsightsReading, name: string, path: readonly string[]): string {
  if (SYSTEM.has(name)) return quoteIdentifier(name);
  const field = Object.prototype.hasOwnProperty.call(reading.fields, name) ? reading.fields[name] : undefined;
  if (field) return field.sql;
  if (!reading.jsonColumn) return 'NULL';
  return jsonLeafSql(`TRY(json_extract(${quoteIdentifier(reading.jsonColumn)}, ${quoteString(jsonPointer(path))}))`);
}

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  return value;
}
