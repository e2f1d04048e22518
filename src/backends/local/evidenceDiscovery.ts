/**
 * Finds the evidence in a folder: walks it, sniffs each file once (remembered by size and
 * modification time, across processes when the engine has a cache folder: evidenceMemory.ts), and
 * reports every file it cannot use as a warning rather than an error. Any mix of evidence types may
 * share a folder, in S3's delivery layout or flat (docs/evidence-types.md). Files whose delivery
 * folder puts them outside the query's scope are not opened (evidenceScope.ts).
 */
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { relative, sep } from 'node:path';
import type { ResultWarning } from '../../common/resultSet';
import { AwsfxError } from '../../core/errors';
import { deliveredType, outOfScope, type EvidenceScope } from './evidenceScope';
import { EvidenceMemory, type FolderMemory } from './evidenceMemory';
import { sniffEvidenceFile, type Sniffed, type SniffResult } from './evidenceSniffer';
import type { EvidenceFile, FileShape } from './sources/evidenceSource';

export type { EvidenceFile } from './sources/evidenceSource';

export interface EvidenceInventory {
  folder: string;
  /** Usable evidence files of every type, sorted by path. */
  files: EvidenceFile[];
  warnings: ResultWarning[];
  /** Files looked at, usable or not. */
  examined: number;
  /** Delivery folders left unlisted because they hold evidence outside the scope. */
  outOfScope: number;
  /**
   * For each folder holding files: how many, when it holds nothing a file pattern would also pick up
   * (hidden files, links). Such a folder can be read as `folder/*` when all its files are read alike.
   */
  plainFolders: Map<string, number>;
  /**
   * Files taken as the memory knew them without a stat (discover's `trustMemory`): verify() checks
   * them while the query runs.
   */
  unverified: UnverifiedFile[];
}

/** A file as the memory last saw it. */
export interface UnverifiedFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** A folder's evidence file names as listed, and where the folder is. */
interface Listing {
  /** The folder's path. */
  dir: string;
  /** `dir` without a trailing separator: what its files' paths hold before their last separator. */
  folder: string;
  /** Relative to the evidence folder with its own separators, ending with one ('' for the folder itself): the memory's key. */
  key: string;
  /** Relative with forward slashes, ending with one ('' for the folder itself): for messages and scope. */
  rel: string;
  names: string[];
}

function listingOf(dir: string, key: string, rel: string): Listing {
  return { dir, folder: dir.endsWith(sep) ? dir.slice(0, -1) : dir, key, rel, names: [] };
}

/** `dir` is already normal and a name holds no separator, so plain concatenation is path.join. */
function pathIn(listing: Listing, name: string): string {
  return listing.dir.endsWith(sep) ? listing.dir + name : listing.dir + sep + name;
}

/** Code-unit order, as Array.prototype.sort orders strings. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function unknownFieldsWarning(rel: string, path: string, unknown: readonly string[]): ResultWarning {
  const names = unknown.map((n) => `"${n}"`).join(', ');
  const one = unknown.length === 1;
  return {
    code: 'evidence.partial',
    message: `Read ${rel} without ${names}: ${one ? 'it is not a VPC flow log field' : 'they are not VPC flow log fields'} (or ${one ? 'it repeats one' : 'repeat one'}), so ${one ? 'it is' : 'they are'} not a column; the other fields are read by their names.`,
    subject: path,
  };
}

function skipWarning(rel: string, path: string, sniff: Extract<SniffResult, { ok: false }>): ResultWarning {
  return { code: sniff.code, message: `Skipped ${rel}: ${sniff.problem}.`, subject: path };
}

/**
 * A file of this shape at this path. Built property by property: spreading the shape (parsed from
 * the memory's JSON) took ~3 µs per file, the largest cost of discovering a known folder.
 */
function evidenceFile(shape: FileShape, listing: Listing, path: string, relative: string, size: number, mtimeMs: number): EvidenceFile {
  const file: EvidenceFile = { type: shape.type, layout: shape.layout, gzip: shape.gzip, lines: shape.lines, path, relative, size, mtimeMs, folder: listing.folder };
  if (shape.fields !== undefined) file.fields = shape.fields;
  if (shape.header !== undefined) file.header = shape.header;
  if (shape.unknownFields !== undefined) file.unknownFields = shape.unknownFields;
  return file;
}

