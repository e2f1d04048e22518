/**
 * Writes deliveries to disk in S3's layout as gzip files of `{"Records":[…]}`, exactly what
 * `aws s3 sync s3://bucket/AWSLogs …` leaves behind. Compression runs on libuv's thread pool while
 * the next slot is generated on the main thread; a small cap on files in flight keeps memory flat.
 */
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Delivery } from './corpus';

const gzip = promisify(gzipCallback);

export interface WrittenFile {
  key: string;
  records: number;
  bytes: number;
}

export interface WriteOptions {
  /** Files compressed and written concurrently. */
  concurrency?: number;
  onFile?: (file: WrittenFile) => void;
  signal?: AbortSignal;
}

export interface WriteStats {
  files: number;
  records: number;
  bytes: number;
  /** Most records held by one delivery: the unit of memory the writer works in. */
  largestFile: number;
}

/** CloudTrail's own serialisation: one line, no spaces, the Records array at the top. */
export function serializeDelivery(delivery: Delivery): string {
  let body = '{"Records":[';
  for (let i = 0; i < delivery.records.length; i++) {
    if (i > 0) body += ',';
    body += JSON.stringify(delivery.records[i]);
  }
  return body + ']}';
}

export async function writeDeliveries(outDir: string, source: Iterable<Delivery>, options: WriteOptions = {}): Promise<WriteStats> {
  const limit = Math.max(1, options.concurrency ?? 4);
  const stats: WriteStats = { files: 0, records: 0, bytes: 0, largestFile: 0 };
  // The promise, not a flag: a second file for the same day must wait for the first mkdir.
  const madeDirs = new Map<string, Promise<unknown>>();
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;

  const writeOne = async (delivery: Delivery): Promise<void> => {
    // Node's gzip writes mtime 0 and a fixed OS byte, so equal input gives equal bytes.
    const compressed = await gzip(serializeDelivery(delivery));
    const path = join(outDir, delivery.key);
    const dir = dirname(path);
    let made = madeDirs.get(dir);
    if (made === undefined) madeDirs.set(dir, (made = mkdir(dir, { recursive: true })));
    await made;
    await writeFile(path, compressed);
    stats.files++;
    stats.records += delivery.records.length;
    stats.bytes += compressed.length;
    stats.largestFile = Math.max(stats.largestFile, delivery.records.length);
    options.onFile?.({ key: delivery.key, records: delivery.records.length, bytes: compressed.length });
  };

  for (const delivery of source) {
    options.signal?.throwIfAborted();
    if (failure !== undefined) break;
    const task: Promise<void> = writeOne(delivery).then(
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

/** True when `dir` already holds a CloudTrail tree that a new corpus would be mixed into. */
export async function hasCloudTrailTree(dir: string): Promise<boolean> {
  try {
    return (await stat(join(dir, 'AWSLogs'))).isDirectory();
  } catch {
    return false;
  }
}

/** Removes only the AWSLogs tree the generator writes, never anything else in the folder. */
export async function removeCloudTrailTree(dir: string): Promise<void> {
  await rm(join(dir, 'AWSLogs'), { recursive: true, force: true });
}
