/**
 * What an evidence folder offers to a query: its Logs Insights sources (log group, type, fields) and
 * the SQL tables the local engine makes of it, with the columns of tables the Athena documentation
 * does not describe. Asked of the local backend only when a completion needs it, never on activation
 * (that would load DuckDB), once per folder and again after a while so that new evidence shows up.
 * Until the answer is there, and wherever the folder cannot be read, the documented names stand in.
 */
import type * as vscode from 'vscode';
import type { QueryBackend } from '../../backends/queryBackend';
import { ATHENA_TABLES, findTable, type SqlColumn } from './athenaTables';
import { discoverFields } from './fieldDiscovery';
import { DOCUMENTED_SOURCES, TABLE_EVIDENCE_TYPES, documentedSource, type InsightsSource } from './insightsFields';

export interface EvidenceSchema {
  /** 'evidence' when read from the folder, 'documented' when the documented names stand in. */
  origin: 'evidence' | 'documented';
  sources: readonly InsightsSource[];
  /** SQL table names the engine exposes for the folder (documented tables when unknown). */
  tables: readonly string[];
  /** Columns of exposed tables that athenaTables.ts does not describe, as the engine reports them. */
  extraColumns: ReadonlyMap<string, readonly SqlColumn[]>;
  /** Why the documented names stand in, for the completion's detail. */
  note?: string;
}

/** One entry of the local backend's `listSources(folder)`: the parts the editor reads. */
interface ListedSource {
  evidenceType: string;
  logGroup: string;
  tables: string[];
  columns: Array<{ name: string; type: string }>;
  fields: string[];
  /** Keys beyond `fields` are discovered from each event's JSON. */
  discoversJson: boolean;
}

interface SourceLister {
  listSources(folder: string, options?: { signal?: AbortSignal }): Promise<{ sources: ListedSource[] }>;
}

export const DOCUMENTED_SCHEMA: EvidenceSchema = {
  origin: 'documented',
  sources: DOCUMENTED_SOURCES,
  tables: ATHENA_TABLES.map((table) => table.name),
  extraColumns: new Map(),
};

/** Events read to learn a JSON source's keys: enough to see the common shapes, cheap to read. */
const SAMPLE_EVENTS = 100;

/** How long a folder's answer is reused before the folder is asked again. */
const FRESH_MS = 60_000;

interface Entry {
  at: number;
  schema: Promise<EvidenceSchema>;
  settled?: EvidenceSchema;
}