function unchanged(file: UnverifiedFile): boolean {
  try {
    const now = statSync(file.path, { throwIfNoEntry: false });
    return now !== undefined && now.size === file.size && now.mtimeMs === file.mtimeMs;
  } catch {
    // Unreadable now: the next discovery reports it.
    return false;
  }
}

export interface DiscoverOptions {
  /**
   * Take files the memory knows as it knew them, without a stat each, and list them in
   * `unverified`. The caller must verify() them before trusting an answer (evidenceEngine.ts does,
   * while DuckDB reads): on 6,000 files the stats alone are ~25 ms on the query's critical path.
   */
  trustMemory?: boolean;
}

/** Files handled between yields to the event loop (the file system calls are synchronous, see evidenceSniffer). */
const BATCH = 256;

/** A flow-log format declared beside a file: `name.format` for `name.log`, or `name.log.format`. */
const FORMAT_SUFFIX = '.format';

/** Files that belong to evidence without being evidence: left out silently. */
function isCompanion(name: string): boolean {
  // The marker CloudWatch Logs writes when an export task checks it may write to the bucket.
  return name.endsWith(FORMAT_SUFFIX) || name === 'aws-logs-write-test';
}

export interface CatalogOptions {
  /** The flow-log format of VPC flow log files that neither start with a header nor have a `.format` file. */
  flowLogFormat?: string;
}

/** Discovery for one folder, remembering what it sniffed between runs. */
export class EvidenceCatalog {
  constructor(
    readonly folder: string,
    private readonly options: CatalogOptions = {},
    /** What earlier runs (this process's or another's) learnt about the files. */
    private readonly memory: EvidenceMemory = EvidenceMemory.open(folder, undefined),
  ) {
    this.prefix = folder + sep;
  }

  /** Files opened to sniff by the last discover() (the rest were known, or out of scope). */
  sniffed = 0;
  private readonly prefix: string;

