/** Reads the documented query blocks in place from the shared docs snapshot (never copied into the repo). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../..');
export const DOC_BLOCKS_FILE = resolve(repoRoot, '../shared/data/cwl-insights-docs/extracted/cwl_insights_query_blocks.txt');

export interface DocBlock {
  id: number;
  source: string;
  query: string;
}

export function readDocBlocks(): DocBlock[] {
  const text = readFileSync(DOC_BLOCKS_FILE, 'utf8');
  return text.split(/^(?=### \[\d+\])/m).filter((part) => part.startsWith('### [')).map((part) => {
    const lines = part.split('\n');
    const header = /^### \[(\d+)\] source=(\S+)/.exec(lines[0]!)!;
    assert.ok(lines[1]!.startsWith('# context:'), `block ${header[1]} has no context line`);
    return { id: Number(header[1]), source: header[2]!, query: lines.slice(2).join('\n').trim() };
  });
}
