/**
 * What awsfx has learnt about an evidence folder's files, kept on disk between processes: each
 * file's sniffed shape (evidenceSniffer.ts) and whether its gzip stream is whole (gzipCheck.ts),
 * each good for as long as the file's size and modification time are unchanged.
 *
 * Why: every file must be opened once to learn its type, and gzip files read by lines inflated
 * whole once. Measured on 18,500 delivery files (1M records), that is ~2 s before the first query
 * can start; a CLI run or a reopened editor would pay it again on evidence that has not changed.
 * With the memory, it pays a stat per file, made while DuckDB runs the query (evidenceEngine.ts).
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

/** Bump when sniffing, the shapes it produces, the gzip check or the stored layout change meaning. */
const MEMORY_VERSION = 3;

export interface KnownFile {
  size: number;
  mtimeMs: number;
  /** The flow-log format declared for the file when it was sniffed (it changes the answer). */
  format: string | undefined;
  sniff: SniffResult;
  /** The gzip check: undefined not checked, null whole, else why the stream is broken. */
  gzip?: string | null;
}

/** A file as stored: [name, size, mtimeMs, format or null, sniff index, gzip: 0 unchecked, 1 whole, or the problem]. */
type StoredFile = [string, number, number, string | null, number, 0 | 1 | string];

/**
 * On disk, per part: each distinct sniff once, files pointing at theirs (a folder has a handful of
 * shapes), grouped by folder (relative to the evidence folder, ending with a separator) so that a
 * long delivery path is written once per folder, not once per file.
 */
interface Stored {
  awsfx: 'evidence-memory';
  version: number;
  folder: string;
  part: string;
  sniffs: SniffResult[];
  folders: Array<[string, StoredFile[]]>;
}

/** What is known per folder: file name to what was seen. */
type Folders = Map<string, Map<string, KnownFile>>;

interface Part {
  folders: Folders;
  dirty: boolean;
}

export class EvidenceMemory {
  private readonly parts = new Map<string, Part>();
  private readonly partByFolder = new Map<string, Part>();
  private readonly prefix: string;
  /** The folder asked about last, and its part: files come folder by folder, thousands per run. */
  private last: { folder: string; part: Part } | undefined;

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

  /**
   * What is known about the files of one folder, by name. `folder` is relative to the evidence
   * folder and ends with a separator ('' for the evidence folder itself). Discovery asks once per
   * folder and then looks names up, rather than hashing each file's full path.
   */
  inFolder(folder: string): ReadonlyMap<string, KnownFile> | undefined {
    return this.partOf(folder).folders.get(folder);
  }

  /** What is known about the file, whatever its size and time now. */
  peek(path: string): KnownFile | undefined {
    const at = this.locate(path);
    return at && this.partOf(at.folder).folders.get(at.folder)?.get(at.name);
  }

  /** The file as it was last seen, if its size and modification time are unchanged. */
  get(path: string, size: number, mtimeMs: number): KnownFile | undefined {
    const known = this.peek(path);
    return known && known.size === size && known.mtimeMs === mtimeMs ? known : undefined;
  }

  set(path: string, known: KnownFile): void {
    const at = this.locate(path);
    if (!at) return;
    const part = this.partOf(at.folder);
    let files = part.folders.get(at.folder);
    if (!files) part.folders.set(at.folder, (files = new Map()));
    files.set(at.name, known);
    part.dirty = true;
  }

  /** Forgets a file that changed, so that it is sniffed again. */
  forget(path: string): void {
    const at = this.locate(path);
    if (!at) return;
    const part = this.partOf(at.folder);
    if (part.folders.get(at.folder)?.delete(at.name)) part.dirty = true;
  }

  /** Records a gzip check's answer for the file as it is now. */
  setGzip(path: string, size: number, mtimeMs: number, problem: string | undefined): void {
    const known = this.get(path, size, mtimeMs);
    if (!known || known.gzip === (problem ?? null)) return;
    known.gzip = problem ?? null;
    this.partOf(this.locate(path)!.folder).dirty = true;
  }

