import assert from 'node:assert/strict';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cloudTrailSelect } from '../../../src/backends/local/sources/cloudTrailTable';
import { EvidenceCatalog } from '../../../src/backends/local/evidenceDiscovery';
import { sniffEvidenceFile } from '../../../src/backends/local/evidenceSniffer';
import { invictusFolder, stratusFolder, tempFolder } from './evidenceFolders';

describe('backends/local evidence discovery', () => {
  it('classifies the real datasets: bare arrays (Stratus) and delivery files (Invictus)', async () => {
    const stratus = await new EvidenceCatalog(stratusFolder).discover();
    assert.deepEqual([stratus.files.length, new Set(stratus.files.map((f) => `${f.type}/${f.layout}/${f.gzip}/${f.lines}`))], [35, new Set(['cloudtrail/array/false/false'])]);
    const invictus = await new EvidenceCatalog(invictusFolder).discover();
    // CloudTrail writes each delivery file on one line, which DuckDB reads fastest as JSON lines.
    assert.deepEqual([invictus.files.length, new Set(invictus.files.map((f) => `${f.type}/${f.layout}/${f.gzip}/${f.lines}`))], [55, new Set(['cloudtrail/records/false/true'])]);
    assert.equal(invictus.files[0]!.relative, '218007301253_CloudTrail_us-east-1_20230710T1145Z_7xgocspSowgK0Gto.json');
    assert.deepEqual(invictus.warnings, []);
  });

  it('reads past a long first event to recognise an array, compressed or not', () => {
    const { dir, remove } = tempFolder('sniff');
    try {
      // CloudTrail keys sorted alphabetically put eventTime after a long errorMessage, as in the Stratus files.
      const long = JSON.stringify([{ awsRegion: 'us-east-1', errorMessage: 'x'.repeat(20_000), eventName: 'GetPasswordData', eventTime: '2024-01-01T00:00:00Z' }], null, 3);
      writeFileSync(join(dir, 'long.json'), long);
      writeFileSync(join(dir, 'long.json.gz'), gzipSync(long));
      assert.deepEqual(sniffEvidenceFile(join(dir, 'long.json')).sniff, { ok: true, shape: { type: 'cloudtrail', layout: 'array', gzip: false, lines: false } });
      assert.deepEqual(sniffEvidenceFile(join(dir, 'long.json.gz')).sniff, { ok: true, shape: { type: 'cloudtrail', layout: 'array', gzip: true, lines: false } });
      writeFileSync(join(dir, 'lines.jsonl'), '{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:00Z"}\n');
      assert.deepEqual(sniffEvidenceFile(join(dir, 'lines.jsonl')).sniff, { ok: true, shape: { type: 'cloudtrail', layout: 'events', gzip: false, lines: true } });
      writeFileSync(join(dir, 'bom.json'), '\uFEFF  {"Records": []}\n');
      assert.deepEqual(sniffEvidenceFile(join(dir, 'bom.json')).sniff, { ok: true, shape: { type: 'cloudtrail', layout: 'records', gzip: false, lines: true } });
      writeFileSync(join(dir, 'pretty.json'), JSON.stringify({ Records: [{ eventVersion: '1.08', eventTime: 'x' }] }, null, 2));
      assert.deepEqual(sniffEvidenceFile(join(dir, 'pretty.json')).sniff, { ok: true, shape: { type: 'cloudtrail', layout: 'records', gzip: false, lines: false } });
      writeFileSync(join(dir, 'pretty-event.json'), JSON.stringify({ eventVersion: '1.08', eventTime: 'x' }, null, 2));
      assert.deepEqual(sniffEvidenceFile(join(dir, 'pretty-event.json')).sniff, { ok: true, shape: { type: 'cloudtrail', layout: 'events', gzip: false, lines: false } });
    } finally {
      remove();
    }
  });

  it('sniffs a file again only when its size or modification time changes', async () => {
    const { dir, remove } = tempFolder('cache');
    try {
      const path = join(dir, 'a.json');
      const fixed = new Date('2024-01-01T00:00:00Z');
      writeFileSync(path, '{"Records": []}');
      utimesSync(path, fixed, fixed);
      const catalog = new EvidenceCatalog(dir);
      const first = await catalog.discover();
      assert.equal(first.files[0]!.layout, 'records');
      // Same size and time: the remembered answer stands even though the content changed.
      writeFileSync(path, '[             ]');
      utimesSync(path, fixed, fixed);
      assert.equal((await catalog.discover()).files[0]!.layout, 'records');
      utimesSync(path, new Date(), new Date(Date.now() + 5_000));
      const changed = await catalog.discover();
      assert.equal(changed.files[0]!.layout, 'array');
      assert.notEqual(changed.files[0]!.mtimeMs, first.files[0]!.mtimeMs);
    } finally {
      remove();
    }
  });

  it('names a folder by pattern only when a pattern would pick up exactly its evidence files', async () => {
    const { dir, remove } = tempFolder('folders');
    try {
      const event = '{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:00Z"}';
      mkdirSync(join(dir, 'plain'));
      mkdirSync(join(dir, 'hidden'));
      mkdirSync(join(dir, 'mixed'));
      writeFileSync(join(dir, 'plain/a.json'), `{"Records":[${event}]}`);
      writeFileSync(join(dir, 'plain/b.json'), `{"Records":[${event}]}`);
      writeFileSync(join(dir, 'hidden/c.json'), `{"Records":[${event}]}`);
      writeFileSync(join(dir, 'hidden/.DS_Store'), 'x');
      writeFileSync(join(dir, 'mixed/d.json'), `{"Records":[${event}]}`);
      writeFileSync(join(dir, 'mixed/e.json'), `[${event}]`);
      const inventory = await new EvidenceCatalog(dir).discover();
      assert.deepEqual([...inventory.plainFolders].sort(), [[join(dir, 'mixed'), 2], [join(dir, 'plain'), 2]]);
      const select = cloudTrailSelect(inventory.files, undefined, inventory.plainFolders);
      assert.ok(select.includes(`'${join(dir, 'plain', '*')}'`));
      assert.ok(select.includes(`'${join(dir, 'hidden', 'c.json')}'`), 'a hidden file keeps its folder from being a pattern');
      assert.ok(select.includes(`'${join(dir, 'mixed', 'd.json')}'`) && select.includes(`'${join(dir, 'mixed', 'e.json')}'`), 'files read differently are named one by one');
    } finally {
      remove();
    }
  });
});
