/**
 * A CloudWatch Logs subscription delivers to Lambda as `{"awslogs": {"data": "<base64 of gzip>"}}`.
 * DuckDB reads JSON and gzip files but cannot inflate a gzip value inside a file, so the payloads
 * are moved into files of their own: DuckDB reads each event file's base64 text, this module checks
 * and decodes it to bytes and writes them, unparsed, to a gzip file in the engine's cache folder,
 * and DuckDB reads that as the payload JSON. Nothing here parses the logs.
 *
 * A cached file is named after the event file's path, size and modification time, so it is decoded
 * again only when the event file changes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvidenceFile, EvidenceQuery, Readied } from './evidenceSource';
import { oneFile } from './fileGroups';
import { readJson } from './jsonReaders';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The event files, now reading their payloads from the cache (`readPath`) in the `payload` layout. */
export async function unwrapLambdaPayloads(files: readonly EvidenceFile[], cacheDir: string, query: EvidenceQuery): Promise<Readied> {
  const result: Readied = { files: [], warnings: [], failed: [] };
  for (const file of files) {
    const target = join(cacheDir, `${createHash('sha256').update(`${file.path}\u0000${file.size}\u0000${file.mtimeMs}`).digest('hex').slice(0, 32)}.json.gz`);
    const payload: EvidenceFile = { ...file, layout: 'payload', lines: false, gzip: true, readPath: target };
    if (existsSync(target)) {
      result.files.push(payload);
      continue;
    }
    let rows: unknown[][];
    try {
      rows = await query(`SELECT awslogs.data FROM ${readJson(oneFile(file), file, [['awslogs', 'STRUCT(data VARCHAR)']], { filename: false })}`);
    } catch (error) {
      result.failed.push({ file, error });
      continue;
    }
    const problem = decode(rows.map((row) => row[0]));
    if (typeof problem === 'string') {
      result.warnings.push({ code: 'evidence.unreadable', message: `Skipped ${file.relative}: ${problem}.`, subject: file.path });
      continue;
    }
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(target, problem);
    result.files.push(payload);
  }
  return result;
}

/** The payloads' gzip bytes one after another (DuckDB reads concatenated gzip members), or why not. */
function decode(values: unknown[]): Buffer | string {
  const parts: Buffer[] = [];
  for (const value of values) {
    if (typeof value !== 'string' || value.length === 0) return 'it is a Lambda event without awslogs.data';
    const text = value.replace(/\s+/g, '');
    if (text.length % 4 !== 0 || !BASE64.test(text)) return 'its awslogs.data is not base64 text';
    const bytes = Buffer.from(text, 'base64');
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return 'its awslogs.data does not decode to gzip data';
    parts.push(bytes);
  }
  if (parts.length === 0) return 'it is a Lambda event without awslogs.data';
  return Buffer.concat(parts);
}
