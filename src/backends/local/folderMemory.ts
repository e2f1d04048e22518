/**
 * What the evidence memory (evidenceMemory.ts) knows about the files of one folder, column by
 * column: names in code-unit order, then sizes, modification times, sniffs and gzip answers at the
 * same index.
 *
 * Why columns: discovery of a known folder is a walk down its sorted listing and these sorted
 * names side by side (find() with the next index as its hint), reading numbers out of arrays. An
 * object per file (and a map keyed by name) cost ~2 µs a file to build from JSON and ~1 µs to look
 * up, on every run, for thousands of files; JSON arrays of numbers parse without making objects.
 */
import type { SniffResult } from './evidenceSniffer';

/** The gzip check: undefined not checked, null whole, else why the stream is broken. */
export type GzipAnswer = string | null | undefined;

/** As stored: 0 not checked, 1 whole, else the problem. */
export type StoredGzip = 0 | 1 | string;

export interface KnownFile {
  size: number;
  mtimeMs: number;
  /** The flow-log format declared for the file when it was sniffed (it changes the answer). */
  format: string | undefined;
  sniff: SniffResult;
  gzip?: GzipAnswer;
}

/** A part's distinct sniffs, which files point at by index (a folder has a handful of shapes). */
export class SniffTable {
  private readonly ids = new Map<SniffResult, number>();
  private byKey: Map<string, number> | undefined;

  constructor(readonly list: SniffResult[] = []) {
    list.forEach((sniff, id) => this.ids.set(sniff, id));
  }

  /** The index of this sniff, added when new; equal sniffs made apart share one. */
  idOf(sniff: SniffResult): number {
    let id = this.ids.get(sniff);
    if (id !== undefined) return id;
    this.byKey ??= new Map(this.list.map((s, i) => [JSON.stringify(s), i]));
    const key = JSON.stringify(sniff);
    id = this.byKey.get(key);
    if (id === undefined) {
      id = this.list.push(sniff) - 1;
      this.byKey.set(key, id);
    }
    this.ids.set(sniff, id);
    return id;
  }
}

/** A slot whose file was forgotten; dropped when the memory is written. */
const GONE = -1;

export class FolderMemory {
  /** Names to index, made on the first lookup that the hint does not answer. */
  private index: Map<string, number> | undefined;

  constructor(
    private readonly table: SniffTable,
    readonly names: string[] = [],
    private readonly sizes: number[] = [],
    private readonly mtimes: number[] = [],
    private readonly sniffIds: number[] = [],
    private readonly gzips: StoredGzip[] = [],
    /** Declared flow-log formats, or undefined while no file has one. */
    private formats: Array<string | null> | undefined = undefined,
  ) {}

  /** The index of `name`, or -1. `hint` is where it is expected (the index after the last name found; -1 for no guess). */
  find(name: string, hint: number): number {
    const at = this.names[hint] === name ? hint : this.slot(name);
    return at >= 0 && this.sniffIds[at] !== GONE ? at : -1;
  }

  /** Where `name` is or was (a forgotten file keeps its slot), or -1. */
  private slot(name: string): number {
    if (!this.index) {
      this.index = new Map();
      this.names.forEach((n, i) => this.index!.set(n, i));
    }
    return this.index.get(name) ?? -1;
  }

  size(at: number): number {
    return this.sizes[at]!;
  }

  mtimeMs(at: number): number {
    return this.mtimes[at]!;
  }

  format(at: number): string | undefined {
    return this.formats?.[at] ?? undefined;
  }

  sniff(at: number): SniffResult {
    return this.table.list[this.sniffIds[at]!]!;
  }

  gzip(at: number): GzipAnswer {
    const stored = this.gzips[at]!;
    return stored === 0 ? undefined : stored === 1 ? null : stored;
  }

  known(at: number): KnownFile {
    return { size: this.size(at), mtimeMs: this.mtimeMs(at), format: this.format(at), sniff: this.sniff(at), gzip: this.gzip(at) };
  }

