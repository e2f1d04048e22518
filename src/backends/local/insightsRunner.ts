/**
 * Runs a Logs Insights cell on local evidence: parse and check, choose the evidence sources standing in
 * for the cell's log groups, compile to one DuckDB statement (src/core/cwli/compile), run it with the
 * row cap and cancellation, and set aside evidence files DuckDB cannot read (reported by name while the
 * rest still answers).
 */
import { version as duckdbVersion, type DuckDBConnection } from '@duckdb/node-api';
import type { CellValue, ResultColumn, ResultSet, ResultWarning } from '../../common/resultSet';
import { parseInsightsQuery } from '../../core/cwli';
import { compileParsedInsights, selectRelations, type CompiledQuery } from '../../core/cwli/compile';
import type { InsightsRelation } from '../../core/cwli/relation';
import { AwsfxError, CancelledError, throwIfAborted } from '../../core/errors';
import { describeTarget, type QueryRequest } from '../../core/query';
import type { QueryOptions, QueryResult } from '../queryBackend';
import { isInterrupt, parseEngineError, type EngineFailure } from './engineErrors';
import type { EvidenceEngine } from './evidenceEngine';
import { scopeOfLogGroups, type EvidenceScope } from './evidenceScope';
import { runStatement, type StatementResult } from './statementRunner';

/** What the runner needs from an evidence folder; the local backend adapts its engine (engineEvidence). */
export interface InsightsEvidence {
  /**
   * Discovers the evidence (again) and lists its sources, one relation per log group: those that
   * may answer to `logGroups`, or all of them when undefined.
   */
  prepare(signal: AbortSignal | undefined, logGroups: readonly string[] | undefined): Promise<PreparedInsights>;
  connect(): Promise<DuckDBConnection>;
  /** After a read failure: sets aside the file(s) DuckDB cannot read; true when it did (then run again). */
  recover(failure: EngineFailure, signal: AbortSignal | undefined): Promise<boolean>;
  /**
   * After an answer: true when a file it read turned out to be cut short (a truncated gzip reads as a
   * short last line, not an error); that file is then set aside and the query runs again.
   */
  settle(): Promise<boolean>;
  /** Work to do while DuckDB runs the query (see EvidenceEngine.whileRunning). */
  whileRunning(): void;
}

export interface PreparedInsights {
  relations: readonly InsightsRelation[];
  /** Files skipped or set aside, by name. */
  warnings: ResultWarning[];
  statistics: Record<string, number>;
}

