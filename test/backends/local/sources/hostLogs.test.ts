import assert from 'node:assert/strict';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LocalBackend } from '../../../../src/backends/local/localBackend';
import { tempFolder } from '../evidenceFolders';
import { RelationReader } from './relationReader';

/** A web server and a bastion host, as an investigator copies their /var/log. */
function hostFolder(dir: string): void {
  mkdirSync(join(dir, 'bastion/var/log'), { recursive: true });
  mkdirSync(join(dir, 'web01/var/log/nginx'), { recursive: true });
  const auth = join(dir, 'bastion/var/log/auth.log');
  writeFileSync(auth, [
    'Dec 31 23:58:01 bastion sshd[901]: Connection closed by 198.51.100.23 port 50022 [preauth]',
    'Jan  2 03:04:05 bastion sshd[812]: Failed password for invalid user admin from 203.0.113.7 port 52211 ssh2',
    'Jan  2 03:04:09 bastion sshd[812]: Accepted publickey for ubuntu from 203.0.113.7 port 40022 ssh2: RSA SHA256:abc',
    'Jan  2 03:05:00 bastion sudo:   ubuntu : TTY=pts/0 ; PWD=/home/ubuntu ; USER=root ; COMMAND=/bin/cat /etc/shadow',
  ].join('\n') + '\n');
  // Written on 10 January: the December line is from the year before.
  utimesSync(auth, new Date('2024-01-10T00:00:00Z'), new Date('2024-01-10T00:00:00Z'));
  writeFileSync(join(dir, 'bastion/var/log/auth.log.1'), '<38>1 2023-12-30T22:14:15.003Z bastion sshd 777 - - Invalid user oracle from 192.0.2.44\n');
  writeFileSync(join(dir, 'web01/var/log/nginx/access.log.2.gz'), gzipSync([
    '203.0.113.7 - - [02/Jan/2024:03:10:11 +0100] "GET /wp-login.php HTTP/1.1" 404 162 "-" "Mozilla/5.0 (zgrab/0.x)"',
    '203.0.113.7 - - [02/Jan/2024:03:10:12 +0100] "POST /cgi-bin/.%2e/.%2e/bin/sh HTTP/1.1" 400 150 "-" "-"',
  ].join('\n') + '\n'));
  writeFileSync(join(dir, 'web01/var/log/nginx/error.log'), '2024/01/02 02:10:12 [error] 31#31: *5 open() "/usr/share/nginx/html/wp-login.php" failed (2: No such file or directory)\n');
  writeFileSync(join(dir, 'web01/var/log/app.log'), '2024-01-02 02:11:00,250 WARN login throttled for 203.0.113.7\n  at Throttle.check(Throttle.java:42)\n');
  // Bytes that are not UTF-8 (a Latin-1 é) in a syslog line.
  writeFileSync(join(dir, 'web01/var/log/syslog'), Buffer.concat([Buffer.from('Jan  2 03:20:00 web01 cron[5]: caf'), Buffer.from([0xe9]), Buffer.from(' ran\n')]));
  utimesSync(join(dir, 'web01/var/log/syslog'), new Date('2024-01-03T00:00:00Z'), new Date('2024-01-03T00:00:00Z'));
  writeFileSync(join(dir, 'web01/NOTES.txt'), 'copied with rsync -a on 2024-01-03\n');
}

