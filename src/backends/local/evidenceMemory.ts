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
 * The memory is kept in parts, one per S3 delivery folder (`…/AWSLogs/<account>/<service>`) and one
 * for everything else, each loaded the first time a file of it is asked about: a query scoped to
 * GuardDuty findings (evidenceScope.ts) then reads only what is known about them, not the 30 MB
 * known about 160,000 files of every type.
 *
 * It holds paths and shapes, never evidence content, in a folder the caller chooses (the CLI's
 * cache folder, the extension's global storage); without one nothing is kept. A part that cannot be
 * read, or was written by another version, is ignored; one that cannot be written costs only time.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { deliveryFolderOf } from './evidenceScope';
import type { SniffResult } from './evidenceSniffer';
import { EVIDENCE_SOURCES } from './sources/sourceRegistry';

/** Bump when sniffing, the shapes it produces or the gzip check change meaning. */
const MEMORY_VERSION = 2;

export interface KnownFile {
  size: number;
  mtimeMs: number;
  /** The flow-log format declared for the file when it was sniffed (it changes the answer). */
  format: string | undefined;
  sniff: SniffResult;
  /** The gzip check: undefined not checked, null whole, else why the stream is broken. */
  gzip?: string | null;
}

/** On disk, per part: each distinct sniff once, files pointing at theirs (a folder has a handful of shapes). */
interface Stored {
  awsfx: 'evidence-memory';
  version: number;
  folder: string;
  part: string;
  sniffs: SniffResult[];
  /** [path relative to the evidence folder, size, mtimeMs, format or null, sniff index, gzip: 0 unchecked, 1 whole, or the problem]. */
  files: Array<[string, number, number, string | null, number, 0 | 1 | string]>;
}

interface Part {
  files: Map<string, KnownFile>;
  dirty: boolean;
}

export class EvidenceMemory {
  private readonly parts = new Map<string, Part>();
  private readonly partByFolder = new Map<string, Part>();
  private readonly prefix: string;

  private constructor(
    private readonly folder: string,
    /** Where the parts go, or undefined to keep nothing. */
    private readonly dir: string | undefined,
  ) {
    this.prefix = folder.endsWith(sep) ? folder : folder + sep;
  }

  /** The memory of `folder`, kept under `cacheDir` if one is given. */
  static open(folder: string, cacheDir: string | undefined): EvidenceMemory {
    return new EvidenceMemory(folder, cacheDir === undefined ? undefined : join(cacheDir, `evidence-${digest(folder)}`));
  }

  /** What is known about the file, whatever its size and time now. */
  peek(path: string): KnownFile | undefined {
    return this.partOf(path).files.get(path);
  }

  /** The file as it was last seen, if its size and modification time are unchanged. */
  get(path: string, size: number, mtimeMs: number): KnownFile | undefined {
    const known = this.peek(path);
    return known && known.size === size && known.mtimeMs === mtimeMs ? known : undefined;
  }

  set(path: string, known: KnownFile): void {
    const part = this.partOf(path);
    part.files.set(path, known);
    part.dirty = true;
  }

  /** Records a gzip check's answer for the file as it is now. */
  setGzip(path: string, size: number, mtimeMs: number, problem: string | undefined): void {
    const known = this.get(path, size, mtimeMs);
    if (!known || known.gzip === (problem ?? null)) return;
    known.gzip = problem ?? null;
    this.partOf(path).dirty = true;
  }

  /** Forgets files that are gone (of the parts loaded), so the memory does not grow with a folder's history. */
  keepOnly(present: ReadonlySet<string>): void {
    for (const part of this.parts.values()) {
      for (const path of part.files.keys()) {
        if (present.has(path)) continue;
        part.files.delete(path);
        part.dirty = true;
      }
    }
  }

  /** Writes the parts that changed (atomically: another process may be reading them). */
  save(): void {
    if (!this.dir) return;
    for (const [name, part] of this.parts) {
      if (!part.dirty) continue;
      part.dirty = false;
      this.write(name, part);
    }
  }

  private partOf(path: string): Part {
    // Files come folder by folder, thousands per run: the part is worked out once per folder.
    const folder = path.slice(0, path.lastIndexOf(sep) + 1);
    const known = this.partByFolder.get(folder);
    if (known) return known;
    const relative = folder.startsWith(this.prefix) ? folder.slice(this.prefix.length) : folder;
    const name = deliveryFolderOf(sep === '/' ? relative : relative.split(sep).join('/')) ?? '';
    let part = this.parts.get(name);
    if (!part) this.parts.set(name, (part = { files: this.read(name), dirty: false }));
    this.partByFolder.set(folder, part);
    return part;
  }

  private fileOf(name: string): string {
    return join(this.dir!, `${name === '' ? 'other' : digest(name)}.json`);
  }

  private write(name: string, part: Part): void {
    const sniffs: SniffResult[] = [];
    const index = new Map<string, number>();
    const files: Stored['files'] = [];
    for (const [path, known] of part.files) {
      if (!path.startsWith(this.prefix)) continue;
      const key = JSON.stringify(known.sniff);
      let at = index.get(key);
      if (at === undefined) index.set(key, (at = sniffs.push(known.sniff) - 1));
      const gzip = known.gzip === undefined ? 0 : known.gzip === null ? 1 : known.gzip;
      files.push([path.slice(this.prefix.length), known.size, known.mtimeMs, known.format ?? null, at, gzip]);
    }
    const stored: Stored = { awsfx: 'evidence-memory', version: MEMORY_VERSION, folder: this.folder, part: name, sniffs, files };
    const file = this.fileOf(name);
    const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
    try {
      mkdirSync(this.dir!, { recursive: true });
      writeFileSync(temporary, JSON.stringify(stored));
      renameSync(temporary, file);
    } catch {
      rmSync(temporary, { force: true });
    }
  }

  private read(name: string): Map<string, KnownFile> {
    const files = new Map<string, KnownFile>();
    if (!this.dir) return files;
    let stored: Stored;
    try {
      stored = JSON.parse(readFileSync(this.fileOf(name), 'utf8')) as Stored;
    } catch {
      return files;
    }
    if (stored?.awsfx !== 'evidence-memory' || stored.version !== MEMORY_VERSION || stored.folder !== this.folder || stored.part !== name || !Array.isArray(stored.files) || !Array.isArray(stored.sniffs)) return files;
    for (const entry of stored.files) {
      if (!Array.isArray(entry) || entry.length !== 6) return new Map();
      const [relative, size, mtimeMs, format, at, gzip] = entry;
      const sniff = stored.sniffs[at];
      if (typeof relative !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number' || !isSniff(sniff)) return new Map();
      files.set(this.prefix + relative, { size, mtimeMs, format: format ?? undefined, sniff, ...(gzip === 0 ? {} : { gzip: gzip === 1 ? null : String(gzip) }) });
    }
    return files;
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

const TYPES: ReadonlySet<unknown> = new Set(EVIDENCE_SOURCES.map((s) => s.type));

function isSniff(value: unknown): value is SniffResult {
  if (typeof value !== 'object' || value === null) return false;
  const sniff = value as { ok?: unknown; shape?: { type?: unknown; layout?: unknown }; problem?: unknown };
  return sniff.ok === true ? TYPES.has(sniff.shape?.type) && typeof sniff.shape?.layout === 'string' : sniff.ok === false && typeof sniff.problem === 'string';
}