  /** Forgets files that are gone (of the parts loaded), so the memory does not grow with a folder's history. */
  keepOnly(present: ReadonlySet<string>): void {
    for (const part of this.parts.values()) {
      for (const [folder, files] of part.folders) {
        for (const name of files.keys()) {
          if (present.has(this.prefix + folder + name)) continue;
          files.delete(name);
          part.dirty = true;
        }
        if (files.size === 0) part.folders.delete(folder);
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

  /** The folder (relative, ending with a separator) and name of a path; undefined outside the evidence folder. */
  private locate(path: string): { folder: string; name: string } | undefined {
    if (!path.startsWith(this.prefix)) return undefined;
    const end = path.lastIndexOf(sep) + 1;
    return { folder: path.slice(this.prefix.length, end), name: path.slice(end) };
  }

  private partOf(folder: string): Part {
    if (this.last?.folder === folder) return this.last.part;
    let part = this.partByFolder.get(folder);
    if (!part) {
      const name = deliveryFolderOf(sep === '/' ? folder : folder.split(sep).join('/')) ?? '';
      part = this.parts.get(name);
      if (!part) this.parts.set(name, (part = { folders: this.read(name), dirty: false }));
      this.partByFolder.set(folder, part);
    }
    this.last = { folder, part };
    return part;
  }

  private fileOf(name: string): string {
    return join(this.dir!, `${name === '' ? 'other' : digest(name)}.json`);
  }

  private write(name: string, part: Part): void {
    const sniffs: SniffResult[] = [];
    const index = new Map<SniffResult, number>();
    const byKey = new Map<string, number>();
    const folders: Stored['folders'] = [];
    for (const [folder, files] of part.folders) {
      const stored: StoredFile[] = [];
      for (const [file, known] of files) {
        // Files sniffed alike usually share one sniff object; equal ones made apart are matched by value.
        let at = index.get(known.sniff);
        if (at === undefined) {
          const key = JSON.stringify(known.sniff);
          at = byKey.get(key);
          if (at === undefined) byKey.set(key, (at = sniffs.push(known.sniff) - 1));
          index.set(known.sniff, at);
        }
        const gzip = known.gzip === undefined ? 0 : known.gzip === null ? 1 : known.gzip;
        stored.push([file, known.size, known.mtimeMs, known.format ?? null, at, gzip]);
      }
      if (stored.length > 0) folders.push([folder, stored]);
    }
    const stored: Stored = { awsfx: 'evidence-memory', version: MEMORY_VERSION, folder: this.folder, part: name, sniffs, folders };
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

  private read(name: string): Folders {
    const folders: Folders = new Map();
    if (!this.dir) return folders;
    let stored: Stored;
    try {
      stored = JSON.parse(readFileSync(this.fileOf(name), 'utf8')) as Stored;
    } catch {
      return folders;
    }
    if (stored?.awsfx !== 'evidence-memory' || stored.version !== MEMORY_VERSION || stored.folder !== this.folder || stored.part !== name || !Array.isArray(stored.folders) || !Array.isArray(stored.sniffs)) return folders;
    if (!stored.sniffs.every(isSniff)) return folders;
    for (const entry of stored.folders) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Array.isArray(entry[1])) return new Map();
      const files = new Map<string, KnownFile>();
      for (const file of entry[1]) {
        if (!Array.isArray(file) || file.length !== 6) return new Map();
        const [fileName, size, mtimeMs, format, at, gzip] = file;
        const sniff = stored.sniffs[at];
        if (typeof fileName !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number' || sniff === undefined) return new Map();
        // Built whole, not spread: this runs for every file of the part, thousands of times.
        files.set(fileName, { size, mtimeMs, format: format ?? undefined, sniff, gzip: gzip === 0 ? undefined : gzip === 1 ? null : String(gzip) });
      }
      folders.set(entry[0], files);
    }
    return folders;
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
