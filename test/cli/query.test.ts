import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';

/**
 * `awsfx query` end to end: in-process through main() for exit codes and streams, and once through
 * the built bin (what `npx awsfx` runs) when the bundle exists.
 */

const root = resolve(__dirname, '../..');
const stratus = resolve(root, '../shared/data/cloudtrail-stratus-red-team-detonation-logs/docs/detonation-logs');
const invictus = resolve(root, '../shared/data/cloudtrail-invictus-stratus-sigma-aws/CloudTrail');
const ISSUE_QUERY = "select eventtime, useridentity.arn, eventname, sourceipaddress from cloudtrail_logs where eventname = 'CreateAccessKey' order by eventtime";

async function run(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), readStdin: async () => stdin };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('cli query', function () {
  this.timeout(120_000);

  it('answers the CreateAccessKey question on real Stratus Red Team CloudTrail as JSON lines', async () => {
    const { code, out, err } = await run(['query', '--evidence', stratus, '--lang', 'sql', '--format', 'jsonl', ISSUE_QUERY]);
    assert.equal(code, 0, err);
    const rows = out.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rows, [
      { eventtime: '2024-07-30T21:53:13Z', arn: 'arn:aws:iam::946986569305:user/christophe', eventname: 'CreateAccessKey', sourceipaddress: '211.9.016.253' },
      { eventtime: '2024-08-01T13:33:28Z', arn: 'arn:aws:iam::229654561268:user/christophe', eventname: 'CreateAccessKey', sourceipaddress: '075.050.255.67' },
    ]);
  });

  it('prints a table and CSV, and reads the query from stdin', async () => {
    const table = await run(['query', '--evidence', invictus, ISSUE_QUERY]);
    assert.equal(table.code, 0, table.err);
    const lines = table.out.trimEnd().split('\n');
    assert.match(lines[0]!, /^eventtime\s+\| arn\s+\| eventname\s+\| sourceipaddress$/);
    assert.match(lines[2]!, /^2023-07-10T12:24:29Z \| arn:aws:iam::123837392027:user\/bert-jan \| CreateAccessKey \| 192\.168\.10\.20$/);
    assert.equal(lines.at(-1), '(2 rows)');
    const csv = await run(['query', '--evidence', invictus, '--format', 'csv'], ISSUE_QUERY);
    assert.equal(csv.code, 0, csv.err);
    assert.equal(csv.out.split('\r\n')[0], 'eventtime,arn,eventname,sourceipaddress');
    assert.equal(csv.out.split('\r\n').length, 4);
  });

  it('exits 2 with the engine message on stderr for a bad query', async () => {
    const { code, out, err } = await run(['query', '--evidence', invictus, 'select nosuchcolumn from cloudtrail_logs']);
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.match(err, /^awsfx: .*nosuchcolumn/s);
  });

  it('exits 2 naming the problem for bad input', async () => {
    assert.match((await run(['query', '--lang', 'sql', 'select 1'])).err, /--evidence DIR is required/);
    assert.equal((await run(['query', '--evidence', invictus, '--format', 'xml', 'select 1'])).code, 2);
    assert.match((await run(['query', '--evidence', invictus, '--format', 'xml', 'select 1'])).err, /--format must be one of table, csv, jsonl/);
    assert.match((await run(['query', '--evidence', invictus, '--bogus', 'select 1'])).err, /awsfx: Unknown option '--bogus'/);
    assert.match((await run(['query', '--evidence', invictus])).err, /No query given/);
    const missing = await run(['query', '--evidence', join(tmpdir(), 'awsfx-no-such-folder'), 'select 1']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /awsfx-no-such-folder/);
    assert.equal((await run(['frobnicate'])).code, 2);
  });

  it('reports unreadable evidence files on stderr and still answers from the rest', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'awsfx-cli-'));
    writeFileSync(join(folder, 'good.json'), JSON.stringify({ Records: [{ eventVersion: '1.08', eventTime: '2024-01-01T00:00:00Z', eventName: 'CreateAccessKey', eventSource: 'iam.amazonaws.com', userIdentity: { arn: 'arn:aws:iam::111122223333:user/a' }, sourceIPAddress: '203.0.113.9' }] }));
    writeFileSync(join(folder, 'broken.json'), '{"Records": [{"eventName": ');
    const { code, out, err } = await run(['query', '--evidence', folder, '--format', 'jsonl', ISSUE_QUERY]);
    assert.equal(code, 0, err);
    assert.match(err, /warning: .*broken\.json/);
    assert.equal(JSON.parse(out).sourceipaddress, '203.0.113.9');
  });

  it('remembers the evidence files in AWSFX_CACHE_DIR between runs, and nowhere when it is empty', async () => {
    const saved = process.env.AWSFX_CACHE_DIR;
    const cache = mkdtempSync(join(tmpdir(), 'awsfx-cli-cache-'));
    try {
      process.env.AWSFX_CACHE_DIR = cache;
      const first = await run(['query', '--evidence', invictus, '--lang', 'sql', '--format', 'csv', 'SELECT count(*) AS n FROM cloudtrail_logs']);
      assert.equal(first.code, 0, first.err);
      const remembered = readdirSync(cache, { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
      assert.ok(remembered.length > 0, 'a memory part was written');
      const second = await run(['query', '--evidence', invictus, '--lang', 'sql', '--format', 'csv', 'SELECT count(*) AS n FROM cloudtrail_logs']);
      assert.equal(second.out, first.out);

      const none = mkdtempSync(join(tmpdir(), 'awsfx-cli-nocache-'));
      process.env.AWSFX_CACHE_DIR = '';
      process.env.XDG_CACHE_HOME = none;
      const third = await run(['query', '--evidence', invictus, '--lang', 'sql', '--format', 'csv', 'SELECT count(*) AS n FROM cloudtrail_logs']);
      delete process.env.XDG_CACHE_HOME;
      assert.equal(third.out, first.out);
      assert.deepEqual(readdirSync(none), []);
    } finally {
      process.env.AWSFX_CACHE_DIR = saved;
    }
  });

  it('runs as the built `awsfx` binary (what npx runs)', () => {
    assert.ok(existsSync(join(root, 'dist/cli.js')), 'dist/cli.js is missing: run `npm run build` first (npm test does)');
    const result = spawnSync(process.execPath, [join(root, 'bin/awsfx.js'), 'query', '--evidence', stratus, '--format', 'jsonl', ISSUE_QUERY], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trimEnd().split('\n').length, 2);
    const bad = spawnSync(process.execPath, [join(root, 'bin/awsfx.js'), 'query', '--evidence', stratus, 'select from where'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^awsfx: /);
  });
});
