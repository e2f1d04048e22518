/**
 * DuckDB's CSV reader does not notice a gzip file cut short (an interrupted download): it reads what
 * inflates and returns the partial last line as a row, with no error. JSON readers do notice, as
 * the cut leaves malformed JSON. So gzip files read by lines (flow logs, access logs, exports, host
 * logs) are inflated here once, whole, to check their streams end as gzip streams must.
 *
 * The checks run while the query runs, and are awaited only before the result is given. Small files
 * (delivery files are mostly a few kilobytes) are inflated on the main thread, a few milliseconds'
 * worth at a time between the event loop's other work: measured on 6,000 flow logs (9.6 MB, 93 MB
 * inflated), ~0.2 s of CPU that way against ~1.3 s through the thread pool, where each file's trips
 * between threads cost more than inflating it. Large files are streamed on the thread pool, two at
 * a time: DuckDB, which inflates each file on one thread, leaves a core to spare on a few large
 * files. A file's answer is kept until its size or modification time changes.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
import type { EvidenceMemory } from './evidenceMemory';
import type { EvidenceFile, EvidenceType } from './sources/evidenceSource';

/** Types whose files DuckDB reads with its CSV reader. */
const LINE_TYPES: ReadonlySet<EvidenceType> = new Set(['vpcflow', 's3access', 'alb', 'hostlogs']);

/** Streams inflated at once: enough to overlap the query, not so many as to take the cores from it. */
const PARALLEL = 2;

/** Files up to this size are inflated on the main thread (at most a few milliseconds each); larger ones are streamed. */
const SMALL_BYTES = 256 * 1024;

/** The main thread's work on small files between two turns of the event loop. */
const SLICE_MS = 4;

/** Types some of whose files need the check. */
export const CHECKED_TYPES: ReadonlySet<EvidenceType> = new Set([...LINE_TYPES, 'cloudwatchlogs']);

export function needsGzipCheck(file: EvidenceFile): boolean {
  return file.gzip && (LINE_TYPES.has(file.type) || (file.type === 'cloudwatchlogs' && file.layout === 'export'));
}

interface Check {
  size: number;
  mtimeMs: number;
  /** Why the stream is broken, or undefined when it is whole. */
  problem: Promise<string | undefined>;
}

export class GzipChecks {
  private readonly checks = new Map<string, Check>();
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** Small files waiting for their turn on the main thread, and the next one to inflate. */
  private readonly small: Array<{ path: string; done: (problem: string | undefined) => void }> = [];
  private nextSmall = 0;
  private draining = false;

  /** `memory` holds the answers of earlier processes and gets the new ones. */
  constructor(private readonly memory: EvidenceMemory) {}

  /** Starts checking the files that need it and have not been checked as they are now. */
  start(files: readonly EvidenceFile[]): void {
    for (const file of files) {
      if (!needsGzipCheck(file) || file.gzipWhole) continue;
      const known = this.checks.get(file.path);
      if (known && known.size === file.size && known.mtimeMs === file.mtimeMs) continue;
      const remembered = this.memory.get(file.path, file.size, file.mtimeMs)?.gzip;
      const problem =
        remembered !== undefined
          ? Promise.resolve(remembered ?? undefined)
          : (file.size <= SMALL_BYTES ? this.inSlices(file.path) : this.queued(() => inflateStreamed(file.path))).then((answer) => {
              this.memory.setGzip(file.path, file.size, file.mtimeMs, answer);
              return answer;
            });
      this.checks.set(file.path, { size: file.size, mtimeMs: file.mtimeMs, problem });
    }
  }

  /** The files among these whose gzip stream is broken, with why; waits for their checks. */
  async broken(files: readonly EvidenceFile[]): Promise<Array<{ file: EvidenceFile; problem: string }>> {
    this.start(files);
    const pending = files.filter((file) => needsGzipCheck(file) && !file.gzipWhole && this.checks.has(file.path));
    // One wait for all: thousands of files, most of them answered already.
    const problems = await Promise.all(pending.map((file) => this.checks.get(file.path)!.problem));
    return pending.flatMap((file, i) => (problems[i] === undefined ? [] : [{ file, problem: problems[i]! }]));
  }

  private async queued(task: () => Promise<string | undefined>): Promise<string | undefined> {
    if (this.running >= PARALLEL) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      return await task();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }

  /** Inflates a small file on the main thread, in its turn among the others. */
  private inSlices(path: string): Promise<string | undefined> {
    return new Promise((done) => {
      this.small.push({ path, done });
      if (!this.draining) void this.drainSmall();
    });
  }

  private async drainSmall(): Promise<void> {
    this.draining = true;
    while (this.nextSmall < this.small.length) {
      // Each slice waits its turn: the query is started, and its chunks fetched, in between.
      await nextTurn();
      const end = performance.now() + SLICE_MS;
      while (this.nextSmall < this.small.length && performance.now() < end) {
        const { path, done } = this.small[this.nextSmall++]!;
        done(inflateNow(path));
      }
    }
    this.small.length = 0;
    this.nextSmall = 0;
    this.draining = false;
  }
}

const broken = (error: Error): string => `its gzip stream is broken (${error.message})`;

/** Inflates a file at once, keeping nothing; zlib's reason when the stream is not whole. */
function inflateNow(path: string): string | undefined {
  try {
    gunzipSync(readFileSync(path));
    return undefined;
  } catch (error) {
    return broken(error as Error);
  }
}

/** Inflates a file as a stream, keeping nothing; resolves with zlib's reason when the stream is not whole. */
function inflateStreamed(path: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const input = createReadStream(path, { highWaterMark: 1 << 20 });
    const gunzip = createGunzip();
    const fail = (error: Error): void => {
      input.destroy();
      gunzip.destroy();
      resolve(broken(error));
    };
    input.on('error', fail);
    gunzip.on('error', fail);
    gunzip.on('data', () => undefined);
    gunzip.on('end', () => resolve(undefined));
    input.pipe(gunzip);
  });
}
