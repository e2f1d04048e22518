/**
 * The evidence memory keeps each folder's files column by column, names sorted (folderMemory.ts):
 * discovery walks its sorted listing down them. Whatever order files are learnt, forgotten or learnt
 * again in, a folder must answer by name and be written back sorted, with each sniff once.
 */
import assert from 'node:assert/strict';
import { FolderMemory, SniffTable, type KnownFile } from '../../../src/backends/local/folderMemory';
import type { SniffResult } from '../../../src/backends/local/evidenceSniffer';

const trail: SniffResult = { ok: true, shape: { type: 'cloudtrail', layout: 'records', gzip: true, lines: true } };
const junk: SniffResult = { ok: false, code: 'evidence.unrecognised', problem: 'it is not JSON' };
const known = (size: number, sniff: SniffResult, extra: Partial<KnownFile> = {}): KnownFile => ({ size, mtimeMs: size * 10, format: undefined, sniff, ...extra });

describe('backends/local folder memory', () => {
  it('answers by name whatever the hint, and writes names back in order with each sniff once', () => {
    const folder = new FolderMemory(new SniffTable());
    folder.put('c.json', known(3, trail));
    folder.put('a.json', known(1, { ...trail, shape: { ...trail.shape } }));
    folder.put('b.txt', known(2, junk));
    assert.equal(folder.find('a.json', 0), 1, 'found away from its hint');
    assert.equal(folder.find('c.json', 0), 0, 'found at its hint');
    assert.equal(folder.find('zzz', 0), -1);
    assert.equal(folder.find('b.txt', -1), 2, 'found with no guess');
    assert.deepEqual(folder.known(folder.find('b.txt', 2)), { ...known(2, junk), gzip: undefined });

    const table = new SniffTable();
    const stored = folder.stored('x/', table)!;
    assert.deepEqual(stored.slice(0, 4), ['x/', ['a.json', 'b.txt', 'c.json'], [1, 2, 3], [10, 20, 30]]);
    assert.equal(table.list.length, 2, 'equal sniffs made apart are stored once');
    assert.equal(stored.length, 6, 'no format column when none is declared');

    const read = FolderMemory.fromStored(JSON.parse(JSON.stringify(stored)), new SniffTable(JSON.parse(JSON.stringify(table.list))))!;
    assert.equal(read.key, 'x/');
    for (const [i, name] of ['a.json', 'b.txt', 'c.json'].entries()) {
      assert.equal(read.folder.find(name, i), i);
      assert.equal(read.folder.size(i), i + 1);
    }
    assert.deepEqual(read.folder.sniff(0), trail);
  });

  it('forgets a file, learns it again, and keeps declared formats and gzip answers per file', () => {
    const folder = new FolderMemory(new SniffTable());
    folder.put('a.log', known(1, trail));
    folder.put('b.log', known(2, trail, { format: 'version srcaddr' }));
    assert.equal(folder.remove('a.log'), true);
    assert.equal(folder.remove('a.log'), false);
    assert.equal(folder.find('a.log', 0), -1);
    assert.equal(folder.stored('y/', new SniffTable())![1].length, 1, 'a forgotten file is not written');
    folder.put('a.log', known(5, trail));
    folder.setGzip(folder.find('a.log', 0), 'the stream ends early');
    const stored = folder.stored('y/', new SniffTable())!;
    assert.deepEqual(stored[1], ['a.log', 'b.log']);
    assert.deepEqual(stored[2], [5, 2]);
    assert.deepEqual(stored[5], ['the stream ends early', 0]);
    assert.deepEqual(stored[6], [null, 'version srcaddr']);
  });

  it('refuses a stored folder whose columns disagree or point at no sniff', () => {
    const table = new SniffTable([trail]);
    const good = ['z/', ['a'], [1], [2], [0], [0]];
    assert.ok(FolderMemory.fromStored(good, table));
    for (const bad of [
      ['z/', ['a', 'b'], [1], [2], [0], [0]],
      ['z/', ['a'], ['1'], [2], [0], [0]],
      ['z/', ['a'], [1], [2], [1], [0]],
      ['z/', ['a'], [1], [2], [0.5], [0]],
      ['z/', ['a'], [1], [2], [0], [2]],
      ['z/', ['a'], [1], [2], [0], [0], [3]],
      [7, ['a'], [1], [2], [0], [0]],
      'z/',
    ]) {
      assert.equal(FolderMemory.fromStored(bad, table), undefined, JSON.stringify(bad));
    }
  });
});
