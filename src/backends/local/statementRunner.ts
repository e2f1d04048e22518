/**
 * Runs one translated statement on a DuckDB connection: refuses anything but a query, converts
 * the rows the cap keeps and only counts the rest, reports progress, and stops DuckDB when the signal
 * aborts.
 */
import { StatementType, type DuckDBConnection } from '@duckdb/node-api';
import type { CellValue, ResultColumn } from '../../common/resultSet';
import { AwsfxError, CancelledError } from '../../core/errors';
import type { QueryProgress } from '../queryBackend';
import { cellValue, columnKind } from './cellValues';

export interface StatementResult {
  columns: ResultColumn[];
  rows: CellValue[][];
  totalRows: number;
}

export interface RunOptions {
  rowCap: number;
  signal?: AbortSignal;
  onProgress?: (progress: QueryProgress) => void;
  /** Called once DuckDB has the statement: work that can overlap the query's (the engine's file checks). */
  whileRunning?: () => void;
}

const PROGRESS_INTERVAL_MS = 250;

export async function runStatement(connection: DuckDBConnection, sql: string, options: RunOptions): Promise<StatementResult> {
  const { signal } = options;
  if (signal?.aborted) throw new CancelledError();
  const interrupt = (): void => connection.interrupt();
  signal?.addEventListener('abort', interrupt, { once: true });
  const timer = options.onProgress ? setInterval(() => reportProgress(connection, options.onProgress!), PROGRESS_INTERVAL_MS) : undefined;
  try {
    // The translation let only single queries through (and queryGuard checked that with DuckDB's parser).
    // Materialised rather than streamed: a streaming result hands each chunk across threads and made
    // typical queries markedly slower; rows past the cap are counted from the chunks, never converted.
    const running = connection.run(sql);
    options.whileRunning?.();
    const result = await running;
    if (result.statementType !== StatementType.SELECT && result.statementType !== StatementType.EXPLAIN) {
      throw new AwsfxError('query.unsupported', 'Only queries run on local evidence.');
    }
    const types = result.columnTypes();
    const columns: ResultColumn[] = result.columnNames().map((name, i) => ({ name, kind: columnKind(types[i]!), engineType: types[i]!.toString() }));
    const rows: CellValue[][] = [];
    let totalRows = 0;
    for (;;) {
      if (signal?.aborted) throw new CancelledError();
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const count = chunk.rowCount;
      const keep = Math.min(count, Math.max(0, options.rowCap - rows.length));
      if (keep > 0) {
        const values = chunk.getColumns();
        for (let r = 0; r < keep; r++) rows.push(values.map((column, c) => cellValue(column[r]!, types[c]!)));
      }
      totalRows += count;
    }
    if (signal?.aborted) throw new CancelledError();
    return { columns, rows, totalRows };
  } catch (error) {
    if (signal?.aborted) throw new CancelledError();
    throw error;
  } finally {
    if (timer) clearInterval(timer);
    signal?.removeEventListener('abort', interrupt);
  }
}

function reportProgress(connection: DuckDBConnection, onProgress: (progress: QueryProgress) => void): void {
  const { percentage } = connection.progress;
  // DuckDB reports -1 until it can estimate.
  if (percentage >= 0) onProgress({ fraction: Math.min(1, percentage / 100) });
}
