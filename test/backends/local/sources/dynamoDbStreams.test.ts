import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempFolder } from '../evidenceFolders';
import { sourceSuite } from './sourceSuite';
import { samples } from './samples';

describe('backends/local/sources DynamoDB Streams records', function () {
  this.timeout(120_000);
  const { backend, reader } = sourceSuite();
  const run = async (folder: string, query: string) => backend.run({ language: 'athena-sql', query, target: { kind: 'evidence', folder } });

  it('reads the Lambda events\' records, and names the malformed one while the others answer (checked with jq)', async () => {
    const { result, warnings } = await run(samples.lambdaEvents, 'SELECT eventname, count(*), count(tablename), count(dynamodb.oldimage) FROM dynamodb_streams GROUP BY 1 ORDER BY 1');
    // jq: dynamodb-event.json has two INSERTs on Example-Table; the time-window event INSERT, MODIFY, REMOVE.
    assert.deepEqual(result.rows, [['INSERT', 3, 2, 0], ['MODIFY', 1, 0, 1], ['REMOVE', 1, 0, 1]]);
    const broken = warnings.filter((w) => w.code === 'evidence.unreadable');
    assert.deepEqual(broken.map((w) => w.subject?.slice(samples.lambdaEvents.length + 1)), ['dynamodb-event-malformed.2.json']);
    assert.match(broken[0]!.message, /^Skipped dynamodb-event-malformed\.2\.json: the engine could not read it \(Malformed JSON/);
  });

  it('keeps keys and images as DynamoDB\'s typed JSON, and the record\'s other fields in Athena-style columns', async () => {
    const { result } = await run(samples.lambdaEvents, `SELECT eventid, dynamodb.keys, dynamodb.newimage, dynamodb.oldimage, dynamodb.approximatecreationdatetime, dynamodb.sizebytes, dynamodb.streamviewtype, eventsourcearn, useridentity.principalid
      FROM dynamodb_streams WHERE eventname = 'MODIFY'`);
    assert.deepEqual(result.rows, [['2', '{"Id":{"N":"101"}}', '{"Message":{"S":"This item has changed"},"Id":{"N":"101"}}', '{"Message":{"S":"New item!"},"Id":{"N":"101"}}', 1480642020, 59, 'NEW_AND_OLD_IMAGES', 'stream-ARN', null]]);
    const { result: typed } = await run(samples.lambdaEvents, `SELECT json_extract_scalar(dynamodb.newimage, '$.Map.M.Name.S'), useridentity.principalid, tablename FROM dynamodb_streams WHERE json_extract_scalar(dynamodb.newimage, '$.String.S') = 'Hello'`);
    assert.deepEqual(typed.rows, [['Joe', null, 'Example-Table']]);
  });

  it('reads records one per line too', async () => {
    const { dir, remove } = tempFolder('ddb-lines');
    try {
      const records = (JSON.parse(readFileSync(join(samples.lambdaEvents, 'dynamodb-time-window-event.json'), 'utf8')) as { Records: unknown[] }).Records;
      writeFileSync(join(dir, 'records.jsonl'), `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
      const { result, warnings } = await run(dir, 'SELECT eventid, eventname, dynamodb.keys FROM dynamodb_streams ORDER BY eventid');
      assert.deepEqual(result.rows, [['1', 'INSERT', '{"Id":{"N":"101"}}'], ['2', 'MODIFY', '{"Id":{"N":"101"}}'], ['3', 'REMOVE', '{"Id":{"N":"101"}}']]);
      assert.deepEqual(warnings, []);
    } finally {
      remove();
    }
  });

  it('is the dynamodb-streams log group: each record\'s JSON, its keys discovered, timed by ApproximateCreationDateTime', async () => {
    const { dir, remove } = tempFolder('ddb-insights');
    try {
      for (const name of ['dynamodb-event.json', 'dynamodb-time-window-event.json']) writeFileSync(join(dir, name), readFileSync(join(samples.lambdaEvents, name)));
      const relations = await backend.listInsightsRelations(dir);
      assert.deepEqual(relations.map((r) => [r.logGroup, r.evidenceType, r.jsonColumn]), [['dynamodb-streams', 'dynamodbstreams', '@message']]);
      const events = await reader.rows(relations[0]!, ['eventID', '@timestamp', '@logStream', '@log', 'eventName', 'dynamodb.NewImage.Message.S', 'dynamodb.Keys.Id.N', 'dynamodb.NewImage.List.L.1.S']);
      assert.deepEqual(events, [
        { eventID: '1', '@timestamp': '2016-12-02T01:27:00.000Z', '@logStream': 'stream-ARN', '@log': 'dynamodb-streams', eventName: 'INSERT', 'dynamodb.NewImage.Message.S': 'New item!', 'dynamodb.Keys.Id.N': '101', 'dynamodb.NewImage.List.L.1.S': null },
        { eventID: '2', '@timestamp': '2016-12-02T01:27:00.000Z', '@logStream': 'stream-ARN', '@log': 'dynamodb-streams', eventName: 'MODIFY', 'dynamodb.NewImage.Message.S': 'This item has changed', 'dynamodb.Keys.Id.N': '101', 'dynamodb.NewImage.List.L.1.S': null },
        { eventID: '3', '@timestamp': '2016-12-02T01:27:00.000Z', '@logStream': 'stream-ARN', '@log': 'dynamodb-streams', eventName: 'REMOVE', 'dynamodb.NewImage.Message.S': null, 'dynamodb.Keys.Id.N': '101', 'dynamodb.NewImage.List.L.1.S': null },
        { eventID: 'f07f8ca4b0b26cb9c4e5e77e42f274ee', '@timestamp': '2016-12-02T01:27:00.000Z', '@logStream': 'Example-Table/stream/2016-12-01T00:00:00.000', '@log': '123456789012:dynamodb-streams', eventName: 'INSERT', 'dynamodb.NewImage.Message.S': null, 'dynamodb.Keys.Id.N': null, 'dynamodb.NewImage.List.L.1.S': 'Coffee' },
        { eventID: 'f07f8ca4b0b26cb9c4e5e77e69f274ee', '@timestamp': '2016-12-02T01:27:00.000Z', '@logStream': 'Example-Table/stream/2016-12-01T00:00:00.000', '@log': '123456789012:dynamodb-streams', eventName: 'INSERT', 'dynamodb.NewImage.Message.S': null, 'dynamodb.Keys.Id.N': null, 'dynamodb.NewImage.List.L.1.S': null },
      ]);
    } finally {
      remove();
    }
  });
});