  /** Every file of the folder that may hold evidence in `scope` (every type when undefined). */
  async discover(scope?: EvidenceScope, options: DiscoverOptions = {}): Promise<EvidenceInventory> {
    this.checkFolder();
    const unverified: UnverifiedFile[] = [];
    const trusted = options.trustMemory ? unverified : undefined;
    const warnings: ResultWarning[] = [];
    const listings: Listing[] = [];
    const folders = new Map<string, number | undefined>();
    const walk = { scope, skippedFolders: 0 };
    await this.walk(listingOf(this.folder, '', ''), listings, warnings, folders, walk);
    // Folder by folder, in path order: the memory is asked once per folder, not once per file.
    listings.sort((a, b) => compare(a.dir, b.dir));
    let examined = 0;
    for (const listing of listings) {
      listing.names.sort();
      examined += listing.names.length;
    }

    const files: EvidenceFile[] = [];
    // Looking for a declared format beside each file costs more than anything else per file; most folders have none.
    const formats = listings.some((listing) => listing.names.some((name) => name.endsWith(FORMAT_SUFFIX)));
    const present = formats || scope === undefined ? new Set(listings.flatMap((listing) => listing.names.map((name) => pathIn(listing, name)))) : undefined;
    this.sniffed = 0;
    let count = 0;
    for (const listing of listings) {
      const known = this.memory.inFolder(listing.key);
      // Both in name order: each name is looked for where the last one was found, plus one.
      let next = 0;
      for (const name of listing.names) {
        if (++count % BATCH === 0) await nextTurn();
        if (isCompanion(name)) continue;
        const path = pathIn(listing, name);
        const rel = listing.rel + name;
        const format = present && formats ? this.declaredFormat(path, present) : this.options.flowLogFormat;
        let at = known ? known.find(name, next) : -1;
        if (at >= 0) next = at + 1;
        if (at >= 0 && known!.format(at) !== format) at = -1;
        let file: EvidenceFile;
        if (at >= 0 && trusted) {
          // Taken as known without a stat; verify() checks it later against what is known here.
          const sniff = known!.sniff(at);
          const size = known!.size(at);
          const mtimeMs = known!.mtimeMs(at);
          if (!sniff.ok) {
            trusted.push({ path, size, mtimeMs });
            warnings.push(skipWarning(rel, path, sniff));
            continue;
          }
          file = evidenceFile(sniff.shape, listing, path, rel, size, mtimeMs);
          if (known!.gzip(at) === null) file.gzipWhole = true;
          // The file itself is the record to verify (its size and time are the memory's).
          trusted.push(file);
        } else {
          const seen = this.look(path, known, at, format, warnings);
          if (!seen) continue;
          if (!seen.sniff.ok) {
            warnings.push(skipWarning(rel, path, seen.sniff));
            continue;
          }
          file = evidenceFile(seen.sniff.shape, listing, path, rel, seen.size, seen.mtimeMs);
          // Known and unchanged, or sniffed again (which clears the gzip answer it had).
          if (at >= 0 && known!.gzip(at) === null) file.gzipWhole = true;
        }
        files.push(file);
        const unknown = file.unknownFields;
        if (unknown && unknown.length > 0) warnings.push(unknownFieldsWarning(rel, path, unknown));
      }
    }
    // Folder order is path order but for a name sorting between a folder and its files ("a/b" and
    // "a-b"). Each folder's files are in order, so only where one folder's files meet the next's can
    // two be out of order.
    if (!files.every((file, i) => i === 0 || files[i - 1]!.folder === file.folder || compare(files[i - 1]!.path, file.path) < 0)) files.sort((a, b) => compare(a.path, b.path));
    // A scoped walk did not list the folders it left out: their files are not gone.
    if (present && scope === undefined) this.memory.keepOnly(present);
    this.memory.save();

    // Evidence outside the scope is still evidence: the query reads none of it, and says so per table.
    if (files.length === 0 && walk.skippedFolders === 0) throw this.emptyError(examined, warnings);
    const plainFolders = new Map<string, number>();
    for (const [dir, count] of folders) if (count !== undefined && count > 0) plainFolders.set(dir, count);
    return { folder: this.folder, files, warnings, examined, outOfScope: walk.skippedFolders, plainFolders, unverified };
  }

  relative(path: string): string {
    // Every path here was made by joining onto the folder, so the prefix can simply be cut off
    // (path.relative costs more, thousands of times over).
    const rest = path.startsWith(this.prefix) ? path.slice(this.prefix.length) : relative(this.folder, path);
    return sep === '/' ? rest : rest.split(sep).join('/');
  }

  private checkFolder(): void {
    let info;
    try {
      info = statSync(this.folder);
    } catch (error) {
      throw new AwsfxError('evidence.missing', `The evidence folder ${this.folder} does not exist or cannot be read.`, { cause: error, subject: this.folder });
    }
    if (!info.isDirectory()) {
      throw new AwsfxError('evidence.missing', `The evidence path ${this.folder} is not a folder; point the target at the folder that holds the evidence files.`, { subject: this.folder });
    }
  }

