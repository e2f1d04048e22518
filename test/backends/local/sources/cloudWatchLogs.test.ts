import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tempFolder } from '../evidenceFolders';
import { sourceSuite } from './sourceSuite';
import { samples } from './samples';

const TASK = '0f2c3a4b-1234-4abc-9def-0123456789ab';

/** A decoded subscription payload, as CloudWatch Logs builds it. */
function payload(logGroup: string, logStream: string, events: Array<[number, string]>, messageType = 'DATA_MESSAGE') {
  return {
    messageType, owner: '111122223333', logGroup, logStream, subscriptionFilters: ['to-firehose'],
    logEvents: events.map(([timestamp, message], i) => ({ id: `${timestamp}${i}`, timestamp, message })),
  };
}

describe('backends/local/sources CloudWatch Logs exports and subscription payloads', function () {
  this.timeout(120_000);
  const { backend, reader } = sourceSuite();
  const run = async (folder: string, query: string) => backend.run({ language: 'athena-sql', query, target: { kind: 'evidence', folder } });
  const rows = async (folder: string, query: string) => (await run(folder, query)).result.rows;

  it('unwraps the Lambda event\'s base64 gzip payload (checked with base64 -d | gunzip | jq)', async () => {
    assert.deepEqual(await rows(samples.lambdaEvents, 'SELECT owner, log_group, log_stream, event_id, event_timestamp, event_time, message FROM cloudwatch_logs ORDER BY event_id'), [
      ['123456789123', 'testLogGroup', 'testLogStream', 'eventId1', 1440442987000, '2015-08-24T19:03:07', '[ERROR] First test message'],
      ['123456789123', 'testLogGroup', 'testLogStream', 'eventId2', 1440442987001, '2015-08-24T19:03:07.001', '[ERROR] Second test message'],
    ]);
    const relations = await backend.listInsightsRelations(samples.lambdaEvents);
    const relation = relations.find((r) => r.evidenceType === 'cloudwatchlogs')!;
    assert.equal(relation.logGroup, 'testLogGroup', 'the payload names its log group');
    assert.deepEqual(await reader.rows(relation, ['@timestamp', '@message', '@logStream', '@log', '@ingestionTime']), [
      { '@timestamp': '2015-08-24T19:03:07.000Z', '@message': '[ERROR] First test message', '@logStream': 'testLogStream', '@log': '123456789123:testLogGroup', '@ingestionTime': null },
      { '@timestamp': '2015-08-24T19:03:07.001Z', '@message': '[ERROR] Second test message', '@logStream': 'testLogStream', '@log': '123456789123:testLogGroup', '@ingestionTime': null },
    ]);
  });

  it('reads decoded payloads one after another, one relation per log group, control messages left out', async () => {
    const { dir, remove } = tempFolder('cwl-payloads');
    try {
      const members = [
        payload('/aws/lambda/orders', '2024/05/13/[$LATEST]a1', [[1715587200000, '{"level":"warn","user":"alice","items":[{"sku":"X"}]}'], [1715587201000, 'plain text']]),
        payload('', '', [], 'CONTROL_MESSAGE'),
        payload('/ecs/web', 'web/web/1234', [[1715587202000, '{"level":"info"}']]),
      ].map((p) => gzipSync(JSON.stringify(p)));
      writeFileSync(join(dir, 'firehose-1-2024-05-13-08-00-00-abcd'), Buffer.concat(members));
      const { result, warnings } = await run(dir, 'SELECT log_group, count(*) FROM cloudwatch_logs GROUP BY 1 ORDER BY 1');
      assert.deepEqual(result.rows, [['/aws/lambda/orders', 2], ['/ecs/web', 1]]);
      assert.deepEqual(warnings, []);
      const relations = await backend.listInsightsRelations(dir);
      assert.deepEqual(relations.map((r) => r.logGroup), ['/aws/lambda/orders', '/ecs/web']);
      assert.deepEqual(await reader.rows(relations[0]!, ['@logStream', 'level', 'items.0.sku', 'user']), [
        { '@logStream': '2024/05/13/[$LATEST]a1', level: 'warn', 'items.0.sku': 'X', user: 'alice' },
        { '@logStream': '2024/05/13/[$LATEST]a1', level: null, 'items.0.sku': null, user: null },
      ]);
    } finally {
      remove();
    }
  });

  it('reads exports: the log group from the prefix or the task, the stream from its folders, Lambda\'s REPORT fields', async () => {
    const { dir, remove } = tempFolder('cwl-exports');
    try {
      const lambda = join(dir, 'incident/aws/lambda/orders', TASK, '2024/05/13/[$LATEST]abc');
      const plain = join(dir, 'exportedlogs', '7e57ab1e-0000-4abc-9def-0123456789ab', 'i-0abc123');
      mkdirSync(lambda, { recursive: true });
      mkdirSync(plain, { recursive: true });
      writeFileSync(join(dir, 'exportedlogs', 'aws-logs-write-test'), 'Permission Check Successful');
      writeFileSync(join(lambda, '000000.gz'), gzipSync([
        '2024-05-13T08:00:00.000Z START RequestId: 3f5e7a90-1c2d-4e5f-8a9b-0c1d2e3f4a5b Version: $LATEST',
        '2024-05-13T08:00:00.100Z {"level":"error","msg":"denied"}',
        '2024-05-13T08:00:00.250Z REPORT RequestId: 3f5e7a90-1c2d-4e5f-8a9b-0c1d2e3f4a5b\tDuration: 102.25 ms\tBilled Duration: 103 ms\tMemory Size: 128 MB\tMax Memory Used: 72 MB\t',
      ].join('\n') + '\n'));
      writeFileSync(join(plain, '000000.gz'), gzipSync('2024-05-13T07:59:00.000Z Traceback (most recent call last):\n  File "app.py", line 3\n'));
      const { result, warnings } = await run(dir, 'SELECT log_group, log_stream, event_time, message FROM cloudwatch_logs ORDER BY log_group, message');
      assert.deepEqual(warnings, [], 'the write-test marker is no evidence, and no warning either');
      assert.deepEqual(result.rows, [
        ['/aws/lambda/orders', '2024/05/13/[$LATEST]abc', '2024-05-13T08:00:00.250', 'REPORT RequestId: 3f5e7a90-1c2d-4e5f-8a9b-0c1d2e3f4a5b\tDuration: 102.25 ms\tBilled Duration: 103 ms\tMemory Size: 128 MB\tMax Memory Used: 72 MB\t'],
        ['/aws/lambda/orders', '2024/05/13/[$LATEST]abc', '2024-05-13T08:00:00', 'START RequestId: 3f5e7a90-1c2d-4e5f-8a9b-0c1d2e3f4a5b Version: $LATEST'],
        ['/aws/lambda/orders', '2024/05/13/[$LATEST]abc', '2024-05-13T08:00:00.100', '{"level":"error","msg":"denied"}'],
        ['7e57ab1e-0000-4abc-9def-0123456789ab', 'i-0abc123', null, '  File "app.py", line 3'],
        ['7e57ab1e-0000-4abc-9def-0123456789ab', 'i-0abc123', '2024-05-13T07:59:00', 'Traceback (most recent call last):'],
      ]);
      const lambdaGroup = (await backend.listInsightsRelations(dir)).find((r) => r.logGroup === '/aws/lambda/orders')!;
      const report = await reader.rows(lambdaGroup, ['@type', '@requestId', '@duration', '@billedDuration', '@memorySize', '@maxMemoryUsed', 'level'], { where: `"@message" LIKE 'REPORT%'` });
      assert.deepEqual(report, [{ '@type': 'REPORT', '@requestId': '3f5e7a90-1c2d-4e5f-8a9b-0c1d2e3f4a5b', '@duration': 102.25, '@billedDuration': 103, '@memorySize': 128_000_000, '@maxMemoryUsed': 72_000_000, level: null }]);
      assert.deepEqual(await reader.rows(lambdaGroup, ['level', 'msg'], { where: `"@message" LIKE '{%'` }), [{ level: 'error', msg: 'denied' }]);
    } finally {
      remove();
    }
  });

  it('reports a payload that is not base64 of gzip, or whose gzip is cut, by name; the rest answers', async () => {
    const { dir, remove } = tempFolder('cwl-bad');
    try {
      const good = readFileSync(join(samples.lambdaEvents, 'cloudwatch-logs-event.json'), 'utf8');
      writeFileSync(join(dir, 'good.json'), good);
      writeFileSync(join(dir, 'not-base64.json'), JSON.stringify({ awslogs: { data: 'H4sI!!not*base64' } }));
      writeFileSync(join(dir, 'not-gzip.json'), JSON.stringify({ awslogs: { data: Buffer.from('{"messageType":"DATA_MESSAGE"}').toString('base64') } }));
      const cut = gzipSync(JSON.stringify(payload('/aws/lambda/x', 's', Array.from({ length: 300 }, (_, i) => [1715587200000 + i, `line ${i} ${'x'.repeat(40)}`]))));
      writeFileSync(join(dir, 'cut.json'), JSON.stringify({ awslogs: { data: cut.subarray(0, Math.floor(cut.length / 2)).toString('base64') } }));
      const { result, warnings } = await run(dir, 'SELECT count(*) FROM cloudwatch_logs');
      assert.deepEqual(result.rows, [[2]]);
      const bySubject = Object.fromEntries(warnings.map((w) => [w.subject?.slice(dir.length + 1), w.message]));
      assert.deepEqual(Object.keys(bySubject).sort(), ['cut.json', 'not-base64.json', 'not-gzip.json']);
      assert.match(bySubject['not-base64.json']!, /awslogs\.data is not base64 text/);
      assert.match(bySubject['not-gzip.json']!, /does not decode to gzip data/);
      assert.match(bySubject['cut.json']!, /^Skipped cut\.json: the engine could not read it/);
      assert.ok(!bySubject['cut.json']!.includes('awsfx-evidence'), 'the message names the event file, not the engine\'s copy');

      // Listing the log groups reads the payloads too, and goes on past a broken one.
      writeFileSync(join(dir, 'payload.json'), '{"messageType":"DATA_MESSAGE","owner":"1","logGroup":"/aws/lambda/cut","logEvents":[{"id":"1","timestamp":1,"mess');
      const { sources, warnings: listed } = await backend.listSources(dir);
      assert.deepEqual(sources.map((s) => s.logGroup), ['testLogGroup']);
      assert.ok(listed.some((w) => w.subject?.endsWith('payload.json') && /could not read it/.test(w.message)));
    } finally {
      remove();
    }
  });
});