export async function runInsightsQuery(evidence: InsightsEvidence, request: QueryRequest, rowCap: number, options: QueryOptions): Promise<QueryResult> {
  const startedAt = new Date().toISOString();
  const { signal } = options;
  const logGroups = request.target.kind === 'evidence' ? request.target.logGroups : undefined;
  const nowMs = Date.now();
  const parsed = parseInsightsQuery(request.query);
  const { ast } = parsed;
  // A SOURCE command chooses log groups by prefix, which only the full list can answer.
  const wanted = ast.commands.some((c) => c.kind === 'source') ? undefined : logGroups;
  const compile = (all: readonly InsightsRelation[]): { compiled: CompiledQuery; notes: ResultWarning[]; sources: number } => {
    const selection = selectRelations(ast, all, logGroups);
    const notes: ResultWarning[] = selection.unknown.map((name) => ({ code: 'query.logGroup', message: `No evidence source answers to the log group ${name}; the others were queried.`, subject: name }));
    // Syntax and service-only features are reported before the choice of sources.
    const check = () => compileParsedInsights(parsed, { relations: selection.relations.length > 0 ? selection.relations : all, nowMs, ...(request.timeWindow ? { timeWindow: request.timeWindow } : {}) });
    const compiled = check();
    return { compiled, notes, sources: selection.relations.length };
  };

  for (let round = 0; ; round++) {
    throwIfAborted(signal);
    const prepared = await evidence.prepare(signal, wanted);
    throwIfAborted(signal);
    // When nothing answers, the error (after any syntax error) lists every log group the folder holds.
    const everything = async () => (wanted ? (await evidence.prepare(signal, undefined)).relations : prepared.relations);
    const relations = prepared.relations.length > 0 ? prepared.relations : await everything();
    const { compiled, notes, sources } = compile(relations);
    if (sources === 0) throw noSources(relations === prepared.relations ? await everything() : relations, logGroups);
    const connection = await evidence.connect();
    try {
      const statement = await runStatement(connection, compiled.sql, { rowCap, whileRunning: () => evidence.whileRunning(), ...(signal ? { signal } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
      if (round < MAX_RECOVERIES && (await evidence.settle())) continue;
      const result = resultSet(statement, compiled, rowCap);
      const warnings = [...prepared.warnings, ...notes, ...compiled.warnings.map((message) => ({ code: 'query.local', message })), ...capWarning(compiled, statement)];
      return {
        result,
        warnings,
        facts: {
          engine: 'duckdb',
          engineVersion: duckdbVersion(),
          target: describeTarget(request.target),
          executedQuery: compiled.sql,
          startedAt,
          endedAt: new Date().toISOString(),
          statistics: { ...prepared.statistics, logGroups: sources, rows: result.totalRows },
        },
      };
    } catch (error) {
      if (error instanceof AwsfxError) throw error;
      const failure = parseEngineError(error);
      if (isInterrupt(failure) || signal?.aborted) throw new CancelledError();
      // Each round sets aside at least one file, so the rounds are bounded (the cap is a safety net).
      if (round < MAX_RECOVERIES && (await evidence.recover(failure, signal))) continue;
      throw new AwsfxError('query.engine', `${failure.type} Error: ${failure.message}`, { cause: error });
    } finally {
      connection.closeSync();
    }
  }
}

const MAX_RECOVERIES = 10_000;

function noSources(all: readonly InsightsRelation[], logGroups: readonly string[] | undefined): AwsfxError {
  const available = [...new Set(all.map((r) => r.logGroup))].join(', ') || 'none';
  const asked = logGroups && logGroups.length > 0 ? `the log groups ${logGroups.join(', ')}` : 'this query';
  return new AwsfxError('input.invalid', `No evidence source in this folder answers to ${asked}. Log groups here: ${available}.`);
}

/** The local backend's engine as Insights evidence: its sources' relations and its bad-file handling. */
export function engineEvidence(engine: EvidenceEngine): InsightsEvidence {
  let scope: EvidenceScope;
  const sniffedBefore = engine.sniffedTotal;
  return {
    prepare: async (_signal, logGroups) => {
      scope = scopeOfLogGroups(logGroups);
      const prepared = await engine.prepare(scope);
      const relations = await engine.insightsRelations();
      return {
        relations,
        // Read after listing: listing may have set aside files whose log group is inside them.
        warnings: prepared.warnings,
        statistics: {
          evidenceFiles: prepared.files.length,
          evidenceBytes: prepared.bytes,
          skippedFiles: prepared.warnings.filter((w) => w.subject !== undefined).length,
          sniffedFiles: engine.sniffedTotal - sniffedBefore,
        },
      };
    },
    connect: () => engine.connect(),
    recover: (failure, signal) => engine.recover(failure, scope, signal),
    settle: () => engine.settle(scope),
    whileRunning: () => engine.whileRunning(),
  };
}

function resultSet(statement: StatementResult, compiled: CompiledQuery, rowCap: number): ResultSet {
  const columns: ResultColumn[] = compiled.columns.map((name) => ({ name, kind: 'string', engineType: 'VARCHAR' }));
  const rows: CellValue[][] = statement.rows;
  return { columns, rows, totalRows: statement.totalRows, rowCap, truncated: statement.totalRows > rows.length };
}

/** Logs Insights returns at most 10,000 rows; say so when a result stopped there rather than ended. */
function capWarning(compiled: CompiledQuery, statement: StatementResult): ResultWarning[] {
  const limitedByQuery = compiled.queryLimit !== undefined && compiled.queryLimit <= compiled.rowLimit;
  if (limitedByQuery || statement.totalRows < compiled.rowLimit) return [];
  return [{ code: 'query.rowLimit', message: `The result stopped at ${compiled.rowLimit.toLocaleString('en-US')} rows, the most Logs Insights returns; there may be more. Narrow the time window, filter, or aggregate with stats.` }];
}
