/**
 * Files that turn out to be broken. Sniffing reads only the start of a file, so a truncated gzip or
 * JSON cut in the middle is found when DuckDB reads it. Then the file is tried alone in its other
 * way of being read, if its type has one (a JSON file read by lines is read as a document; a text
 * file read as UTF-8 is read as Latin-1); if that works it is read so from then on, otherwise it is
 * set aside and reported, until its size or modification time changes.
 *
 * DuckDB names the file for malformed JSON, bad CSV and invalid UTF-8; a broken deflate stream
 * fails without a name, and then each file of the statement is read alone to find the broken ones.
 */
import type { DuckDBInstance } from '@duckdb/node-api';
import type { ResultWarning } from '../../common/resultSet';
import { CancelledError } from '../../core/errors';
import { parseEngineError, type EngineFailure } from './engineErrors';
import { readPathOf, type EvidenceFile } from './sources/evidenceSource';
import { sourceOf } from './sources/sourceRegistry';

/** What is remembered about a file until its size or modification time changes. */
interface FileNote {
  size: number;
  mtimeMs: number;
  /** Why it cannot be read; absent when it reads fine its other way. */
  message?: string;
}

export class EvidenceRecovery {
  private readonly notes = new Map<string, FileNote>();

  constructor(private readonly database: () => Promise<DuckDBInstance>) {}

  /**
   * The files as they should be read now: those known to be unreadable left out with a warning, and
   * those that read only their other way switched to it.
   */
  apply(files: readonly EvidenceFile[]): { files: EvidenceFile[]; warnings: ResultWarning[] } {
    // Usually nothing is set aside: then there is nothing to look up, file by file.
    if (this.notes.size === 0) return { files: [...files], warnings: [] };
    const usable: EvidenceFile[] = [];
    const warnings: ResultWarning[] = [];
    for (const file of files) {
      const note = this.notes.get(file.path);
      const current = note && note.size === file.size && note.mtimeMs === file.mtimeMs ? note : undefined;
      if (note && !current) this.notes.delete(file.path);
      if (current?.message) warnings.push({ code: 'evidence.unreadable', message: `Skipped ${file.relative}: ${current.message}`, subject: file.path });
      else usable.push(current ? (sourceOf(file.type).alternate?.(file) ?? file) : file);
    }
    return { files: usable, warnings };
  }

  /**
   * Deals with a failed statement over `files`: sets aside the files it can blame. True when it did,
   * so that the statement can run again over the others.
   */
  async recover(failure: EngineFailure, files: readonly EvidenceFile[], signal: AbortSignal | undefined): Promise<boolean> {
    // The longest match wins when one path prefixes another.
    const named = files.filter((f) => failure.message.includes(readPathOf(f))).sort((a, b) => readPathOf(b).length - readPathOf(a).length)[0];
    if (named) {
      await this.setAside(named, failure.message, signal);
      return true;
    }
    // Without a file name, a read error is a broken compressed stream (malformed JSON always names
    // its file; without a name it is the query's own json_parse).
    if (failure.type === 'IO' || /gzip|decompress/i.test(failure.message)) return (await this.findUnreadable(files, signal)) > 0;
    return false;
  }

  /** Tries a file that failed its other way; notes it as readable so, or as unreadable with DuckDB's reason. */
  async setAside(file: EvidenceFile, engineMessage: string, signal: AbortSignal | undefined): Promise<void> {
    let message = engineMessage;
    const other = sourceOf(file.type).alternate?.(file);
    if (other) {
      const failure = await this.readAlone(other, signal);
      if (failure === undefined) {
        this.notes.set(file.path, { size: file.size, mtimeMs: file.mtimeMs });
        return;
      }
      message = failure;
    }
    const shown = message.split(`"${readPathOf(file)}"`).join(`"${file.relative}"`).split(readPathOf(file)).join(file.relative);
    this.notes.set(file.path, { size: file.size, mtimeMs: file.mtimeMs, message: unreadableMessage(shown) });
  }

  /** Sets a file aside for a reason found outside DuckDB (its gzip stream is cut short). */
  markUnreadable(file: EvidenceFile, problem: string): void {
    this.notes.set(file.path, { size: file.size, mtimeMs: file.mtimeMs, message: `${problem}.` });
  }

  /** Reads each file alone to find the ones DuckDB cannot read. Returns how many it set aside. */
  async findUnreadable(files: readonly EvidenceFile[], signal: AbortSignal | undefined): Promise<number> {
    let found = 0;
    for (const file of files) {
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
      await connection.run(sourceOf(file.type).probeSql(file));
      return undefined;
    } catch (error) {
      if (signal?.aborted) throw new CancelledError();
      return parseEngineError(error).message;
    } finally {
      signal?.removeEventListener('abort', interrupt);
      connection.closeSync();
    }
  }
}

/** How a read failure is told in a warning: DuckDB's own words, which name the byte and the record. */
export function unreadableMessage(engineMessage: string): string {
  const lines = engineMessage.split('\n').map((line) => line.trim());
  // The CSV reader's first line says only where; its reason follows the quoted line (never repeated here).
  const reason = lines[0]!.startsWith('CSV Error') ? lines.slice(1).find((line) => line !== '' && !line.startsWith('Original Line')) : undefined;
  const said = reason ? `${lines[0]}: ${reason}` : lines[0]!;
  return `the engine could not read it (${said.replace(/\.$/, '')}).`;
}
