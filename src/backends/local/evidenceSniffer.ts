/**
 * Decides what an evidence file holds from its first bytes, without parsing the whole file: the full
 * parse is DuckDB's job, once, when the query runs. Gzip is recognised by its magic number, not by
 * the file name, and only as much of the stream is inflated as the decision needs.
 *
 * The reads are synchronous on purpose: thousands of tiny reads cost several times more through the
 * thread pool than inline, and discovery yields to the event loop between batches (evidenceDiscovery).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { constants as zlib, gunzipSync } from 'node:zlib';

/**
 * - `records`: a CloudTrail delivery file, `{"Records":[ event, … ]}` (S3 layout or downloaded flat).
 * - `array`: a bare JSON array of CloudTrail events (exports, Stratus Red Team detonation logs).
 * - `events`: CloudTrail events as a stream of objects, usually one per line (JSON Lines).
 */
export type EvidenceFormat = 'records' | 'array' | 'events';

export type SniffResult =
  /**
   * `lines`: the JSON values look one per line (CloudTrail writes a delivery file on one line), so
   * DuckDB can read the file as newline-delimited JSON, which is much cheaper than reading it as one
   * document. A guess from the first bytes; a file that proves it wrong is read as a document.
   */
  | { ok: true; format: EvidenceFormat; gzip: boolean; lines: boolean }
  | { ok: false; problem: string; code: 'evidence.unrecognised' | 'evidence.unreadable' };

/** Bytes read from the start of a file, in two steps: most files are decided by the first. */
const FIRST_READ = 8 * 1024;
const FULL_READ = 64 * 1024;
/** Compressed bytes inflated first; a delivery file's first record starts within them. */
const FIRST_INFLATE = 512;

type Decision = EvidenceFormat | 'unknown' | 'more';

/** One buffer for every read: sniffing is synchronous, and a fresh buffer per file is measurable over thousands. */
const scratch = Buffer.allocUnsafe(FULL_READ);

/** A sniffed file, with the size and modification time the answer is good for. */
export interface Sniffed {
  sniff: SniffResult;
  size: number;
  mtimeMs: number;
}

export function sniffEvidenceFile(path: string): Sniffed {
  const fd = openSync(path, 'r');
  try {
    // Stat the open file rather than the path: one path lookup per file instead of two.
    const { size, mtimeMs } = fstatSync(fd);
    return { sniff: sniffOpenFile(fd), size, mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/** Characters decoded for a first decision; a delivery file is decided by its first record's opening. */
const QUICK_CHARS = 1024;

function sniffOpenFile(fd: number): SniffResult {
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
    let decision: Decision = 'more';
    if (bytes.length > QUICK_CHARS) {
      text = bytes.toString('utf8', 0, QUICK_CHARS);
      decision = classify(text, false);
    }
    if (decision === 'more') {
      text = bytes.toString('utf8');
      decision = classify(text, last);
    }
    if (decision !== 'more' && decision !== 'unknown') return { ok: true, format: decision, gzip, lines: oneValuePerLine(decision, bytes, last) };
    if (decision === 'unknown' || last) break;
  }
  if (gzip && text.trim() === '') return { ok: false, code: 'evidence.unreadable', problem: 'it is a gzip file with no readable data' };
  return { ok: false, code: 'evidence.unrecognised', problem: describeUnknown(text) };
}

function read(fd: number, size: number): Buffer {
  const bytes = readSync(fd, scratch, 0, size, 0);
  return scratch.subarray(0, bytes);
}

const EVENT_KEYS = /"(?:eventVersion|eventTime|eventSource|eventName|eventID)"\s*:/g;

/**
 * Two of the keys every CloudTrail event has mark CloudTrail events. S3, SNS and SQS notifications
 * share those keys but name their source `aws:s3` where CloudTrail has `s3.amazonaws.com`.
 */
function eventKeys(text: string, complete: boolean): Decision {
  const found = new Set(text.match(EVENT_KEYS) ?? []);
  if (/"eventSource"\s*:\s*"aws:/i.test(text)) return 'unknown';
  if (found.size >= 2) return 'array';
  return complete ? 'unknown' : 'more';
}

/** `complete`: no more text will come, so an open question is a no. */
function classify(raw: string, complete: boolean): Decision {
  const text = raw.replace(/^\uFEFF/, '').trimStart();
  if (text === '') return complete ? 'unknown' : 'more';
  if (text.startsWith('{')) {
    const key = /^\{\s*"((?:[^"\\]|\\.)*)"\s*:\s*/.exec(text);
    if (!key) return complete || text.length > 1024 ? 'unknown' : 'more';
    const after = text.slice(key[0].length);
    if (key[1] !== 'Records') {
      const decision = eventKeys(text, complete);
      return decision === 'array' ? 'events' : decision;
    }
    // An empty delivery file is still CloudTrail. A record that opens with a 1.x eventVersion is a
    // CloudTrail event (S3 notifications, which also use Records, are version 2.x).
    if (/^\[\s*(\]|$)/.test(after)) return 'records';
    if (/^\[\s*\{\s*"eventVersion"\s*:\s*"1\./.test(after)) return 'records';
    const decision = eventKeys(after, complete);
    return decision === 'array' ? 'records' : decision;
  }
  if (text.startsWith('[')) {
    const after = text.slice(1).trimStart();
    if (after.startsWith(']')) return 'array';
    if (after === '') return complete ? 'array' : 'more';
    return after.startsWith('{') ? eventKeys(after, complete) : 'unknown';
  }
  return 'unknown';
}

/** Records: no line break inside what was read (pretty-printed JSON breaks at once). Events: the first line is a whole object. */
function oneValuePerLine(format: EvidenceFormat, bytes: Buffer, complete: boolean): boolean {
  if (format === 'array') return false;
  const newline = bytes.indexOf(0x0a);
  if (format === 'records') return newline === -1 || (complete && bytes.subarray(newline).toString('utf8').trim() === '');
  const first = bytes.subarray(0, newline === -1 ? bytes.length : newline).toString('utf8').replace(/^\uFEFF/, '').trim();
  return (newline !== -1 || complete) && first.startsWith('{') && first.endsWith('}');
}

function describeUnknown(raw: string): string {
  const text = raw.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{') && /"digestStartTime"|"digestPublicKeyFingerprint"/.test(text)) return 'it is a CloudTrail digest file, not CloudTrail events';
  if (text.startsWith('{') || text.startsWith('[')) return 'it is JSON but does not hold CloudTrail events';
  return 'it is not JSON';
}