describe('backends/local/sources host logs', function () {
  this.timeout(120_000);
  const backend = new LocalBackend({ threads: 2 });
  const reader = new RelationReader();
  const folder = tempFolder('hosts');
  before(() => hostFolder(folder.dir));
  after(async () => {
    reader.close();
    await backend.dispose();
    folder.remove();
  });
  const run = async (query: string) => backend.run({ language: 'athena-sql', query, target: { kind: 'evidence', folder: folder.dir } });

  it('reads every line, timed by its own timestamp, grouped by log name across rotations and hosts', async () => {
    const { result, warnings } = await run('SELECT log_group, log_stream, event_time, message FROM host_logs ORDER BY log_stream, event_time NULLS LAST');
    assert.deepEqual(result.rows.map((r) => r.slice(0, 3)), [
      ['auth.log', 'bastion/var/log/auth.log', '2023-12-31T23:58:01'],
      ['auth.log', 'bastion/var/log/auth.log', '2024-01-02T03:04:05'],
      ['auth.log', 'bastion/var/log/auth.log', '2024-01-02T03:04:09'],
      ['auth.log', 'bastion/var/log/auth.log', '2024-01-02T03:05:00'],
      ['auth.log', 'bastion/var/log/auth.log.1', '2023-12-30T22:14:15.003'],
      ['app.log', 'web01/var/log/app.log', '2024-01-02T02:11:00.250'],
      ['app.log', 'web01/var/log/app.log', null],
      ['access.log', 'web01/var/log/nginx/access.log.2.gz', '2024-01-02T02:10:11'],
      ['access.log', 'web01/var/log/nginx/access.log.2.gz', '2024-01-02T02:10:12'],
      ['error.log', 'web01/var/log/nginx/error.log', '2024-01-02T02:10:12'],
      ['syslog', 'web01/var/log/syslog', '2024-01-02T03:20:00'],
    ]);
    assert.equal(result.rows.find((r) => r[1] === 'web01/var/log/syslog')![3], 'Jan  2 03:20:00 web01 cron[5]: café ran', 'read as Latin-1');
    assert.deepEqual(warnings.map((w) => [w.code, w.subject?.slice(folder.dir.length + 1)]), [['evidence.unrecognised', 'web01/NOTES.txt']]);
  });

  it('is one log group per log name, each line an @message to parse', async () => {
    const relations = await backend.listInsightsRelations(folder.dir);
    assert.deepEqual(relations.map((r) => [r.logGroup, r.evidenceType, Object.keys(r.fields).length]), [
      ['access.log', 'hostlogs', 0], ['app.log', 'hostlogs', 0], ['auth.log', 'hostlogs', 0], ['error.log', 'hostlogs', 0], ['syslog', 'hostlogs', 0],
    ]);
    const auth = await reader.rows(relations.find((r) => r.logGroup === 'auth.log')!, ['@timestamp', '@logStream', '@log', '@message'], { where: `"@message" LIKE '%Accepted%'` });
    assert.deepEqual(auth, [{ '@timestamp': '2024-01-02T03:04:09.000Z', '@logStream': 'bastion/var/log/auth.log', '@log': 'auth.log', '@message': 'Jan  2 03:04:09 bastion sshd[812]: Accepted publickey for ubuntu from 203.0.113.7 port 40022 ssh2: RSA SHA256:abc' }]);
    const { sources } = await backend.listSources(folder.dir);
    assert.deepEqual(sources.find((s) => s.logGroup === 'auth.log')!.files, ['bastion/var/log/auth.log', 'bastion/var/log/auth.log.1']);
  });

  it('sets aside a rotated log whose gzip stream is cut short', async () => {
    const { dir, remove } = tempFolder('hosts-cut');
    try {
      const lines = Array.from({ length: 2000 }, (_, i) => `Jan  2 03:${String(i % 60).padStart(2, '0')}:00 web01 sshd[9]: Failed password for root from 203.0.113.${i % 250} port ${40000 + i} ssh2`).join('\n');
      const whole = gzipSync(`${lines}\n`);
      writeFileSync(join(dir, 'auth.log.3.gz'), whole.subarray(0, Math.floor(whole.length * 0.5)));
      writeFileSync(join(dir, 'auth.log'), 'Jan  3 00:00:01 web01 sshd[9]: Accepted password for root from 203.0.113.9 port 4000 ssh2\n');
      const { result, warnings } = await backend.run({ language: 'athena-sql', query: 'SELECT count(*) FROM host_logs', target: { kind: 'evidence', folder: dir } });
      assert.deepEqual(result.rows, [[1]]);
      assert.deepEqual(warnings.map((w) => w.message), ['Skipped auth.log.3.gz: its gzip stream is broken (unexpected end of file).']);
    } finally {
      remove();
    }
  });
});