  /** Remembers a file (a new name goes at the end; the order is restored when written). */
  put(name: string, known: KnownFile): void {
    let at = this.slot(name);
    if (at < 0) {
      at = this.names.push(name) - 1;
      this.index!.set(name, at);
    }
    this.sizes[at] = known.size;
    this.mtimes[at] = known.mtimeMs;
    this.sniffIds[at] = this.table.idOf(known.sniff);
    this.gzips[at] = known.gzip === undefined ? 0 : known.gzip === null ? 1 : known.gzip;
    if (known.format !== undefined || this.formats) {
      this.formats ??= this.names.map(() => null);
      this.formats[at] = known.format ?? null;
    }
  }

  setGzip(at: number, answer: GzipAnswer): void {
    this.gzips[at] = answer === undefined ? 0 : answer === null ? 1 : answer;
  }

  /** Forgets a file; true when it was known. */
  remove(name: string): boolean {
    const at = this.find(name, -1);
    if (at < 0) return false;
    this.sniffIds[at] = GONE;
    return true;
  }

  /** The indexes of the files still known, in name order. */
  live(): number[] {
    const at = this.names.map((_, i) => i).filter((i) => this.sniffIds[i] !== GONE);
    return at.every((i, k) => k === 0 || this.names[at[k - 1]!]! < this.names[i]!) ? at : at.sort((a, b) => (this.names[a]! < this.names[b]! ? -1 : 1));
  }

  /** The folder as stored, its sniffs numbered in `table` (a fresh one: only sniffs still used are kept). */
  stored(key: string, table: SniffTable): StoredFolder | undefined {
    const at = this.live();
    if (at.length === 0) return undefined;
    const columns = [key, at.map((i) => this.names[i]!), at.map((i) => this.sizes[i]!), at.map((i) => this.mtimes[i]!), at.map((i) => table.idOf(this.sniff(i))), at.map((i) => this.gzips[i]!)] as const;
    const formats = this.formats;
    return formats && at.some((i) => formats[i] !== null) ? [...columns, at.map((i) => formats[i] ?? null)] : [...columns];
  }

  /** A stored folder, or undefined when it is not one (the whole part is then ignored). */
  static fromStored(entry: unknown, table: SniffTable): { key: string; folder: FolderMemory } | undefined {
    if (!Array.isArray(entry) || (entry.length !== 6 && entry.length !== 7)) return undefined;
    const [key, names, sizes, mtimes, sniffIds, gzips, formats] = entry as unknown[];
    if (typeof key !== 'string' || !Array.isArray(names)) return undefined;
    const n = names.length;
    const count = table.list.length;
    // Plain loops: this runs for every file of the part on every run, before the first query.
    const valid =
      ofType(names, n, 'string') &&
      ofType(sizes, n, 'number') &&
      ofType(mtimes, n, 'number') &&
      indexes(sniffIds, n, count) &&
      every(gzips, n, (v) => v === 0 || v === 1 || typeof v === 'string') &&
      (formats === undefined || every(formats, n, (v) => v === null || typeof v === 'string'));
    if (!valid) return undefined;
    const folder = new FolderMemory(table, names as string[], sizes as number[], mtimes as number[], sniffIds as number[], gzips as StoredGzip[], formats as Array<string | null> | undefined);
    return { key, folder };
  }
}

function ofType(value: unknown, n: number, type: 'string' | 'number'): boolean {
  if (!Array.isArray(value) || value.length !== n) return false;
  for (let i = 0; i < n; i++) if (typeof value[i] !== type) return false;
  return true;
}

/** Whether `value` is an array of `n` indexes into a list of `count`. */
function indexes(value: unknown, n: number, count: number): boolean {
  if (!Array.isArray(value) || value.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const v: unknown = value[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= count) return false;
  }
  return true;
}

/** Whether `value` is an array of `n` items that all pass `ok`. */
function every(value: unknown, n: number, ok: (v: unknown) => boolean): boolean {
  if (!Array.isArray(value) || value.length !== n) return false;
  for (let i = 0; i < n; i++) if (!ok(value[i])) return false;
  return true;
}

/** A folder as stored: [key, names, sizes, modification times, sniff indexes, gzip answers, formats when any is declared]. */
export type StoredFolder = [string, string[], number[], number[], number[], StoredGzip[]] | [string, string[], number[], number[], number[], StoredGzip[], Array<string | null>];
