/** Reads a generated corpus back from disk the way an investigator's tool would: walk, gunzip, parse. */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';

export type JsonRecord = Record<string, unknown>;

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

export function readRecords(dir: string, file: string): JsonRecord[] {
  const parsed = JSON.parse(gunzipSync(readFileSync(join(dir, file))).toString('utf8')) as { Records: JsonRecord[] };
  return parsed.Records;
}

/** All records of a corpus, each with the file it came from, in file order. */
export function readCorpus(dir: string): Array<{ file: string; record: JsonRecord }> {
  return listFiles(dir).flatMap((file) => readRecords(dir, file).map((record) => ({ file, record })));
}

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `awsfx-${label}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
