/**
 * The local backend: Athena SQL over evidence files on disk (CloudTrail, VPC flow logs, Route 53
 * Resolver, GuardDuty, S3 and ALB access logs, CloudWatch Logs exports, DynamoDB Streams, host logs:
 * docs/evidence-types.md), run offline by DuckDB. The extension and the CLI load this module lazily
 * (it pulls in the native DuckDB binding).
 */
import { version as duckdbVersion } from '@duckdb/node-api';
import { resolve } from 'node:path';
import { capRows, DEFAULT_ROW_CAP, type ResultSet, type ResultWarning } from '../../common/resultSet';
import { AwsfxError, CancelledError, throwIfAborted } from '../../core/errors';
import { describeTarget, type QueryRequest } from '../../core/query';
import { columnUse, translateScript, type ScriptStep } from '../../core/sql';
import type { InsightsRelation } from '../../core/cwli/relation';
import type { ExecutionFacts, QueryBackend, QueryOptions, QueryResult } from '../queryBackend';
import { declaredEvidence } from './declaredTables';
import { engineError, isInterrupt, parseEngineError, rangeInScript } from './engineErrors';
import { checkReads, refusalError } from './queryGuard';
import { EvidenceEngine } from './evidenceEngine';
import type { EvidenceScope } from './evidenceScope';
import { listEvidenceSources, type EvidenceSourceInfo } from './evidenceListing';
import { engineEvidence, runInsightsQuery } from './insightsRunner';
import type { EvidenceType } from './sources/evidenceSource';
import { sourceOf } from './sources/sourceRegistry';
import { runStatement, type StatementResult } from './statementRunner';

export interface LocalBackendOptions {
  /** DuckDB worker threads per evidence folder; DuckDB's default is the number of cores. */
  threads?: number;
  /**
   * The flow-log format (`${version} ${account-id} …`, or the names alone) of VPC flow log files that
   * neither start with a header line nor have a `<name>.format` file beside them.
   */
  flowLogFormat?: string;
  /**
   * A folder where what was learnt about each evidence folder's files (their types, whether their
   * gzip streams are whole) is kept for later processes; nothing is kept when undefined.
   */
  cacheDir?: string;
}

export type { EvidenceSourceInfo } from './evidenceListing';


export class LocalBackend implements QueryBackend {
  readonly id = 'local';
  private readonly engines = new Map<string, EvidenceEngine>();

  constructor(private readonly options: LocalBackendOptions = {}) {}

