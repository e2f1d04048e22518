/**
 * Writes evidence files to disk in S3's layout, gzip-compressed, exactly what
 * `aws s3 sync s3://bucket/AWSLogs …` leaves behind. Compression runs on libuv's thread pool while
 * the next slot is generated on the main thread; a small cap on files in flight keeps memory flat.
 */
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { EvidenceFile } from './evidenceFile';
import type { SourceName } from './sources';

const gzip = promisify(gzipCallback);

export interface WrittenFile {
  key: string;
  source: SourceName;
  records: number;
  bytes: number;
}

export interface WriteOptions {
  /** Files compressed and written concurrently. */
  concurrency?: number;
  onFile?: (file: WrittenFile) => void;
  signal?: AbortSignal;
}

export interface SourceStats {
  files: number;
  records: number;
  /** Bytes on disk, gzip-compressed. */
  bytes: number;
  /** Bytes before compression: what a reader inflates. */
  rawBytes: number;
}

export interface WriteStats extends SourceStats {
  /** Most records held by one file: the unit of memory the writer works in. */
  largestFile: number;
  bySource: Partial<Record<SourceName, SourceStats>>;
}

export async function writeEvidence(outDir: string, source: Iterable<EvidenceFile>, options: WriteOptions = {}): Promise<WriteStats> {
  const limit = Math.max(1, options.concurrency ?? 4);
  const stats: WriteStats = { files: 0, records: 0, bytes: 0, rawBytes: 0, largestFile: 0, bySource: {} };
  // The promise, not a flag: a second file for the same day must wait for the first mkdir.
  const madeDirs = new Map<string, Promise<unknown>>();
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;

  const writeOne = async (file: EvidenceFile): Promise<void> => {
    const raw = Buffer.from(file.text, 'utf8');
    // Node's gzip writes mtime 0 and a fixed OS byte, so equal input gives equal bytes.
    const compressed = await gzip(raw);
    const path = join(outDir, file.key);
    const dir = dirname(path);
    let made = madeDirs.get(dir);
    if (made === undefined) madeDirs.set(dir, (made = mkdir(dir, { recursive: true })));
    await made;
    await writeFile(path, compressed);
    for (const s of [stats, (stats.bySource[file.source] ??= { files: 0, records: 0, bytes: 0, rawBytes: 0 })]) {
      s.files++;
      s.records += file.records;
      s.bytes += compressed.length;
      s.rawBytes += raw.length;
    }
    stats.largestFile = Math.max(stats.largestFile, file.records);
    options.onFile?.({ key: file.key, source: file.source, records: file.records, bytes: compressed.length });
  };

  for (const file of source) {
    options.signal?.throwIfAborted();
    if (failure !== undefined) break;
    const task: Promise<void> = writeOne(file).then(
      () => void inFlight.delete(task),
      (error: unknown) => {
        inFlight.delete(task);
        failure ??= error;
      },
    );
    inFlight.add(task);
    if (inFlight.size >= limit) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  return stats;
}

/** True when `dir` already holds an AWSLogs tree that a new corpus would be mixed into. */
export async function hasEvidenceTree(dir: string): Promise<boolean> {
  try {
    return (await stat(join(dir, 'AWSLogs'))).isDirectory();
  } catch {
    return false;
  }
}

/** Removes only the AWSLogs tree the generator writes, never anything else in the folder. */
export async function removeEvidenceTree(dir: string): Promise<void> {
  await rm(join(dir, 'AWSLogs'), { recursive: true, force: true });
}
