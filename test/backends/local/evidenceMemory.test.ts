/**
 * What the engine learns about evidence files (their types, whether their gzip streams are whole) is
 * remembered across processes in a cache folder: a later backend opens only files that changed and
 * gives the same answers and the same warnings; a memory that is damaged or foreign is ignored.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { LocalBackend } from '../../../src/backends/local/localBackend';
import { cliCacheDir } from '../../../src/cli/cacheDir';
import type { QueryRequest } from '../../../src/core/query';
import { generateEvidence } from '../../../src/core/generator';
import { tempFolder } from './evidenceFolders';

describe('backends/local evidence memory across processes', function () {
  this.timeout(120_000);
  const evidence = tempFolder('awsfx-memory-evidence-');
  const cache = tempFolder('awsfx-memory-cache-');
  const folder = join(evidence.dir, 'corpus');
  let flowLogs: string[] = [];
  let cutShort = '';

  before(async () => {
    await generateEvidence({ outDir: folder, seed: 11, events: 1500 });
    flowLogs = listFiles(folder).filter((f) => f.includes('/vpcflowlogs/'));
    // A flow log cut short still inflates to lines: only the whole-stream check notices.
    cutShort = flowLogs[0]!;
    const whole = readFileSync(cutShort);
    writeFileSync(cutShort, whole.subarray(0, Math.floor(whole.length * 0.6)));
  });
  after(() => {
    evidence.remove();
    cache.remove();
  });

  const flows: QueryRequest = { language: 'cwli', query: 'stats count(*) as flows', target: { kind: 'evidence', folder, logGroups: ['vpc-flow-logs'] } };
  const trail: QueryRequest = { language: 'athena-sql', query: 'SELECT count(*) AS n FROM cloudtrail_logs', target: { kind: 'evidence', folder } };

  async function runOnce(request: QueryRequest, cacheDir: string | undefined) {
    const backend = new LocalBackend(cacheDir ? { cacheDir } : {});
    try {
      return await backend.run(request);
    } finally {
      await backend.dispose();
    }
  }

  it('opens only what it has not seen before, and answers and warns exactly as the first time', async () => {
    const first = await runOnce(flows, cache.dir);
    assert.equal(first.facts.statistics.sniffedFiles, flowLogs.length);
    const warned = (w: { subject?: string }) => w.subject === cutShort;
    assert.ok(first.warnings.some(warned), 'the cut-short flow log is reported by name');
    // One folder of parts for the evidence folder: one per flow-log delivery folder (two accounts) read so far.
    assert.equal(readdirSync(cache.dir).length, 1);
    assert.equal(memoryParts().length, 2);

    const second = await runOnce(flows, cache.dir);
    assert.equal(second.facts.statistics.sniffedFiles, 0);
    assert.deepEqual(second.result.rows, first.result.rows);
    assert.deepEqual(second.warnings.map((w) => w.message), first.warnings.map((w) => w.message));

    // Without the memory, the same answer from scratch.
    const fresh = await runOnce(flows, undefined);
    assert.equal(fresh.facts.statistics.sniffedFiles, flowLogs.length);
    assert.deepEqual(fresh.result.rows, first.result.rows);
  });

  it('opens a file again when it changes, and reads what it now holds', async () => {
    const trailFiles = listFiles(folder).filter((f) => f.includes('/CloudTrail/'));
    const before = await runOnce(trail, cache.dir);
    const total = Number(before.result.rows[0]![0]);
    const again = await runOnce(trail, cache.dir);
    assert.equal(again.facts.statistics.sniffedFiles, 0);

    // Replace one delivery file by one holding a single event; keep the old modification time, so only the size tells.
    const target = trailFiles[0]!;
    const records = (JSON.parse(gunzipSync(readFileSync(target)).toString('utf8')) as { Records: unknown[] }).Records;
    writeFileSync(target, gzipSync(JSON.stringify({ Records: records.slice(0, 1) })));
    utimesSync(target, new Date(2024, 4, 13), new Date(2024, 4, 13));
    const after = await runOnce(trail, cache.dir);
    assert.equal(after.facts.statistics.sniffedFiles, 1);
    assert.equal(Number(after.result.rows[0]![0]), total - records.length + 1);
  });

  it('ignores a memory that is damaged, of another version or claims an unknown type', async () => {
    const parts = memoryParts();
    const goods = parts.map((part) => JSON.parse(readFileSync(part, 'utf8')) as { version: number; sniffs: Array<{ ok: boolean; shape?: { type: string } }> });
    const expected = (await runOnce(flows, undefined)).result.rows;
    const variants: Array<(good: (typeof goods)[number]) => string> = [
      () => 'not json {',
      (good) => JSON.stringify({ ...good, version: good.version + 1 }),
      (good) => JSON.stringify({ ...good, sniffs: good.sniffs.map((s) => (s.ok ? { ...s, shape: { ...s.shape, type: 'rm -rf' } } : s)) }),
      (good) => JSON.stringify({ ...good, folders: [['x/', ['y'], ['not a size'], [1], [0], [0]]] }),
    ];
    for (const variant of variants) {
      parts.forEach((part, i) => writeFileSync(part, variant(goods[i]!)));
      const result = await runOnce(flows, cache.dir);
      assert.equal(result.facts.statistics.sniffedFiles, flowLogs.length, variant(goods[0]!).slice(0, 40));
      assert.deepEqual(result.result.rows, expected);
    }
  });

  function memoryParts(): string[] {
    return listFiles(cache.dir).filter((f) => f.endsWith('.json'));
  }
});

describe('cli cache folder', () => {
  it('is AWSFX_CACHE_DIR, else XDG_CACHE_HOME/awsfx, else ~/.cache/awsfx; empty AWSFX_CACHE_DIR keeps nothing', () => {
    assert.equal(cliCacheDir({ AWSFX_CACHE_DIR: '/tmp/own' }), '/tmp/own');
    assert.equal(cliCacheDir({ AWSFX_CACHE_DIR: '' }), undefined);
    assert.equal(cliCacheDir({ XDG_CACHE_HOME: '/tmp/xdg' }), '/tmp/xdg/awsfx');
    assert.match(cliCacheDir({})!, /\/\.cache\/awsfx$/);
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
