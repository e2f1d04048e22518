/**
 * The local backend: Athena SQL over CloudTrail evidence files on disk, run offline by DuckDB.
 * The extension and the CLI load this module lazily (it pulls in the native DuckDB binding).
 */
import { version as duckdbVersion } from '@duckdb/node-api';
import { resolve } from 'node:path';
import { capRows, DEFAULT_ROW_CAP, type ResultSet, type ResultWarning } from '../../common/resultSet';
import { AwsfxError, CancelledError, throwIfAborted } from '../../core/errors';
import { describeTarget, type QueryRequest } from '../../core/query';
import { columnUse, translateScript, type ScriptStep } from '../../core/sql';
import type { ExecutionFacts, QueryBackend, QueryOptions, QueryResult } from '../queryBackend';
import { engineError, isInterrupt, parseEngineError, rangeInScript, type EngineFailure } from './engineErrors';
import { checkReads, refusalError } from './queryGuard';
import { EvidenceEngine } from './evidenceEngine';
import { runStatement, type StatementResult } from './statementRunner';

export interface LocalBackendOptions {
  /** DuckDB worker threads per evidence folder; DuckDB's default is the number of cores. */
  threads?: number;
}


export class LocalBackend implements QueryBackend {
  readonly id = 'local';
  private readonly engines = new Map<string, EvidenceEngine>();

  constructor(private readonly options: LocalBackendOptions = {}) {}

  async run(request: QueryRequest, options: QueryOptions = {}): Promise<QueryResult> {
    const startedAt = new Date().toISOString();
    const { signal } = options;
    if (request.language === 'cwli') {
      throw new AwsfxError(
        'query.unsupported',
        'CloudWatch Logs Insights queries do not run on local evidence yet: the local Logs Insights engine comes with issue #3. Run this cell against CloudWatch Logs, or write it in Athena SQL.',
      );
    }
    if (request.language !== 'athena-sql') throw new AwsfxError('query.unsupported', `The local engine does not run ${String(request.language)} queries.`);
    if (request.target.kind !== 'evidence') {
      throw new AwsfxError('input.invalid', `The local backend runs on evidence folders, not on a ${request.target.kind} target.`);
    }
    const rowCap = request.rowCap ?? DEFAULT_ROW_CAP;
    if (!Number.isInteger(rowCap) || rowCap < 1) throw new AwsfxError('input.invalid', `The row cap must be a whole number of at least 1, not ${rowCap}.`);
    throwIfAborted(signal);

    const engine = this.engineFor(resolve(request.target.folder));
    const steps = translateScript(request.query, { tables: engine.tableNames() });
    await engine.prepare();
    throwIfAborted(signal);

    const notes: ResultWarning[] = [];
    const executed: string[] = [];
    let last: StatementResult | undefined;
    let queries = 0;
    for (const step of steps) {
      throwIfAborted(signal);
      if (!step.translated) {
        this.acceptDdl(engine, step, notes);
        continue;
      }
      last = await this.runWithEvidenceRecovery(engine, step, request.query, rowCap, options);
      executed.push(step.translated.sql);
      queries += 1;
    }
    if (queries > 1) {
      notes.push({ code: 'query.multiple', message: `This cell ran ${queries} queries; the result shown is the last one's.` });
    }

    const evidence = engine.prepared!;
    const result = resultSet(last, rowCap);
    const cellText = steps.filter((s) => s.translated).map((s) => s.statement.text).join(';\n');
    const executedQuery = executed.join(';\n');
    const facts: ExecutionFacts = {
      engine: 'duckdb',
      engineVersion: duckdbVersion(),
      target: describeTarget(request.target),
      ...(executedQuery && executedQuery !== cellText ? { executedQuery } : {}),
      startedAt,
      endedAt: new Date().toISOString(),
      statistics: {
        evidenceFiles: evidence.files.length,
        evidenceBytes: evidence.bytes,
        skippedFiles: evidence.warnings.filter((w) => w.subject !== undefined).length,
        statements: steps.length,
        queries,
        rows: result.totalRows,
      },
    };
    return { result, warnings: [...evidence.warnings, ...notes], facts };
  }