export class EvidenceSchemas implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private disposed = false;

  constructor(private readonly backendFor: (folder: string) => Promise<QueryBackend>) {}

  /** The folder's schema; starts reading it when nothing fresh is cached. */
  get(folder: string): Promise<EvidenceSchema> {
    const cached = this.entries.get(folder);
    if (cached && Date.now() - cached.at < FRESH_MS) return cached.schema;
    const schema = this.read(folder);
    // While the folder is read again, the last answer is still the best one to show.
    const entry: Entry = { at: Date.now(), schema, ...(cached?.settled ? { settled: cached.settled } : {}) };
    void schema.then((settled) => (entry.settled = settled));
    this.entries.set(folder, entry);
    return schema;
  }

  /** What is known about the folder now, without waiting (undefined when nothing is yet). */
  known(folder: string): EvidenceSchema | undefined {
    return this.entries.get(folder)?.settled;
  }

  dispose(): void {
    this.disposed = true;
    this.entries.clear();
  }

  /** Never rejects: a folder that cannot be read gets the documented names and the reason. */
  private async read(folder: string): Promise<EvidenceSchema> {
    try {
      const backend = await this.backendFor(folder);
      if (this.disposed) return DOCUMENTED_SCHEMA;
      const read = (await this.listed(backend, folder)) ?? (await this.shown(backend, folder));
      const sources: InsightsSource[] = [];
      for (const source of read.sources) sources.push(source.json ? await this.sampled(backend, folder, source, read.sources.length === 1) : source);
      return { origin: 'evidence', sources, tables: read.tables, extraColumns: read.extraColumns };
    } catch (error) {
      return { ...DOCUMENTED_SCHEMA, note: error instanceof Error ? error.message : String(error) };
    }
  }

  /** From the backend's own listing of the folder's sources, when this version of it has one. */
  private async listed(backend: QueryBackend, folder: string): Promise<Omit<EvidenceSchema, 'origin'> | undefined> {
    const lister = backend as Partial<SourceLister>;
    if (typeof lister.listSources !== 'function') return undefined;
    const { sources: listing } = await lister.listSources(folder);
    const extraColumns = new Map<string, SqlColumn[]>();
    for (const source of listing) {
      for (const table of source.tables) {
        if (!findTable(table)) extraColumns.set(table, source.columns.map((c) => ({ name: c.name, type: c.type.toLowerCase() })));
      }
    }
    const sources = listing.map((source): InsightsSource => {
      const fields = source.fields.filter((name) => !name.startsWith('@'));
      // A source that is not JSON has exactly the fields its files declare; a JSON one lists its
      // type's usual keys, and which of them the folder really has is learnt by sampling.
      return { logGroup: source.logGroup, evidenceType: source.evidenceType, fields, json: source.discoversJson, ...(source.discoversJson ? {} : { found: new Set(fields) }) };
    });
    return { sources, tables: [...new Set(listing.flatMap((s) => s.tables))], extraColumns };
  }

  /** Without a listing: the tables the engine shows say which evidence types the folder holds. */
  private async shown(backend: QueryBackend, folder: string): Promise<Omit<EvidenceSchema, 'origin'>> {
    const sql = async (query: string): Promise<unknown[][]> => (await backend.run({ language: 'athena-sql', query, target: { kind: 'evidence', folder } })).result.rows;
    const tables = (await sql('SHOW TABLES')).map((row) => String(row[0]));
    const extraColumns = new Map<string, SqlColumn[]>();
    for (const table of tables) {
      if (findTable(table)) continue;
      const described = await sql(`DESCRIBE "${table.replace(/"/g, '""')}"`);
      extraColumns.set(table, described.map((row) => ({ name: String(row[0]), type: String(row[1]).toLowerCase() })));
    }
    const types = new Set(tables.map((table) => TABLE_EVIDENCE_TYPES[table]).filter((type) => type !== undefined));
    const sources = [...types].map((type) => documentedSource(type)).filter((source) => source !== undefined);
    return { sources, tables, extraColumns };
  }

  /**
   * The keys of a JSON source's first events, as CloudWatch would discover them, ahead of the
   * documented ones; read through the engine's own Logs Insights path, so the events are the ones a
   * query of that log group reads.
   */
  private async sampled(backend: QueryBackend, folder: string, source: InsightsSource, only: boolean): Promise<InsightsSource> {
    // `limit any` reads the first events it meets instead of sorting all of them by time.
    const sample = async (logGroups: string[] | undefined): Promise<string[]> => {
      const target = { kind: 'evidence' as const, folder, ...(logGroups ? { logGroups } : {}) };
      const { result } = await backend.run({ language: 'cwli', query: `fields @message | limit any ${SAMPLE_EVENTS}`, target });
      const column = result.columns.findIndex((c) => c.name === '@message');
      return column < 0 ? [] : result.rows.map((row) => String(row[column] ?? ''));
    };
    let messages: string[];
    try {
      messages = await sample([source.logGroup]);
    } catch {
      // A documented log group name may not be the engine's; a folder with one source needs none.
      messages = only ? await sample(undefined).catch(() => []) : [];
    }
    const discovered = discoverFields(messages);
    if (discovered.length === 0) return source;
    return { ...source, fields: [...new Set([...discovered, ...source.fields])], found: new Set([...(source.found ?? []), ...discovered]) };
  }
}
