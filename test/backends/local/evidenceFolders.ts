import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The real evidence shared with the project, read in place (never copied into the repository). */
export const repoRoot = resolve(__dirname, '../../..');
export const sharedData = resolve(repoRoot, '../shared/data');
export const stratusFolder = join(sharedData, 'cloudtrail-stratus-red-team-detonation-logs/docs/detonation-logs');
export const invictusFolder = join(sharedData, 'cloudtrail-invictus-stratus-sigma-aws/CloudTrail');

/** A fresh folder under the OS temp dir, removed by the returned function. */
export function tempFolder(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `awsfx-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