  async dispose(): Promise<void> {
    const engines = [...this.engines.values()];
    this.engines.clear();
    await Promise.all(engines.map((engine) => engine.dispose()));
  }

  private engineFor(folder: string): EvidenceEngine {
    let engine = this.engines.get(folder);
    if (!engine) {
      engine = new EvidenceEngine(folder, this.options.threads);
      this.engines.set(folder, engine);
    }
    return engine;
  }

  private acceptDdl(engine: EvidenceEngine, step: ScriptStep, notes: ResultWarning[]): void {
    const { statement } = step;
    if (statement.declares?.cloudTrail) engine.declareTable(statement.declares.name);
    notes.push({ code: 'query.skipped', message: `${statement.keyword} (line ${statement.range.line}) was not run locally: ${statement.reason}.` });
  }

  /**
   * Runs a statement; when DuckDB cannot read an evidence file (truncated gzip, malformed JSON), sets
   * that file aside with a warning and runs the statement again over the others.
   */
  private async runWithEvidenceRecovery(engine: EvidenceEngine, step: ScriptStep, script: string, rowCap: number, options: QueryOptions): Promise<StatementResult> {
    const translated = step.translated!;
    const use = columnUse(step.statement.tokens);
    // Schema statements (DESCRIBE, SHOW) see every column; queries read only what they use.
    const needs = step.statement.kind === 'query' ? use : undefined;
    const tables = step.statement.keyword === 'SHOW TABLES' ? engine.tableNames() : engine.tableNames().filter((name) => use.names.has(name));
    for (let round = 0; ; round++) {
      const connection = await engine.connect();
      let executable = translated;
      try {
        const refusal = await checkReads(connection, translated.sql);
        if (refusal) throw refusalError(refusal, refusal.position === undefined ? undefined : rangeInScript(translated, refusal.position, script));
        executable = await engine.bindStatement(connection, translated, tables, needs);
        return await runStatement(connection, executable.sql, { rowCap, signal: options.signal, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
      } catch (error) {
        if (error instanceof AwsfxError) throw error;
        const failure = parseEngineError(error);
        if (isInterrupt(failure) || options.signal?.aborted) throw new CancelledError();
        // Each round deals with at least one file, so the rounds are bounded by the number of files.
        if (round <= (engine.prepared?.files.length ?? 0) && (await this.setAsideUnreadable(engine, failure, options.signal))) {
          await engine.prepare();
          continue;
        }
        throw engineError(failure, executable, script, error);
      } finally {
        connection.closeSync();
      }
    }
  }

  private async setAsideUnreadable(engine: EvidenceEngine, failure: EngineFailure, signal: AbortSignal | undefined): Promise<boolean> {
    const files = engine.prepared?.files ?? [];
    // DuckDB names the file for malformed JSON; the longest match wins when one path prefixes another.
    const named = files.filter((f) => failure.message.includes(f.path)).sort((a, b) => b.path.length - a.path.length)[0];
    if (named) {
      await engine.setAside(named, failure.message, signal);
      return true;
    }
    // A broken gzip stream is reported without a file name: find the file by reading each alone.
    // (Malformed JSON in a file always names it; without a name it is the query's own json_parse.)
    if (failure.type === 'IO' || /gzip|decompress/i.test(failure.message)) {
      return (await engine.findUnreadable(signal)) > 0;
    }
    return false;
  }
}

function resultSet(statement: StatementResult | undefined, rowCap: number): ResultSet {
  if (!statement) return capRows([], [], rowCap);
  // capRows shapes the kept rows; the total is what DuckDB produced, counted chunk by chunk.
  const capped = capRows(statement.columns, statement.rows, rowCap);
  return { ...capped, totalRows: statement.totalRows, truncated: statement.totalRows > capped.rows.length };
}
