/**
 * Discovery takes the files the evidence memory knows as it knew them, and checks them (a stat each)
 * while DuckDB runs the query. A file changed in place since (same name, so its folder's listing is
 * unchanged) must still be read as it now is: the answer is given only once the check is done, and a
 * stale answer is thrown away and the query run again.
 */
import { strict as assert } from 'node:assert';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EvidenceEngine } from '../../../src/backends/local/evidenceEngine';
import { LocalBackend } from '../../../src/backends/local/localBackend';
import type { QueryRequest } from '../../../src/core/query';
import { tempFolder } from './evidenceFolders';

const HEADER_SRC_FIRST = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const HEADER_DST_FIRST = 'version account-id interface-id dstaddr srcaddr srcport dstport protocol packets bytes start end action log-status';

/** Writes `text` to `path` and moves its modification time on, as an editor saving in place would. */
function rewrite(path: string, content: string | Buffer, secondsLater: number): void {
  writeFileSync(path, content);
  const when = new Date(Date.UTC(2024, 4, 13, 12, 0, secondsLater));
  utimesSync(path, when, when);
}

/** Runs `body` with an empty evidence folder and a backend keeping its memory in a cache folder of its own. */
async function withEvidence(body: (folder: string, backend: LocalBackend, cacheDir: string) => Promise<void>): Promise<void> {
  const evidence = tempFolder('awsfx-verify-evidence-');
  const cache = tempFolder('awsfx-verify-cache-');
  const backend = new LocalBackend({ cacheDir: cache.dir });
  try {
    await body(evidence.dir, backend, cache.dir);
  } finally {
    await backend.dispose();
    evidence.remove();
    cache.remove();
  }
}

describe('backends/local evidence changed in place', function () {
  this.timeout(60_000);

  it('reads a flow log rewritten with its fields in another order by its new header, in the same backend and the next', () =>
    withEvidence(async (folder, backend, cacheDir) => {
      const file = join(folder, 'flows.log');
      rewrite(file, `${HEADER_SRC_FIRST}\n2 111122223333 eni-1 10.0.0.1 10.0.0.2 443 50000 6 1 60 1715580000 1715580060 ACCEPT OK\n`, 0);
      const insights: QueryRequest = { language: 'cwli', query: 'stats count(*) as flows by srcAddr', target: { kind: 'evidence', folder } };
      const sql: QueryRequest = { language: 'athena-sql', query: 'SELECT srcaddr, dstaddr FROM vpc_flow_logs', target: { kind: 'evidence', folder } };
      assert.deepEqual((await backend.run(insights)).result.rows, [['10.0.0.1', '1']]);
      // Same name, same folder listing; the address that comes first is now the destination.
      rewrite(file, `${HEADER_DST_FIRST}\n2 111122223333 eni-1 10.9.9.9 10.0.0.7 443 50000 6 1 60 1715580000 1715580060 ACCEPT OK\n`, 30);
      const again = await backend.run(insights);
      assert.deepEqual(again.result.rows, [['10.0.0.7', '1']], 'read by the new header, not by the remembered field order');
      assert.equal(again.facts.statistics.sniffedFiles, 1);
      assert.deepEqual((await backend.run(sql)).result.rows, [['10.0.0.7', '10.9.9.9']]);
      const next = new LocalBackend({ cacheDir });
      try {
        const answer = await next.run(insights);
        assert.deepEqual(answer.result.rows, [['10.0.0.7', '1']]);
        assert.equal(answer.facts.statistics.sniffedFiles, 0, 'the next process finds the new shape remembered');
      } finally {
        await next.dispose();
      }
    }));

  it('does not set aside a file that failed only because it changed in place (plain JSON now gzip)', () =>
    withEvidence(async (folder, backend) => {
      const file = join(folder, 'trail.json');
      const event = (name: string) => ({ eventVersion: '1.08', eventTime: '2024-05-13T12:00:00Z', eventSource: 'iam.amazonaws.com', eventName: name, awsRegion: 'us-east-1', recipientAccountId: '111122223333' });
      rewrite(file, JSON.stringify({ Records: [event('ListUsers')] }), 0);
      const request: QueryRequest = { language: 'athena-sql', query: 'SELECT eventname FROM cloudtrail_logs ORDER BY eventname', target: { kind: 'evidence', folder } };
      assert.deepEqual((await backend.run(request)).result.rows, [['ListUsers']]);
      // Read as remembered (uncompressed), the gzip bytes fail in DuckDB: the memory is to blame, not the file.
      rewrite(file, gzipSync(JSON.stringify({ Records: [event('CreateAccessKey'), event('DeleteTrail')] })), 30);
      const after = await backend.run(request);
      assert.deepEqual(after.result.rows, [['CreateAccessKey'], ['DeleteTrail']]);
      assert.deepEqual(after.warnings.filter((w) => w.subject === file), [], 'nothing set aside');
    }));

  it('puts a read failure down to a file changed in place before setting any file aside', () =>
    withEvidence(async (folder, _backend, cacheDir) => {
      const file = join(folder, 'trail.json');
      rewrite(file, JSON.stringify({ Records: [{ eventVersion: '1.08', eventTime: '2024-05-13T12:00:00Z', eventName: 'ListUsers', recipientAccountId: '111122223333' }] }), 0);
      const engine = new EvidenceEngine(folder, { cacheDir });
      try {
        await engine.prepare();
        rewrite(file, gzipSync(JSON.stringify({ Records: [{ eventVersion: '1.08', eventTime: '2024-05-13T12:00:00Z', eventName: 'DeleteTrail', recipientAccountId: '111122223333' }] })), 30);
        // Taken as remembered (not gzip); DuckDB then fails on it, naming it.
        assert.equal((await engine.prepare()).files[0]!.gzip, false);
        assert.equal(await engine.recover({ type: 'Invalid Input', message: `Malformed JSON in file "${file}"` }, undefined, undefined), true);
        const after = await engine.prepare();
        assert.deepEqual(after.warnings, [], 'the file is not set aside');
        assert.equal(after.files[0]!.gzip, true, 'it is sniffed again, as gzip');
      } finally {
        await engine.dispose();
      }
    }));

  it('lists a file by what it now holds after it changed type in place', () =>
    withEvidence(async (folder, backend) => {
      const file = join(folder, 'evidence.json');
      rewrite(file, JSON.stringify({ Records: [{ eventVersion: '1.08', eventTime: '2024-05-13T12:00:00Z', eventName: 'ListUsers', recipientAccountId: '111122223333' }] }), 0);
      assert.deepEqual((await backend.listSources(folder)).sources.map((s) => s.evidenceType), ['cloudtrail']);
      const query = { version: '1.100000', account_id: '111122223333', region: 'us-east-1', vpc_id: 'vpc-1', query_timestamp: '2024-05-13T12:00:00Z', query_name: 'example.com.', query_type: 'A', query_class: 'IN', rcode: 'NOERROR', answers: [], srcaddr: '10.0.0.5', srcport: '5353', transport: 'UDP', srcids: { instance: 'i-1' } };
      rewrite(file, `${JSON.stringify(query)}\n`, 30);
      assert.deepEqual((await backend.listSources(folder)).sources.map((s) => s.evidenceType), ['route53resolver']);
    }));
});
