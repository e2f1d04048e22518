/**
 * One DuckDB database per evidence folder, with Athena's session behaviour, no extension installs or
 * loads (no network), and its configuration locked. What a cell may read is checked per statement
 * (queryGuard.ts).
 *
 * The CloudTrail tables are not loaded: each statement gets them as definitions over the evidence
 * files that read only what it uses (see docs/local-engine.md for why, and what was measured).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResultWarning } from '../../common/resultSet';
import { AwsfxError, CancelledError } from '../../core/errors';
import { quoteIdentifier, quoteString, withLeadingCtes, type TranslatedSql } from '../../core/sql';
import { CLOUDTRAIL_ALIASES, CLOUDTRAIL_TABLE, cloudTrailSelect, hasGlobCharacters, readJsonCall, type Needs } from './cloudTrailView';
import { parseEngineError } from './engineErrors';
import { EvidenceCatalog, type EvidenceFile, type EvidenceInventory } from './evidenceDiscovery';
import { macroStatementsFor } from './trinoMacros';

export interface PreparedEvidence {
  /** Files the CloudTrail tables read. */
  files: EvidenceFile[];
  warnings: ResultWarning[];
  bytes: number;
  /** Folders that can be read as `folder/*` (see EvidenceInventory). */
  plainFolders: ReadonlyMap<string, number>;
}

/** What is remembered about a file until its size or modification time changes. */
interface FileNote {
  size: number;
  mtimeMs: number;
  /** Why it cannot be read; absent when it reads fine as a document but not by lines. */
  message?: string;
}

export class EvidenceEngine {
  private readonly catalog: EvidenceCatalog;
  private instance: DuckDBInstance | undefined;
  private starting: Promise<DuckDBInstance> | undefined;
  /** Where DuckDB may spill large intermediate results; chosen when the database starts. */
  private spillDir: string | undefined;
  private readonly notes = new Map<string, FileNote>();
  /** Tables a cell declared with CREATE EXTERNAL TABLE over CloudTrail, kept like Athena's catalog keeps them. */
  private readonly declared = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private current: PreparedEvidence | undefined;

  constructor(
    readonly folder: string,
    private readonly threads: number | undefined,
  ) {
    this.catalog = new EvidenceCatalog(folder);
  }

  /** Every name the CloudTrail data answers to. */
  tableNames(): string[] {
    return [CLOUDTRAIL_TABLE, ...CLOUDTRAIL_ALIASES, ...this.declared];
  }

  /** Discovers the evidence and settles which files the tables read. Serialised per folder. */
  prepare(): Promise<PreparedEvidence> {
    const next = this.queue.then(() => this.refresh());
    this.queue = next.catch(() => undefined);
    return next;
  }

  async connect(): Promise<DuckDBConnection> {
    const connection = await (await this.database()).connect();
    // Progress reporting is per session and allowed past the configuration lock (see database()).
    await connection.run('SET enable_progress_bar = true');
    await connection.run('SET enable_progress_bar_print = false');
    return connection;
  }

  /**
   * Deals with a file DuckDB failed to read. A file read by lines is tried alone as a document: if
   * that works it is read so from now on; otherwise, and for any other file, it is set aside and
   * reported (until it changes).
   */
  async setAside(file: EvidenceFile, engineMessage: string, signal: AbortSignal | undefined): Promise<void> {
    let message = engineMessage;
    if (file.lines) {
      const failure = await this.readAlone({ ...file, lines: false }, signal);
      if (failure === undefined) {
        this.notes.set(file.path, { size: file.size, mtimeMs: file.mtimeMs });
        return;
      }
      message = failure;
    }
    this.notes.set(file.path, { size: file.size, mtimeMs: file.mtimeMs, message: unreadableMessage(message.replace(`"${file.path}"`, `"${file.relative}"`)) });
  }

  /**
   * Reads each file of the tables on its own to find the ones DuckDB cannot read, after a query failed
   * with a read error that named no file. Returns how many it dealt with.
   */
  async findUnreadable(signal: AbortSignal | undefined): Promise<number> {
    let found = 0;
    for (const file of this.current?.files ?? []) {
      const failure = await this.readAlone(file, signal);
      if (failure === undefined) continue;
      await this.setAside(file, failure, signal);
      found += 1;
    }
    return found;
  }

  /** DuckDB's message when the file cannot be read on its own as `file` says, else undefined. */
  private async readAlone(file: EvidenceFile, signal: AbortSignal | undefined): Promise<string | undefined> {
    if (signal?.aborted) throw new CancelledError();
    const connection = await (await this.database()).connect();
    const interrupt = (): void => connection.interrupt();
    signal?.addEventListener('abort', interrupt, { once: true });
    try {
      await connection.run(`SELECT count(*) FROM ${readJsonCall([file.path], file)}`);
      return undefined;
    } catch (error) {
      if (signal?.aborted) throw new CancelledError();
      return parseEngineError(error).message;
    } finally {
      signal?.removeEventListener('abort', interrupt);
      connection.closeSync();
    }
  }

