import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LocalBackend } from '../../../../src/backends/local/localBackend';
import { classifyJson, topLevelFields } from '../../../../src/backends/local/sources/jsonSniff';
import { sharedData } from '../evidenceFolders';

const trailEvent = {
  eventVersion: '1.08',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/a' },
  eventTime: '2024-01-01T00:00:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'CreateUser',
  eventID: 'e-1',
};

describe('backends/local/sources/jsonSniff', () => {
  it('judges an object by its own keys, not by the keys of the objects inside it', () => {
    assert.deepEqual(classifyJson(JSON.stringify(trailEvent), true), { type: 'cloudtrail', layout: 'events' });
    // EventBridge's "AWS API Call via CloudTrail" and a test fixture both carry an event inside.
    const eventBridge = { version: '0', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.iam', detail: trailEvent };
    assert.equal(classifyJson(JSON.stringify(eventBridge) + '\n', true), 'unknown');
    assert.equal(classifyJson(JSON.stringify({ rule_id: 'AWS.X', log: trailEvent }) + '\n', true), 'unknown');
    assert.equal(classifyJson(JSON.stringify({ Records: [{ wrapped: trailEvent }] }), true), 'unknown');
    // The same keys at the top of an EventBridge GuardDuty event do count.
    assert.deepEqual(classifyJson(JSON.stringify({ source: 'aws.guardduty', detail: { type: 'Recon:EC2/PortProbeUnprotectedPort' } }), true), { type: 'guardduty', layout: 'objects' });
  });

  it('waits for eventSource before calling a record CloudTrail: DynamoDB stream records name it late', () => {
    const dynamo = JSON.stringify({ eventID: '1', eventName: 'INSERT', eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: 'us-east-1', dynamodb: { Keys: {} } });
    const cut = dynamo.slice(0, dynamo.indexOf('"eventSource"'));
    assert.equal(classifyJson(cut, false), 'more');
    assert.deepEqual(classifyJson(dynamo, true), { type: 'dynamodbstreams', layout: 'objects' });
    assert.deepEqual(classifyJson(JSON.stringify({ Records: [JSON.parse(dynamo)] }), true), { type: 'dynamodbstreams', layout: 'records' });
  });

  it('reads keys past strings holding quotes, braces and backslashes, and says when the object is cut short', () => {
    const tricky = `{"a":"x\\\\","b":"}{\\"eventName\\":1,","nested":{"eventName":"N","eventTime":"T"},"c":[{"d":"]"}],"eventSource":"s3.amazonaws.com"}`;
    const { fields, closed } = topLevelFields(tricky);
    assert.deepEqual([...fields.keys()], ['a', 'b', 'nested', 'c', 'eventSource']);
    assert.equal(fields.get('a'), 'x\\');
    assert.equal(fields.get('b'), '}{"eventName":1,');
    assert.equal(fields.get('nested'), undefined);
    assert.equal(closed, true);
    const cut = topLevelFields(tricky.slice(0, tricky.indexOf('"c"')));
    assert.deepEqual([...cut.fields.keys()], ['a', 'b', 'nested']);
    assert.equal(cut.closed, false);
  });

  it('leaves Panther\'s rule tests (CloudTrail events under "log") out of cloudtrail_logs, saying why', async function () {
    this.timeout(120_000);
    const backend = new LocalBackend({ threads: 2 });
    try {
      // All the shared evidence, read in place: the rule tests sit beside real CloudTrail.
      const query = `select count(*) filter (where "$path" like '%panther%'), count(*) from cloudtrail_logs`;
      const { result, warnings } = await backend.run({ language: 'athena-sql', query, target: { kind: 'evidence', folder: sharedData } });
      const [[fromPanther, all]] = result.rows as number[][];
      assert.equal(fromPanther, 0);
      assert.ok(all! > 2900, `CloudTrail rows: ${all}`);
      const warning = warnings.find((w) => w.subject === join(sharedData, 'panther-analysis-aws-rule-tests/panther_aws_rule_tests.jsonl'));
      assert.ok(warning, 'no warning names the rule tests');
      assert.equal(warning.code, 'evidence.unrecognised');
    } finally {
      await backend.dispose();
    }
  });
});
