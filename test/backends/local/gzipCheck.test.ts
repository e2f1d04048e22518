import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EvidenceMemory } from '../../../src/backends/local/evidenceMemory';
import { GzipChecks } from '../../../src/backends/local/gzipCheck';
import type { EvidenceFile } from '../../../src/backends/local/sources/evidenceSource';
import { tempFolder } from './evidenceFolders';

/** Flow-log lines; random addresses and byte counts so that the stream stays large once compressed. */
function flowLines(count: number): string {
  const random = randomBytes(count * 8);
  const lines = ['version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status'];
  for (let i = 0; i < count; i++) {
    const b = (k: number) => random[i * 8 + k]!;
    lines.push(`2 111122223333 eni-0${b(0).toString(16)}${b(1).toString(16)} 10.${b(2)}.${b(3)}.${b(4)} 203.0.113.${b(5)} ${b(6) * 200} 443 6 ${b(7)} ${b(0) * b(1) * 97} 1715580000 1715580060 ACCEPT OK`);
  }
  return lines.join('\n') + '\n';
}

describe('backends/local/gzipCheck', function () {
  this.timeout(60_000);

  it('finds the streams cut short among small and large files, and the memory keeps every answer', async () => {
    const { dir, remove } = tempFolder('gzip');
    try {
      const small = gzipSync(flowLines(50));
      const large = gzipSync(flowLines(60_000));
      // The large one must take the streamed path (files over 256 KB), the small ones the main thread's.
      assert.ok(large.length > 256 * 1024 && small.length < 16 * 1024, `${small.length} / ${large.length}`);
      const written: Record<string, Buffer> = {
        'small-whole.log.gz': small,
        'small-cut.log.gz': small.subarray(0, small.length - 20),
        'large-whole.log.gz': large,
        'large-cut.log.gz': large.subarray(0, Math.floor(large.length * 0.7)),
      };
      // Enough small files that the main thread's work spans several slices.
      for (let i = 0; i < 300; i++) written[`many-${String(i).padStart(3, '0')}.log.gz`] = i === 217 ? small.subarray(0, 100) : small;
      const memory = EvidenceMemory.open(dir, undefined);
      const files: EvidenceFile[] = Object.entries(written).map(([name, bytes]) => {
        const path = join(dir, name);
        writeFileSync(path, bytes);
        const { size, mtimeMs } = statSync(path);
        memory.set(path, { size, mtimeMs, format: undefined, sniff: { ok: true, shape: { type: 'vpcflow', layout: 'header', gzip: true, lines: true } } });
        return { type: 'vpcflow', layout: 'header', gzip: true, lines: true, path, relative: name, size, mtimeMs };
      });

      const checks = new GzipChecks(memory);
      checks.start(files);
      const broken = await checks.broken(files);
      assert.deepEqual(broken.map((b) => b.file.relative).sort(), ['large-cut.log.gz', 'many-217.log.gz', 'small-cut.log.gz']);
      for (const { problem } of broken) assert.equal(problem, 'its gzip stream is broken (unexpected end of file)');
      for (const file of files) {
        const answer = memory.get(file.path, file.size, file.mtimeMs)?.gzip;
        assert.equal(answer, broken.some((b) => b.file === file) ? 'its gzip stream is broken (unexpected end of file)' : null, file.relative);
      }

      // A later engine takes the memory's answers for files of the same size and time: none is inflated
      // again (this one was mended on disk, and is still answered as the memory knew it).
      writeFileSync(join(dir, 'small-cut.log.gz'), small);
      const later = new GzipChecks(memory);
      assert.deepEqual((await later.broken(files)).map((b) => b.file.relative).sort(), ['large-cut.log.gz', 'many-217.log.gz', 'small-cut.log.gz']);
    } finally {
      remove();
    }
  });

  it('calls a file that cannot be read broken, naming why', async () => {
    const { dir, remove } = tempFolder('gzip-gone');
    try {
      const memory = EvidenceMemory.open(dir, undefined);
      const gone = (name: string, size: number): EvidenceFile => ({ type: 'vpcflow', layout: 'header', gzip: true, lines: true, path: join(dir, name), relative: name, size, mtimeMs: 1 });
      const files = [gone('small.log.gz', 10), gone('large.log.gz', 10 << 20)];
      const broken = await new GzipChecks(memory).broken(files);
      assert.deepEqual(broken.map((b) => b.file.relative), ['small.log.gz', 'large.log.gz']);
      for (const { problem } of broken) assert.match(problem, /^its gzip stream is broken \(ENOENT/);
    } finally {
      remove();
    }
  });
});