  async run(request: QueryRequest, options: QueryOptions = {}): Promise<QueryResult> {
    const startedAt = new Date().toISOString();
    const { signal } = options;
    if (request.language !== 'athena-sql' && request.language !== 'cwli') throw new AwsfxError('query.unsupported', `The local engine does not run ${String(request.language)} queries.`);
    if (request.target.kind !== 'evidence') {
      throw new AwsfxError('input.invalid', `The local backend runs on evidence folders, not on a ${request.target.kind} target.`);
    }
    const rowCap = request.rowCap ?? DEFAULT_ROW_CAP;
    if (!Number.isInteger(rowCap) || rowCap < 1) throw new AwsfxError('input.invalid', `The row cap must be a whole number of at least 1, not ${rowCap}.`);
    throwIfAborted(signal);
    if (request.language === 'cwli') {
      return runInsightsQuery(engineEvidence(this.engineFor(resolve(request.target.folder))), request, rowCap, options);
    }

    const engine = this.engineFor(resolve(request.target.folder));
    const steps = translateScript(request.query, { tables: engine.tableNames() });
    const scope = scopeOfSteps(engine, steps);
    const sniffedBefore = engine.sniffedTotal;
    await engine.prepare(scope);
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
      last = await this.runWithEvidenceRecovery(engine, step, scope, request.query, rowCap, options, notes);
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
        sniffedFiles: engine.sniffedTotal - sniffedBefore,
        statements: steps.length,
        queries,
        rows: result.totalRows,
      },
    };
    return { result, warnings: [...evidence.warnings, ...notes], facts };
  }

  /**
   * The evidence in a folder, one entry per log group it stands in for: type, log group, SQL tables,
   * files and the fields the Insights editor can complete. Also the warnings about files left out.
   */
  async listSources(folder: string, options: { signal?: AbortSignal } = {}): Promise<{ sources: EvidenceSourceInfo[]; warnings: ResultWarning[] }> {
    throwIfAborted(options.signal);
    const engine = this.engineFor(resolve(folder));
    const prepared = await engine.prepareVerified();
    throwIfAborted(options.signal);
    return { sources: listEvidenceSources(prepared, await engine.insightsRelations(), engine), warnings: prepared.warnings };
  }

  /**
   * One Logs Insights relation per log group the folder's evidence stands in for (see
   * src/core/cwli/relation.ts and docs/evidence-types.md), sorted as the sources are listed.
   */
  async listInsightsRelations(folder: string, options: { signal?: AbortSignal } = {}): Promise<InsightsRelation[]> {
    throwIfAborted(options.signal);
    const engine = this.engineFor(resolve(folder));
    await engine.prepareVerified();
    throwIfAborted(options.signal);
    return engine.insightsRelations();
  }

  async dispose(): Promise<void> {
    const engines = [...this.engines.values()];
    this.engines.clear();
    await Promise.all(engines.map((engine) => engine.dispose()));
  }

  private engineFor(folder: string): EvidenceEngine {
    let engine = this.engines.get(folder);
    if (!engine) {
      const { threads, flowLogFormat, cacheDir } = this.options;
      engine = new EvidenceEngine(folder, { ...(threads ? { threads } : {}), ...(flowLogFormat ? { flowLogFormat } : {}), ...(cacheDir ? { cacheDir } : {}) });
      this.engines.set(folder, engine);
    }
    return engine;
  }

  private acceptDdl(engine: EvidenceEngine, step: ScriptStep, notes: ResultWarning[]): void {
    const { statement } = step;
    const type = declaredEvidence(statement);
    let reason = statement.reason;
    if (type && statement.declares) {
      engine.declareTable(statement.declares.name, type);
      if (type !== 'cloudtrail') reason = `it declares the ${sourceOf(type).title} table ${statement.declares.name}, which the local engine provides from the evidence folder`;
    }
    notes.push({ code: 'query.skipped', message: `${statement.keyword} (line ${statement.range.line}) was not run locally: ${reason}.` });
  }

  /**
   * Runs a statement; when DuckDB cannot read an evidence file (truncated gzip, malformed JSON), sets
   * that file aside with a warning and runs the statement again over the others.
   */
  private async runWithEvidenceRecovery(engine: EvidenceEngine, step: ScriptStep, scope: EvidenceScope, script: string, rowCap: number, options: QueryOptions, notes: ResultWarning[]): Promise<StatementResult> {
    const translated = step.translated!;
    const use = columnUse(step.statement.tokens);
    // Schema statements (DESCRIBE, SHOW) see every column; queries read only what they use.
    const needs = step.statement.kind === 'query' ? use : undefined;
    const tables = step.statement.keyword === 'SHOW TABLES' ? engine.presentTables() : engine.tableNames().filter((name) => use.names.has(name));
    const types = new Set(tables.map((name) => engine.typeOfTable(name)).filter((type): type is EvidenceType => type !== undefined));
    for (let round = 0; ; round++) {
      const connection = await engine.connect();
      let executable = translated;
      try {
        const refusal = await checkReads(connection, translated.sql);
        if (refusal) throw refusalError(refusal, refusal.position === undefined ? undefined : rangeInScript(translated, refusal.position, script));
        const bound = await engine.bindStatement(connection, translated, tables, needs);
        executable = bound.sql;
        const result = await runStatement(connection, executable.sql, { rowCap, signal: options.signal, whileRunning: () => engine.whileRunning(), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
        // A gzip file cut short reads without an error; its check ran alongside the query.
        if (round <= (engine.prepared?.files.length ?? 0) && (await engine.settle(types))) {
          throwIfAborted(options.signal);
          await engine.prepare(scope);
          continue;
        }
        for (const note of bound.notes) if (!notes.some((n) => n.message === note.message)) notes.push(note);
        return result;
      } catch (error) {
        if (error instanceof AwsfxError) throw error;
        const failure = parseEngineError(error);
        if (isInterrupt(failure) || options.signal?.aborted) throw new CancelledError();
        // Each round deals with at least one file, so the rounds are bounded by the number of files.
        if (round <= (engine.prepared?.files.length ?? 0) && (await engine.recover(failure, types, options.signal))) {
          await engine.prepare(scope);
          continue;
        }
        throw engineError(failure, executable, script, error);
      } finally {
        connection.closeSync();
      }
    }
  }
}

/**
 * The evidence a script reads: the types of the tables it names (and of tables it declares, which
 * its later statements name), or every type when it lists the tables.
 */
function scopeOfSteps(engine: EvidenceEngine, steps: readonly ScriptStep[]): EvidenceScope {
  const types = new Set<EvidenceType>();
  for (const step of steps) {
    if (!step.translated) {
      const declared = step.statement.declares ? declaredEvidence(step.statement) : undefined;
      if (declared) types.add(declared);
      continue;
    }
    if (step.statement.keyword === 'SHOW TABLES') return undefined;
    const use = columnUse(step.statement.tokens);
    for (const name of engine.tableNames()) {
      const type = use.names.has(name) ? engine.typeOfTable(name) : undefined;
      if (type) types.add(type);
    }
  }
  return types;
}

function resultSet(statement: StatementResult | undefined, rowCap: number): ResultSet {
  if (!statement) return capRows([], [], rowCap);
  // capRows shapes the kept rows; the total is what DuckDB produced, counted chunk by chunk.
  const capped = capRows(statement.columns, statement.rows, rowCap);
  return { ...capped, totalRows: statement.totalRows, truncated: statement.totalRows > capped.rows.length };
}
