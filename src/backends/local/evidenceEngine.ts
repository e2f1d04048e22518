/**
 * One DuckDB database per evidence folder, with Athena's session behaviour, no extension installs or
 * loads (no network), and its configuration locked. What a cell may read is checked per statement
 * (queryGuard.ts).
 *
 * The evidence tables are not loaded: each statement gets them as definitions over the evidence
 * files that read only what it uses, and each Logs Insights query gets relations over the same files
 * (see docs/local-engine.md for why, and what was measured; docs/evidence-types.md for the types).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResultWarning } from '../../common/resultSet';
import type { InsightsRelation } from '../../core/cwli/relation';
import { AwsfxError } from '../../core/errors';
import { quoteIdentifier, quoteString, withLeadingCtes, type TranslatedSql } from '../../core/sql';
import { parseEngineError, type EngineFailure } from './engineErrors';
import { EvidenceCatalog, type EvidenceFile, type UnverifiedFile } from './evidenceDiscovery';
import { EvidenceMemory } from './evidenceMemory';
import { EvidenceRecovery } from './evidenceRecovery';
import type { EvidenceScope } from './evidenceScope';
import { CHECKED_TYPES, GzipChecks } from './gzipCheck';
import { emptyTableSql, type EvidenceType, type Needs } from './sources/evidenceSource';
import { EVIDENCE_SOURCES, evidenceTableNames, sourceOf, sourceOfTable } from './sources/sourceRegistry';
import { macroStatementsFor } from './trinoMacros';

export interface PreparedEvidence {
  /** Files the evidence tables and relations read, of every type. */
  files: EvidenceFile[];
  /** The same files by type. */
  byType: ReadonlyMap<EvidenceType, EvidenceFile[]>;
  warnings: ResultWarning[];
  bytes: number;
  /** Folders that can be read as `folder/*` (see EvidenceInventory). */
  plainFolders: ReadonlyMap<string, number>;
}

export interface EngineOptions {
  /** DuckDB worker threads; DuckDB's default is the number of cores. */
  threads?: number;
  /** The flow-log format of VPC flow log files that neither start with a header nor have a `.format` file. */
  flowLogFormat?: string;
  /** Where what was learnt about the evidence files is kept between processes (evidenceMemory.ts); nowhere when undefined. */
  cacheDir?: string;
}

export class EvidenceEngine {
  private readonly catalog: EvidenceCatalog;
  private readonly recovery: EvidenceRecovery;
  private readonly memory: EvidenceMemory;
  private readonly gzipChecks: GzipChecks;
  private instance: DuckDBInstance | undefined;
  private starting: Promise<DuckDBInstance> | undefined;
  /** Where DuckDB may spill large intermediate results; chosen when the database starts. */
  private spillDir: string | undefined;
  /** Where files derived from the evidence go (payloads unwrapped from Lambda events). */
  private readonly cacheDir = join(tmpdir(), `awsfx-evidence-${process.pid}-${randomUUID()}`);
  /** Tables a cell declared with CREATE EXTERNAL TABLE over known evidence, kept like Athena's catalog keeps them. */
  private readonly declared = new Map<string, EvidenceType>();
  private queue: Promise<unknown> = Promise.resolve();
  private current: PreparedEvidence | undefined;
  /** Files the last discovery took from memory without a stat, until their check starts (see stale()). */
  private unverified: UnverifiedFile[] = [];
  /** Their check, once started: the paths found changed. */
  private verification: Promise<string[]> | undefined;
  /** Files opened to learn their type since the engine started (the others were remembered, or out of scope). */
  sniffedTotal = 0;

  constructor(
    readonly folder: string,
    private readonly options: EngineOptions = {},
  ) {
    this.memory = EvidenceMemory.open(folder, options.cacheDir);
    this.catalog = new EvidenceCatalog(folder, options.flowLogFormat === undefined ? {} : { flowLogFormat: options.flowLogFormat }, this.memory);
    this.gzipChecks = new GzipChecks(this.memory);
    this.recovery = new EvidenceRecovery(() => this.database());
    // An engine is made to run something: DuckDB starts (~20 ms, on the thread pool) while the
    // query is parsed and the evidence discovered.
    this.database().catch(() => undefined);
  }

