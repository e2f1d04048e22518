/** Reads a generated corpus back from disk the way an investigator's tool would: walk, gunzip, parse. */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';

export type JsonRecord = Record<string, unknown>;

export const SHARED = process.env.AWSFX_SHARED_DATA ?? '/work/shared/data';

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

/** Files of one evidence type, by the service folder S3 delivery uses. */
export function filesOf(dir: string, service: 'CloudTrail' | 'vpcflowlogs' | 'vpcdnsquerylogs' | 'GuardDuty'): string[] {
  return listFiles(dir).filter((f) => f.split('/')[2] === service);
}

export function inflate(dir: string, file: string): string {
  return gunzipSync(readFileSync(join(dir, file))).toString('utf8');
}

export function readRecords(dir: string, file: string): JsonRecord[] {
  return (JSON.parse(inflate(dir, file)) as { Records: JsonRecord[] }).Records;
}

/** All CloudTrail records of a corpus, each with the file it came from, in file order. */
export function readCorpus(dir: string): Array<{ file: string; record: JsonRecord }> {
  return filesOf(dir, 'CloudTrail').flatMap((file) => readRecords(dir, file).map((record) => ({ file, record })));
}

/** JSON Lines files (resolver query logs, GuardDuty exports), one record per line. */
export function readJsonLines(dir: string, service: 'vpcdnsquerylogs' | 'GuardDuty'): Array<{ file: string; record: JsonRecord }> {
  return filesOf(dir, service).flatMap((file) =>
    inflate(dir, file).split('\n').filter((l) => l !== '').map((line) => ({ file, record: JSON.parse(line) as JsonRecord })),
  );
}

export interface FlowRow {
  file: string;
  fields: string[];
  /** Values by the field names of the file's own header line. */
  row: Record<string, string>;
}

/** Splits a flow log record; AWS's own examples sometimes hold two spaces between fields. */
export const flowValues = (line: string): string[] => line.trim().split(/ +/);

/** Flow log records mapped through each file's header line, never by position. */
export function readFlowLogs(dir: string): FlowRow[] {
  return filesOf(dir, 'vpcflowlogs').flatMap((file) => {
    const [header, ...lines] = inflate(dir, file).split('\n').filter((l) => l !== '');
    const fields = flowValues(header!);
    return lines.map((line) => {
      const values = flowValues(line);
      return { file, fields, row: Object.fromEntries(fields.map((f, i) => [f, values[i]!])) };
    });
  });
}

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `awsfx-${label}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
