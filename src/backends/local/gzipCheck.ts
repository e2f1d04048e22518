/**
 * DuckDB's CSV reader does not notice a gzip file cut short (an interrupted download): it reads what
 * inflates and returns the partial last line as a row, with no error. JSON readers do notice, as
 * the cut leaves malformed JSON. So gzip files read by lines (flow logs, access logs, exports, host
 * logs) are inflated here once, whole, to check their streams end as gzip streams must.
 *
 * The check runs on libuv's thread pool while the query runs, and is awaited only before the result
 * is given: measured, inflating 115 MB of flow logs took 350 ms, and DuckDB, which inflates each file
 * on one thread, leaves a core to spare on a few large files. A file's answer is kept until its size
 * or modification time changes.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { EvidenceMemory } from './evidenceMemory';
import type { EvidenceFile, EvidenceType } from './sources/evidenceSource';

/** Types whose files DuckDB reads with its CSV reader. */
const LINE_TYPES: ReadonlySet<EvidenceType> = new Set(['vpcflow', 's3access', 'alb', 'hostlogs']);

/** Streams inflated at once: enough to overlap the query, not so many as to take the cores from it. */
const PARALLEL = 2;

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
          : this.queued(() => inflateWhole(file.path)).then((answer) => {
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
}

/** Inflates a file, keeping nothing; resolves with zlib's reason when the stream is not whole. */
function inflateWhole(path: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const input = createReadStream(path, { highWaterMark: 1 << 20 });
    const gunzip = createGunzip();
    const fail = (error: Error): void => {
      input.destroy();
      gunzip.destroy();
      resolve(`its gzip stream is broken (${error.message})`);
    };
    input.on('error', fail);
    gunzip.on('error', fail);
    gunzip.on('data', () => undefined);
    gunzip.on('end', () => resolve(undefined));
    input.pipe(gunzip);
  });
}