  /** Collects each folder's file names; `folders` gets each folder's file count, or undefined when it also holds hidden files or links. */
  private async walk(listing: Listing, found: Listing[], warnings: ResultWarning[], folders: Map<string, number | undefined>, walk: { scope: EvidenceScope; skippedFolders: number }): Promise<void> {
    const { dir } = listing;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      warnings.push({ code: 'evidence.unreadable', message: `Skipped the folder ${this.relative(dir) || '.'}: ${(error as Error).message}.`, subject: dir });
      return;
    }
    let count: number | undefined = 0;
    for (const entry of entries) {
      const { name } = entry;
      if (entry.isDirectory()) {
        // Hidden entries are tool and OS metadata (.git, .DS_Store), never evidence.
        if (name.startsWith('.')) continue;
        const rel = `${listing.rel}${name}/`;
        // A delivery folder of evidence the query does not read is not even listed.
        if (walk.scope !== undefined && outOfScope(walk.scope, deliveredType(rel))) walk.skippedFolders += 1;
        else await this.walk(listingOf(pathIn(listing, name), `${listing.key}${name}${sep}`, rel), found, warnings, folders, walk);
      } else if (name.startsWith('.')) {
        count = undefined;
      } else if (entry.isSymbolicLink()) {
        // A link could lead outside the evidence folder, so it is not followed.
        const path = pathIn(listing, name);
        warnings.push({ code: 'evidence.skipped', message: `Skipped ${this.relative(path)}: symbolic links are not followed.`, subject: path });
        count = undefined;
      } else if (entry.isFile()) {
        listing.names.push(name);
        if (count !== undefined) count += 1;
      } else {
        count = undefined;
      }
    }
    if (listing.names.length > 0) found.push(listing);
    folders.set(dir, count);
  }

  /**
   * The flow-log format declared for a file: `name.format` beside `name.log` (or `name.log.format`),
   * else the catalog's option. Read fresh each time: it is a few hundred bytes, and may be edited.
   */
  private declaredFormat(path: string, present: ReadonlySet<string>): string | undefined {
    const dot = path.lastIndexOf('.');
    const stem = dot > path.lastIndexOf(sep) ? path.slice(0, dot) : path;
    for (const candidate of [stem + FORMAT_SUFFIX, path + FORMAT_SUFFIX]) {
      if (!present.has(candidate)) continue;
      try {
        return readFileSync(candidate, 'utf8').slice(0, 64 * 1024);
      } catch {
        // An unreadable format file declares nothing; the data file is then sniffed on its own.
      }
    }
    return this.options.flowLogFormat;
  }

  /**
   * Of `files` taken from memory without a stat, the paths whose size or modification time has
   * changed since, or that are gone; the memory forgets them, so that the next discover() sniffs
   * them afresh. Runs in slices between the event loop's other work (a query's, typically).
   */
  async verify(files: readonly UnverifiedFile[]): Promise<string[]> {
    const changed: string[] = [];
    for (const [index, file] of files.entries()) {
      if (index % BATCH === 0) await nextTurn();
      if (unchanged(file)) continue;
      changed.push(file.path);
      this.memory.forget(file.path);
    }
    return changed;
  }

  /** The file's sniff: the memory's (`known` at `at`, -1 for none) when its size and modification time are unchanged, else a fresh one. */
  private look(path: string, known: FolderMemory | undefined, at: number, format: string | undefined, warnings: ResultWarning[]): Sniffed | undefined {
    try {
      if (at >= 0) {
        const { size, mtimeMs } = statSync(path);
        if (known!.size(at) === size && known!.mtimeMs(at) === mtimeMs) return { sniff: known!.sniff(at), size, mtimeMs };
      }
      const sniffed = sniffEvidenceFile(path, format === undefined ? {} : { flowLogFormat: format });
      this.sniffed += 1;
      this.memory.set(path, { ...sniffed, format });
      return sniffed;
    } catch (error) {
      warnings.push({ code: 'evidence.unreadable', message: `Skipped ${this.relative(path)}: ${(error as Error).message}.`, subject: path });
      return undefined;
    }
  }

  private emptyError(examined: number, warnings: ResultWarning[]): AwsfxError {
    if (examined === 0) {
      return new AwsfxError('evidence.empty', `The evidence folder ${this.folder} holds no files. Put evidence files in it (CloudTrail, VPC flow logs, Route 53 Resolver query logs, GuardDuty findings, S3 or ALB access logs, CloudWatch Logs exports, host logs…; S3 layout or flat).`, { subject: this.folder });
    }
    const shown = warnings.slice(0, 5).map((w) => w.message).join(' ');
    const more = warnings.length > 5 ? ` (and ${warnings.length - 5} more)` : '';
    return new AwsfxError('evidence.empty', `None of the ${examined} files in ${this.folder} holds CloudTrail events or other evidence awsfx reads. ${shown}${more}`, { subject: this.folder });
  }
}
