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
import { FolderMemory, SniffTable, type GzipAnswer, type KnownFile, type StoredFolder } from './folderMemory';
import { EVIDENCE_SOURCES } from './sources/sourceRegistry';

export type { KnownFile } from './folderMemory';
export { FolderMemory } from './folderMemory';

/** Bump when sniffing, the shapes it produces, the gzip check or the stored layout change meaning. */
const MEMORY_VERSION = 5;

/**
 * On disk, per part: each distinct sniff once, and folder by folder (relative to the evidence
 * folder, ending with a separator) the files' columns (folderMemory.ts), so that a long delivery
 * path is written once per folder and a file costs a name and a few numbers.
 */
interface Stored {
  awsfx: 'evidence-memory';
  version: number;
  folder: string;
  part: string;
  sniffs: SniffResult[];
  folders: StoredFolder[];
}

interface Part {
  table: SniffTable;
  folders: Map<string, FolderMemory>;
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
   * What is known about the files of one folder. `folder` is relative to the evidence folder and
   * ends with a separator ('' for the evidence folder itself). Discovery asks once per folder and
   * then walks its sorted listing down the folder's sorted names.
   */
  inFolder(folder: string): FolderMemory | undefined {
    return this.partOf(folder).folders.get(folder);
  }

  /** What is known about the file, whatever its size and time now. */
  peek(path: string): KnownFile | undefined {
    const at = this.locate(path);
    const files = at && this.partOf(at.folder).folders.get(at.folder);
    const index = files ? files.find(at.name, -1) : -1;
    return index < 0 ? undefined : files!.known(index);
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
    if (!files) part.folders.set(at.folder, (files = new FolderMemory(part.table)));
    files.put(at.name, known);
    part.dirty = true;
  }

  /** Forgets a file that changed, so that it is sniffed again. */
  forget(path: string): void {
    const at = this.locate(path);
    if (!at) return;
    const part = this.partOf(at.folder);
    if (part.folders.get(at.folder)?.remove(at.name)) part.dirty = true;
  }

  /** Records a gzip check's answer for the file as it is now. */
  setGzip(path: string, size: number, mtimeMs: number, problem: string | undefined): void {
    const at = this.locate(path);
    if (!at) return;
    const part = this.partOf(at.folder);
    const files = part.folders.get(at.folder);
    const index = files ? files.find(at.name, -1) : -1;
    const answer: GzipAnswer = problem ?? null;
    if (index < 0 || files!.size(index) !== size || files!.mtimeMs(index) !== mtimeMs || files!.gzip(index) === answer) return;
    files!.setGzip(index, answer);
    part.dirty = true;
  }

  /** Forgets files that are gone (of the parts loaded), so the memory does not grow with a folder's history. */
  keepOnly(present: ReadonlySet<string>): void {
    for (const part of this.parts.values()) {
      for (const [folder, files] of part.folders) {
        for (const index of files.live()) {
          const name = files.names[index]!;
          if (present.has(this.prefix + folder + name)) continue;
          files.remove(name);
          part.dirty = true;
        }
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
      if (!part) this.parts.set(name, (part = this.read(name)));
      this.partByFolder.set(folder, part);
    }
    this.last = { folder, part };
    return part;
  }

  private fileOf(name: string): string {
    return join(this.dir!, `${name === '' ? 'other' : digest(name)}.json`);
  }

  private write(name: string, part: Part): void {
    // Renumbered from a fresh table: sniffs no file points at any more are not kept.
    const table = new SniffTable();
    const folders: StoredFolder[] = [];
    for (const [key, files] of part.folders) {
      const stored = files.stored(key, table);
      if (stored) folders.push(stored);
    }
    const stored: Stored = { awsfx: 'evidence-memory', version: MEMORY_VERSION, folder: this.folder, part: name, sniffs: table.list, folders };
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

  private read(name: string): Part {
    const empty = (): Part => ({ table: new SniffTable(), folders: new Map(), dirty: false });
    if (!this.dir) return empty();
    let stored: Stored;
    try {
      stored = JSON.parse(readFileSync(this.fileOf(name), 'utf8')) as Stored;
    } catch {
      return empty();
    }
    if (stored?.awsfx !== 'evidence-memory' || stored.version !== MEMORY_VERSION || stored.folder !== this.folder || stored.part !== name || !Array.isArray(stored.folders) || !Array.isArray(stored.sniffs)) return empty();
    if (!stored.sniffs.every(isSniff)) return empty();
    const part: Part = { table: new SniffTable(stored.sniffs), folders: new Map(), dirty: false };
    for (const entry of stored.folders) {
      const read = FolderMemory.fromStored(entry, part.table);
      if (!read) return empty();
      part.folders.set(read.key, read.folder);
    }
    return part;
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