  /** Every name an evidence table answers to, whether or not the folder holds that evidence. */
  tableNames(): string[] {
    return [...evidenceTableNames(), ...[...this.declared.keys()].filter((name) => !sourceOfTable(name))];
  }

  /** The tables of the evidence the folder holds (what SHOW TABLES lists), once prepared for every type. */
  presentTables(): string[] {
    const present = this.current?.byType ?? new Map();
    const names = EVIDENCE_SOURCES.filter((s) => present.has(s.type)).flatMap((s) => s.tables);
    for (const [name, type] of this.declared) if (present.has(type) && !names.includes(name)) names.push(name);
    return names.sort();
  }

  /** The evidence type of a table name (a documented one, or one a cell declared). */
  typeOfTable(name: string): EvidenceType | undefined {
    return sourceOfTable(name)?.type ?? this.declared.get(name);
  }

  declareTable(name: string, type: EvidenceType): void {
    if (!sourceOfTable(name)) this.declared.set(name, type);
  }

  /**
   * Discovers the evidence of the types in `scope` (all when undefined, see evidenceScope.ts) and
   * settles which files the tables read. Serialised per folder.
   */
  prepare(scope?: EvidenceScope): Promise<PreparedEvidence> {
    const next = this.queue.then(() => this.refresh(scope));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** prepare(), and again while files it took from memory turn out to have changed: for answers given without a query (listings). */
  async prepareVerified(scope?: EvidenceScope): Promise<PreparedEvidence> {
    let prepared = await this.prepare(scope);
    while (await this.stale()) prepared = await this.prepare(scope);
    return prepared;
  }

  get prepared(): PreparedEvidence | undefined {
    return this.current;
  }

  async connect(): Promise<DuckDBConnection> {
    const connection = await (await this.database()).connect();
    // Progress reporting is per session and allowed past the configuration lock (see database()).
    await connection.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false');
    return connection;
  }

  /**
   * After a statement over the evidence failed: sets aside the files DuckDB could not read (or
   * switches them to their other way of being read). True when it did; then prepare() again and
   * rerun. `types` limits the search to the evidence the statement read.
   */
  async recover(failure: EngineFailure, types: ReadonlySet<EvidenceType> | undefined, signal: AbortSignal | undefined): Promise<boolean> {
    // A file read as the memory knew it may have changed since: then nothing is to blame but the memory.
    if (await this.stale()) return true;
    const files = (this.current?.files ?? []).filter((f) => !types || types.has(f.type));
    return this.recovery.recover(failure, files, signal);
  }

  /**
   * After a statement over the evidence answered: waits for the gzip checks of the files it read
   * (gzipCheck.ts) and sets aside those cut short. True when it did; then prepare() again and rerun,
   * as after recover().
   */
  async settle(types: ReadonlySet<EvidenceType> | undefined): Promise<boolean> {
    if (await this.stale()) return true;
    const files = this.checkedFiles(types);
    const broken = await this.gzipChecks.broken(files);
    this.memory.save();
    for (const { file, problem } of broken) this.recovery.markUnreadable(file, problem);
    return broken.length > 0;
  }

  /**
   * True when a file the last prepare() took from memory (without a stat, to keep it off the query's
   * path) has changed or gone since the memory saw it: the answer may rest on a stale sniff, so
   * prepare() again (the memory has forgotten those files) and rerun. The question is answered once
   * per prepare().
   */
  private async stale(): Promise<boolean> {
    this.whileRunning();
    const pending = this.verification;
    this.verification = undefined;
    return pending !== undefined && (await pending).length > 0;
  }

  /**
   * Starts checking the files the last discovery took from memory. Called once DuckDB runs the
   * query: the stats (~6 µs of CPU a file) then run on the main thread while it waits, where before
   * the query they delayed DuckDB's start by all of it; they still share the cores with DuckDB's
   * threads (~15–20 ms of a 6,000-file question, docs/local-engine.md). Never rejects: a file that
   * cannot be stat'ed counts as changed.
   */
  whileRunning(): void {
    if (this.verification || this.unverified.length === 0) return;
    this.verification = this.catalog.verify(this.unverified);
    this.unverified = [];
  }

  /** The files of these types (all when undefined) that may need a gzip check. */
  private checkedFiles(types: ReadonlySet<EvidenceType> | undefined): EvidenceFile[] {
    const byType = this.current?.byType;
    if (!byType) return [];
    return [...CHECKED_TYPES].filter((type) => !types || types.has(type)).flatMap((type) => byType.get(type) ?? []);
  }

  /** Sets a file aside as recover() would (kept for callers written before recover()). */
  setAside(file: EvidenceFile, engineMessage: string, signal: AbortSignal | undefined): Promise<void> {
    return this.recovery.setAside(file, engineMessage, signal);
  }

  /** Reads each evidence file alone and sets aside those DuckDB cannot read; returns how many. */
  findUnreadable(signal: AbortSignal | undefined): Promise<number> {
    return this.recovery.findUnreadable(this.current?.files ?? [], signal);
  }

  /**
   * The SQL of each evidence table a statement names, reading only what `needs` says; a table of
   * evidence the folder does not hold is empty, with a note saying so.
   */
  tableDefinitions(tables: readonly string[], needs: Needs): { definitions: Array<{ name: string; sql: string }>; notes: ResultWarning[] } {
    const current = this.current;
    if (!current) throw new Error('tableDefinitions before prepare');
    const notes: ResultWarning[] = [];
    const definitions = tables.map((name) => {
      const source = sourceOf(this.typeOfTable(name)!);
      const files = current.byType.get(source.type) ?? [];
      if (files.length > 0) return { name, sql: source.tableSql(files, needs, current.plainFolders) };
      notes.push({ code: 'evidence.none', message: `The evidence folder holds no ${source.title}: ${name} has no rows.` });
      return { name, sql: emptyTableSql(source) };
    });
    return { definitions, notes };
  }

  /**
   * Readies a connection for one statement and returns the SQL to run. The evidence tables the
   * statement mentions become CTEs in front of a query, or temporary views (private to the
   * connection) for other statements. The Trino macros the statement calls are defined on the
   * connection too.
   */
  async bindStatement(connection: DuckDBConnection, translated: TranslatedSql, tables: readonly string[], needs: Needs): Promise<{ sql: TranslatedSql; notes: ResultWarning[] }> {
    const { definitions, notes } = this.tableDefinitions(tables, needs);
    const withTables = needs ? withLeadingCtes(translated, definitions) : undefined;
    if (!withTables) {
      for (const { name, sql } of definitions) await connection.run(`CREATE OR REPLACE TEMP VIEW ${quoteIdentifier(name)} AS\n${sql}`);
    }
    for (const statement of macroStatementsFor(translated.sql)) await connection.run(statement);
    return { sql: withTables ?? translated, notes };
  }

  /** One Logs Insights relation per log group the evidence stands in for: sources in registry order, each sorted by log group. */
  async insightsRelations(): Promise<InsightsRelation[]> {
    const current = this.current;
    if (!current) throw new Error('insightsRelations before prepare');
    const relations: InsightsRelation[] = [];
    for (const source of EVIDENCE_SOURCES) {
      let files = current.byType.get(source.type) ?? [];
      // Listing reads the files of sources whose log groups are inside them: a broken one is set
      // aside (and reported) as a query would, and the listing goes on without it.
      for (let round = 0; files.length > 0; round++) {
        try {
          relations.push(...(await source.relations(files, current.plainFolders, (sql) => this.query(sql))));
          break;
        } catch (error) {
          if (round > files.length || !(await this.recovery.recover(parseEngineError(error), files, undefined))) throw error;
          const applied = this.recovery.apply(files);
          current.warnings.push(...applied.warnings);
          files = applied.files;
        }
      }
    }
    return relations;
  }

  /** Runs a read-only statement of the engine's own (never a cell's) and returns its rows. */
  async query(sql: string): Promise<unknown[][]> {
    const connection = await (await this.database()).connect();
    try {
      return (await connection.runAndReadAll(sql)).getRowsJS() as unknown[][];
    } finally {
      connection.closeSync();
    }
  }

  async dispose(): Promise<void> {
    await this.queue;
    const instance = this.instance ?? (this.starting ? await this.starting.catch(() => undefined) : undefined);
    instance?.closeSync();
    this.instance = undefined;
    if (this.spillDir) rmSync(this.spillDir, { recursive: true, force: true });
    rmSync(this.cacheDir, { recursive: true, force: true });
  }

  private async refresh(scope: EvidenceScope): Promise<PreparedEvidence> {
    const inventory = await this.catalog.discover(scope, { trustMemory: true });
    this.unverified = inventory.unverified;
    this.verification = undefined;
    const applied = this.recovery.apply(inventory.files);
    const warnings = [...inventory.warnings, ...applied.warnings];
    const ready = await this.ready(applied.files, warnings);
    if (ready.length === 0 && inventory.outOfScope === 0) {
      throw new AwsfxError('evidence.empty', `No readable evidence file is left in ${this.folder}. ${warnings.map((w) => w.message).join(' ')}`, { subject: this.folder });
    }
    const byType = new Map<EvidenceType, EvidenceFile[]>();
    for (const file of ready) {
      const list = byType.get(file.type);
      if (list) list.push(file);
      else byType.set(file.type, [file]);
    }
    this.current = { files: ready, byType, warnings, bytes: ready.reduce((sum, f) => sum + f.size, 0), plainFolders: inventory.plainFolders };
    // Checked while queries run; settle() collects the answers.
    this.gzipChecks.start(this.checkedFiles(undefined));
    this.sniffedTotal += this.catalog.sniffed;
    return this.current;
  }

  /** Runs the sources' own preparation (see EvidenceSource.ready); files that fail it are set aside and reported. */
  private async ready(files: EvidenceFile[], warnings: ResultWarning[]): Promise<EvidenceFile[]> {
    let result = files;
    for (const source of EVIDENCE_SOURCES) {
      if (!source.ready || !result.some((f) => f.type === source.type)) continue;
      const own = result.filter((f) => f.type === source.type);
      const readied = await source.ready(own, { cacheDir: this.cacheDir, query: (sql) => this.query(sql) });
      warnings.push(...readied.warnings);
      for (const { file, error } of readied.failed) {
        await this.recovery.setAside(file, parseEngineError(error).message, undefined);
        warnings.push(...this.recovery.apply([file]).warnings);
      }
      result = [...result.filter((f) => f.type !== source.type), ...readied.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    }
    return result;
  }

  private database(): Promise<DuckDBInstance> {
    if (this.instance) return Promise.resolve(this.instance);
    this.starting ??= this.start().then((instance) => (this.instance = instance));
    return this.starting;
  }

  private async start(): Promise<DuckDBInstance> {
    // Not created here: DuckDB makes the folder only if a query spills, so usually nothing is left behind.
    this.spillDir ??= join(tmpdir(), `awsfx-duckdb-${process.pid}-${randomUUID()}`);
    const threads = this.options.threads;
    const instance = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
    try {
      const setup = await instance.connect();
      try {
        // One call: each is a trip to DuckDB's thread and back, on the way to the first query.
        await setup.run(setupStatements(this.spillDir).join(';\n'));
      } finally {
        setup.closeSync();
      }
    } catch (error) {
      instance.closeSync();
      throw error;
    }
    return instance;
  }
}

function setupStatements(spillDir: string): string[] {
  return [
    // Athena sessions run in UTC; DuckDB would otherwise use the machine's zone for timestamptz.
    `SET GLOBAL TimeZone = 'UTC'`,
    // Trino divides integers as integers (7 / 2 = 3).
    'SET GLOBAL integer_division = true',
    // Trino sorts NULLs last in both directions.
    `SET GLOBAL default_null_order = 'nulls_last'`,
    // Structured errors carry the position of the problem, which is mapped back into the cell.
    'SET GLOBAL errors_as_json = true',
    'SET GLOBAL autoinstall_known_extensions = false',
    'SET GLOBAL autoload_known_extensions = false',
    // Spill where awsfx cleans up, not in a .tmp folder wherever the editor was started.
    `SET GLOBAL temp_directory = ${quoteString(spillDir)}`,
    `SET GLOBAL allowed_configs = ['enable_progress_bar', 'enable_progress_bar_print']`,
    'SET GLOBAL lock_configuration = true',
  ];
}