  declareTable(name: string): void {
    if (!this.tableNames().includes(name)) this.declared.add(name);
  }

  /**
   * Readies a connection for one statement and returns the SQL to run. The CloudTrail table names
   * the statement mentions become CTEs in front of a query, or temporary views (private to the
   * connection) for other statements; either reads only the columns and fields `needs` names. The
   * Trino macros the statement calls are defined on the connection too.
   */
  async bindStatement(connection: DuckDBConnection, translated: TranslatedSql, tables: readonly string[], needs: Needs): Promise<TranslatedSql> {
    const current = this.current;
    if (!current) throw new Error('bindStatement before prepare');
    const select = tables.length > 0 ? cloudTrailSelect(current.files, needs, current.plainFolders) : '';
    const withTables = needs ? withLeadingCtes(translated, tables.map((name) => ({ name, sql: select }))) : undefined;
    if (!withTables) {
      for (const table of tables) await connection.run(`CREATE OR REPLACE TEMP VIEW ${quoteIdentifier(table)} AS\n${select}`);
    }
    for (const statement of macroStatementsFor(translated.sql)) await connection.run(statement);
    return withTables ?? translated;
  }

  get prepared(): PreparedEvidence | undefined {
    return this.current;
  }

  async dispose(): Promise<void> {
    await this.queue;
    const instance = this.instance ?? (this.starting ? await this.starting.catch(() => undefined) : undefined);
    instance?.closeSync();
    this.instance = undefined;
    if (this.spillDir) rmSync(this.spillDir, { recursive: true, force: true });
  }

  private async refresh(): Promise<PreparedEvidence> {
    // DuckDB starts on the thread pool while discovery runs on this thread.
    this.database().catch(() => undefined);
    const inventory = await this.catalog.discover();
    const { files, warnings } = this.usable(inventory);
    if (files.length === 0) {
      throw new AwsfxError('evidence.empty', `No readable CloudTrail file is left in ${this.folder}. ${warnings.map((w) => w.message).join(' ')}`, { subject: this.folder });
    }
    this.current = { files, warnings, bytes: files.reduce((sum, f) => sum + f.size, 0), plainFolders: inventory.plainFolders };
    return this.current;
  }

  /**
   * Leaves out files known to be unreadable (until they change) and files DuckDB would read as a
   * pattern, and reads as documents the files that failed to read by lines.
   */
  private usable(inventory: EvidenceInventory): { files: EvidenceFile[]; warnings: ResultWarning[] } {
    const warnings = [...inventory.warnings];
    const files: EvidenceFile[] = [];
    for (const file of inventory.files) {
      const note = this.notes.get(file.path);
      const current = note && note.size === file.size && note.mtimeMs === file.mtimeMs ? note : undefined;
      if (note && !current) this.notes.delete(file.path);
      if (current?.message) {
        warnings.push({ code: 'evidence.unreadable', message: `Skipped ${file.relative}: ${current.message}`, subject: file.path });
      } else if (hasGlobCharacters(file.path)) {
        warnings.push({ code: 'evidence.skipped', message: `Skipped ${file.relative}: its path contains one of * ? [ ] { }, which the engine would read as a file pattern; rename it to include it.`, subject: file.path });
      } else {
        files.push(current ? { ...file, lines: false } : file);
      }
    }
    return { files, warnings };
  }

  private database(): Promise<DuckDBInstance> {
    if (this.instance) return Promise.resolve(this.instance);
    this.starting ??= this.start().then((instance) => (this.instance = instance));
    return this.starting;
  }

  private async start(): Promise<DuckDBInstance> {
    // Not created here: DuckDB makes the folder only if a query spills, so usually nothing is left behind.
    this.spillDir ??= join(tmpdir(), `awsfx-duckdb-${process.pid}-${randomUUID()}`);
    const instance = await DuckDBInstance.create(':memory:', this.threads ? { threads: String(this.threads) } : {});
    try {
      const setup = await instance.connect();
      try {
        for (const statement of this.setupStatements(this.spillDir)) await setup.run(statement);
      } finally {
        setup.closeSync();
      }
    } catch (error) {
      instance.closeSync();
      throw error;
    }
    return instance;
  }

  private setupStatements(spillDir: string): string[] {
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
}

/** How a read failure is told in a warning: DuckDB's own words, which name the byte and the record. */
export function unreadableMessage(engineMessage: string): string {
  const first = engineMessage.split('\n')[0]!.trim();
  return `the engine could not read it (${first.replace(/\.$/, '')}).`;
}
