/**
 * Decides what an evidence file holds from its first bytes, without parsing the whole file: the full
 * parse is DuckDB's job, once, when the query runs. Gzip is recognised by its magic number, not by
 * the file name, and only as much of the stream is inflated as the decision needs. What the bytes
 * mean is decided by sources/jsonSniff.ts (JSON evidence) and sources/textSniff.ts (line formats).
 *
 * The reads are synchronous on purpose: thousands of tiny reads cost several times more through the
 * thread pool than inline, and discovery yields to the event loop between batches (evidenceDiscovery).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { constants as zlib, gunzipSync } from 'node:zlib';
import type { FileShape } from './sources/evidenceSource';
import { classifyJson, describeUnknownJson, oneValuePerLine, type JsonDecision } from './sources/jsonSniff';
import { classifyText, type TextDecision } from './sources/textSniff';

export type SniffResult =
  | { ok: true; shape: FileShape }
  | { ok: false; problem: string; code: 'evidence.unrecognised' | 'evidence.unreadable' };

/** Bytes read from the start of a file, in two steps: most files are decided by the first. */
const FIRST_READ = 8 * 1024;
const FULL_READ = 64 * 1024;
/** Compressed bytes inflated first; a delivery file's first record starts within them. */
const FIRST_INFLATE = 512;

/** One buffer for every read: sniffing is synchronous, and a fresh buffer per file is measurable over thousands. */
const scratch = Buffer.allocUnsafe(FULL_READ);

/** A sniffed file, with the size and modification time the answer is good for. */
export interface Sniffed {
  sniff: SniffResult;
  size: number;
  mtimeMs: number;
}

export interface SniffOptions {
  /** A VPC flow-log format declared for this file (a `.format` file beside it, or an option). */
  flowLogFormat?: string;
}

export function sniffEvidenceFile(path: string, options: SniffOptions = {}): Sniffed {
  const fd = openSync(path, 'r');
  try {
    // Stat the open file rather than the path: one path lookup per file instead of two.
    const { size, mtimeMs } = fstatSync(fd);
    return { sniff: sniffOpenFile(fd, options), size, mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/** Characters decoded for a first decision; a delivery file is decided by its first record's opening. */
const QUICK_CHARS = 1024;

function sniffOpenFile(fd: number, options: SniffOptions): SniffResult {
  let head = read(fd, FIRST_READ);
  if (head.length === 0) return { ok: false, code: 'evidence.unrecognised', problem: 'the file is empty' };
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  const steps = gzip ? [FIRST_INFLATE, FIRST_READ, FULL_READ] : [FIRST_READ, FULL_READ];
  let text = '';
  for (const [index, size] of steps.entries()) {
    if (size > head.length && head.length === FIRST_READ) head = read(fd, FULL_READ);
    const last = index === steps.length - 1 || head.length < size;
    let bytes: Buffer;
    if (gzip) {
      try {
        // Sync flush inflates what the partial stream holds instead of failing at its missing end.
        bytes = gunzipSync(head.subarray(0, size), { finishFlush: zlib.Z_SYNC_FLUSH });
      } catch (error) {
        return { ok: false, code: 'evidence.unreadable', problem: `it is not a readable gzip file (${(error as Error).message})` };
      }
    } else {
      bytes = head.subarray(0, size);
    }
    // Decoding a little first keeps thousands of sniffs from making thousands of large strings.
    let decision: JsonDecision | TextDecision = 'more';
    if (bytes.length > QUICK_CHARS) {
      text = bytes.toString('utf8', 0, QUICK_CHARS);
      decision = classify(text, false, options);
    }
    if (decision === 'more') {
      text = bytes.toString('utf8');
      decision = classify(text, last, options);
    }
    if (decision !== 'more' && decision !== 'unknown') {
      const shape: FileShape = 'lines' in decision ? { ...decision, gzip } : { ...decision, gzip, lines: oneValuePerLine(decision.layout, bytes, last) };
      return { ok: true, shape };
    }
    if (decision === 'unknown' || last) break;
  }
  if (gzip && text.trim() === '') return { ok: false, code: 'evidence.unreadable', problem: 'it is a gzip file with no readable data' };
  return { ok: false, code: 'evidence.unrecognised', problem: isJson(text) ? describeUnknownJson(text) : 'it is not JSON, and not a log format awsfx reads' };
}

function isJson(text: string): boolean {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  return start.startsWith('{') || start.startsWith('[');
}

function classify(text: string, complete: boolean, options: SniffOptions): JsonDecision | TextDecision {
  return isJson(text) ? classifyJson(text, complete) : classifyText(text, complete, options.flowLogFormat);
}

function read(fd: number, size: number): Buffer {
  const bytes = readSync(fd, scratch, 0, size, 0);
  return scratch.subarray(0, bytes);
}
