/**
 * What awsfx has learnt about an evidence folder's files, kept on disk between processes: each
 * file's sniffed shape (evidenceSniffer.ts) and whether its gzip stream is whole (gzipCheck.ts),
 * each good for as long as the file's size and modification time are unchanged.
 *
 * Why: every file must be opened once to learn its type, and gzip files read by lines inflated
 * whole once. Measured on 18,500 delivery files (1M records), that is ~2 s before the first query
 * can start; a CLI run or a reopened editor would pay it again on evidence that has not changed.
 * With the memory, it pays a stat per file.
 *
 * The memory holds paths and shapes, never evidence content. It lives in a folder the caller
 * chooses (the CLI's cache folder, the extension's global storage); without one nothing is kept.
 * A memory that cannot be read, or was written by another version, is ignored; one that cannot be
 * written costs only time.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { SniffResult } from './evidenceSniffer';
import { EVIDENCE_SOURCES } from './sources/sourceRegistry';

/** Bump when sniffing, the shapes it produces or the gzip check change meaning. */
const MEMORY_VERSION = 1;

export interface KnownFile {
  size: number;
  mtimeMs: number;
  /** The flow-log format declared for the file when it was sniffed (it changes the answer). */
  format: string | undefined;
  sniff: SniffResult;
  /** The gzip check: undefined not checked, null whole, else why the stream is broken. */
  gzip?: string | null;
}

/** On disk: each distinct sniff once, files pointing at theirs (a folder has a handful of shapes). */
interface Stored {
  awsfx: 'evidence-memory';
  version: number;
  folder: string;
  sniffs: SniffResult[];
  /** [relative path, size, mtimeMs, format or null, sniff index, gzip: 0 unchecked, 1 whole, or the problem]. */
  files: Array<[string, number, number, string | null, number, 0 | 1 | string]>;
}

export class EvidenceMemory {
  /** By absolute path. */
  readonly files = new Map<string, KnownFile>();
  private dirty = false;

  private constructor(
    private readonly folder: string,
    private readonly file: string | undefined,
  ) {}

  /** The memory of `folder`, loaded from `cacheDir` if one is given and holds it. */
  static open(folder: string, cacheDir: string | undefined): EvidenceMemory {
    const file = cacheDir === undefined ? undefined : join(cacheDir, `evidence-${createHash('sha256').update(folder).digest('hex').slice(0, 32)}.json`);
    const memory = new EvidenceMemory(folder, file);
    if (file) memory.load(file);
    return memory;
  }

  /** The file as it was last seen, if its size and modification time are unchanged. */
  get(path: string, size: number, mtimeMs: number): KnownFile | undefined {
    const known = this.files.get(path);
    return known && known.size === size && known.mtimeMs === mtimeMs ? known : undefined;
  }

  set(path: string, known: KnownFile): void {
    this.files.set(path, known);
    this.dirty = true;
  }

  /** Records a gzip check's answer for the file as it is now. */
  setGzip(path: string, size: number, mtimeMs: number, problem: string | undefined): void {
    const known = this.get(path, size, mtimeMs);
    if (!known || known.gzip === (problem ?? null)) return;
    known.gzip = problem ?? null;
    this.dirty = true;
  }

  /** Forgets files that are gone, so the memory does not grow with a folder's history. */
  keepOnly(present: ReadonlySet<string>): void {
    for (const path of this.files.keys()) {
      if (present.has(path)) continue;
      this.files.delete(path);
      this.dirty = true;
    }
  }

  /** Writes the memory if it changed (atomically: another process may be reading it). */
  save(): void {
    if (!this.dirty || !this.file) return;
    this.dirty = false;
    const sniffs: SniffResult[] = [];
    const index = new Map<string, number>();
    const files: Stored['files'] = [];
    const prefix = this.folder.endsWith(sep) ? this.folder : this.folder + sep;
    for (const [path, known] of this.files) {
      if (!path.startsWith(prefix)) continue;
      const key = JSON.stringify(known.sniff);
      let at = index.get(key);
      if (at === undefined) index.set(key, (at = sniffs.push(known.sniff) - 1));
      const gzip = known.gzip === undefined ? 0 : known.gzip === null ? 1 : known.gzip;
      files.push([path.slice(prefix.length), known.size, known.mtimeMs, known.format ?? null, at, gzip]);
    }
    const stored: Stored = { awsfx: 'evidence-memory', version: MEMORY_VERSION, folder: this.folder, sniffs, files };
    const temporary = `${this.file}.${process.pid}.${randomUUID()}.tmp`;
    try {
      mkdirSync(join(this.file, '..'), { recursive: true });
      writeFileSync(temporary, JSON.stringify(stored));
      renameSync(temporary, this.file);
    } catch {
      rmSync(temporary, { force: true });
    }
  }

  private load(file: string): void {
    let stored: Stored;
    try {
      stored = JSON.parse(readFileSync(file, 'utf8')) as Stored;
    } catch {
      return;
    }
    if (stored?.awsfx !== 'evidence-memory' || stored.version !== MEMORY_VERSION || stored.folder !== this.folder || !Array.isArray(stored.files) || !Array.isArray(stored.sniffs)) return;
    const prefix = this.folder.endsWith(sep) ? this.folder : this.folder + sep;
    for (const entry of stored.files) {
      if (!Array.isArray(entry) || entry.length !== 6) return this.files.clear();
      const [relative, size, mtimeMs, format, at, gzip] = entry;
      const sniff = stored.sniffs[at];
      if (typeof relative !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number' || !isSniff(sniff)) return this.files.clear();
      this.files.set(prefix + relative, { size, mtimeMs, format: format ?? undefined, sniff, ...(gzip === 0 ? {} : { gzip: gzip === 1 ? null : String(gzip) }) });
    }
  }
}

const TYPES: ReadonlySet<unknown> = new Set(EVIDENCE_SOURCES.map((s) => s.type));

function isSniff(value: unknown): value is SniffResult {
  if (typeof value !== 'object' || value === null) return false;
  const sniff = value as { ok?: unknown; shape?: { type?: unknown; layout?: unknown }; problem?: unknown };
  return sniff.ok === true ? TYPES.has(sniff.shape?.type) && typeof sniff.shape?.layout === 'string' : sniff.ok === false && typeof sniff.problem === 'string';
}
