/**
 * Finds the CloudTrail evidence in a folder: walks it, sniffs each file once (remembered by size and
 * modification time), and reports every file it cannot use as a warning rather than an error.
 * Layouts: S3 delivery (`AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz`) or flat.
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { relative, sep } from 'node:path';
import type { ResultWarning } from '../../common/resultSet';
import { AwsfxError } from '../../core/errors';
import { sniffEvidenceFile, type EvidenceFormat, type Sniffed } from './evidenceSniffer';

export interface EvidenceFile {
  /** Absolute path. */
  path: string;
  /** Path below the evidence folder, with forward slashes, for messages. */
  relative: string;
  format: EvidenceFormat;
  gzip: boolean;
  /** Read as newline-delimited JSON (see SniffResult). */
  lines: boolean;
  size: number;
  mtimeMs: number;
}

export interface EvidenceInventory {
  folder: string;
  /** Usable CloudTrail files, sorted by path. */
  files: EvidenceFile[];
  warnings: ResultWarning[];
  /** Changes whenever a usable file is added, removed or modified. */
  fingerprint: string;
  /** Files looked at, usable or not. */
  examined: number;
  /**
   * For each folder holding files: how many, when it holds nothing a file pattern would also pick up
   * (hidden files, links). Such a folder can be read as `folder/*` when all its files are read alike.
   */
  plainFolders: Map<string, number>;
}

/** Files handled between yields to the event loop (the file system calls are synchronous, see evidenceSniffer). */
const BATCH = 256;

/** Discovery for one folder, remembering what it sniffed between runs. */
export class EvidenceCatalog {
  private readonly seen = new Map<string, Sniffed>();

  constructor(readonly folder: string) {}

  async discover(): Promise<EvidenceInventory> {
    this.checkFolder();
    const warnings: ResultWarning[] = [];
    const paths: string[] = [];
    const folders = new Map<string, number | undefined>();
    await this.walk(this.folder, paths, warnings, folders);
    paths.sort();

    const files: EvidenceFile[] = [];
    for (const [index, path] of paths.entries()) {
      if (index > 0 && index % BATCH === 0) await nextTurn();
      const seen = this.look(path, warnings);
      if (!seen) continue;
      const { sniff, size, mtimeMs } = seen;
      const rel = this.relative(path);
      if (sniff.ok) files.push({ path, relative: rel, format: sniff.format, gzip: sniff.gzip, lines: sniff.lines, size, mtimeMs });
      else warnings.push({ code: sniff.code, message: `Skipped ${rel}: ${sniff.problem}.`, subject: path });
    }
    // Forget files that are gone so the cache does not grow with a folder's history.
    const present = new Set(paths);
    for (const path of this.seen.keys()) if (!present.has(path)) this.seen.delete(path);

    if (files.length === 0) throw this.emptyError(paths.length, warnings);
    const fingerprint = files.map((f) => `${f.path}\u0000${f.size}\u0000${f.mtimeMs}\u0000${f.format}\u0000${f.lines}`).join('\u0001');
    const plainFolders = new Map<string, number>();
    for (const [dir, count] of folders) if (count !== undefined && count > 0) plainFolders.set(dir, count);
    return { folder: this.folder, files, warnings, fingerprint, examined: paths.length, plainFolders };
  }

  relative(path: string): string {
    // Every path here was made by joining onto the folder, so the prefix can simply be cut off
    // (path.relative costs more, thousands of times over).
    const rest = path.startsWith(this.folder + sep) ? path.slice(this.folder.length + 1) : relative(this.folder, path);
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
      throw new AwsfxError('evidence.missing', `The evidence path ${this.folder} is not a folder; point the target at the folder that holds the CloudTrail files.`, { subject: this.folder });
    }
  }

  /** Collects file paths; `folders` gets each folder's file count, or undefined when it also holds hidden files or links. */
  private async walk(dir: string, found: string[], warnings: ResultWarning[], folders: Map<string, number | undefined>): Promise<void> {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      warnings.push({ code: 'evidence.unreadable', message: `Skipped the folder ${this.relative(dir) || '.'}: ${(error as Error).message}.`, subject: dir });
      return;
    }
    let count: number | undefined = 0;
    for (const entry of entries) {
      // `dir` is already normal and a name holds no separator, so plain concatenation is path.join.
      const path = dir.endsWith(sep) ? dir + entry.name : dir + sep + entry.name;
      if (entry.isDirectory()) {
        // Hidden entries are tool and OS metadata (.git, .DS_Store), never evidence.
        if (!entry.name.startsWith('.')) await this.walk(path, found, warnings, folders);
      } else if (entry.name.startsWith('.')) {
        count = undefined;
      } else if (entry.isSymbolicLink()) {
        // A link could lead outside the evidence folder, so it is not followed.
        warnings.push({ code: 'evidence.skipped', message: `Skipped ${this.relative(path)}: symbolic links are not followed.`, subject: path });
        count = undefined;
      } else if (entry.isFile()) {
        found.push(path);
        if (count !== undefined) count += 1;
      } else {
        count = undefined;
      }
    }
    folders.set(dir, count);
  }

  /** The file's sniff, from memory when its size and modification time are unchanged. */
  private look(path: string, warnings: ResultWarning[]): Sniffed | undefined {
    try {
      const known = this.seen.get(path);
      if (known) {
        const { size, mtimeMs } = statSync(path);
        if (known.size === size && known.mtimeMs === mtimeMs) return known;
      }
      const sniffed = sniffEvidenceFile(path);
      this.seen.set(path, sniffed);
      return sniffed;
    } catch (error) {
      warnings.push({ code: 'evidence.unreadable', message: `Skipped ${this.relative(path)}: ${(error as Error).message}.`, subject: path });
      return undefined;
    }
  }

  private emptyError(examined: number, warnings: ResultWarning[]): AwsfxError {
    if (examined === 0) {
      return new AwsfxError('evidence.empty', `The evidence folder ${this.folder} holds no files. Put CloudTrail files (.json or .json.gz, S3 layout or flat) in it.`, { subject: this.folder });
    }
    const shown = warnings.slice(0, 5).map((w) => w.message).join(' ');
    const more = warnings.length > 5 ? ` (and ${warnings.length - 5} more)` : '';
    return new AwsfxError('evidence.empty', `None of the ${examined} files in ${this.folder} holds CloudTrail events. ${shown}${more}`, { subject: this.folder });
  }
}
