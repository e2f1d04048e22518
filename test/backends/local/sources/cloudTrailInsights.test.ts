import assert from 'node:assert/strict';
import { invictusFolder, stratusFolder } from '../evidenceFolders';
import { sourceSuite } from './sourceSuite';

describe('backends/local/sources CloudTrail as a log group', function () {
  this.timeout(120_000);
  const { backend, reader } = sourceSuite();
  const relationOf = async (folder: string) => {
    const relations = await backend.listInsightsRelations(folder);
    assert.deepEqual(relations.map((r) => [r.logGroup, r.evidenceType, r.jsonColumn]), [['aws-cloudtrail-logs', 'cloudtrail', '@message']]);
    return relations[0]!;
  };

  it('has every event, its JSON as @message with keys discovered, eventTime as @timestamp (checked with jq)', async () => {
    const relation = await relationOf(invictusFolder);
    const created = await reader.rows(relation, ['@timestamp', 'userIdentity.arn', 'requestParameters.userName', 'responseElements.accessKey.accessKeyId', '@logStream', '@log'], { where: `"@message" LIKE '%"eventName":"CreateAccessKey"%'` });
    assert.deepEqual(created, [
      { '@timestamp': '2023-07-10T12:24:29.000Z', 'userIdentity.arn': 'arn:aws:iam::123837392027:user/bert-jan', 'requestParameters.userName': 'stratus-red-team-backdoor-u-user', 'responseElements.accessKey.accessKeyId': 'AKIATFQR7NSC3ZO6PKAZ', '@logStream': '218007301253_CloudTrail_us-east-1', '@log': '218007301253:aws-cloudtrail-logs' },
      { '@timestamp': '2023-07-10T12:24:50.000Z', 'userIdentity.arn': 'arn:aws:iam::123837392027:user/bert-jan', 'requestParameters.userName': 'malicious-iam-user', 'responseElements.accessKey.accessKeyId': 'AKIATFQR7NSCQLA2F4OD', '@logStream': '218007301253_CloudTrail_us-east-1', '@log': '218007301253:aws-cloudtrail-logs' },
    ]);
    const tls = new Map<unknown, number>();
    for (const row of await reader.rows(relation, ['tlsDetails.tlsVersion'])) tls.set(row['tlsDetails.tlsVersion'], (tls.get(row['tlsDetails.tlsVersion']) ?? 0) + 1);
    assert.deepEqual(Object.fromEntries(tls), { 'TLSv1.2': 2096, 'TLSv1.3': 199, null: 605 });
    const [event] = await reader.rows(relation, ['@message', 'eventID'], { where: `"@message" LIKE '%AKIATFQR7NSCQLA2F4OD%' AND "@message" LIKE '%CreateAccessKey%'` });
    assert.equal((JSON.parse(String(event!['@message'])) as { eventID: string }).eventID, event!.eventID);
  });

  it('names streams as CloudTrail does, from the record when the files do not keep the S3 key or file name', async () => {
    const relation = await relationOf(stratusFolder);
    const streams = new Map<unknown, number>();
    for (const row of await reader.rows(relation, ['@logStream'])) streams.set(row['@logStream'], (streams.get(row['@logStream']) ?? 0) + 1);
    assert.equal([...streams.values()].reduce((a, b) => a + b), 310);
    assert.equal(streams.get('056392974792_CloudTrail_sagov-westsouth-1r'), 56);
    const [message] = await reader.rows(relation, ['@message'], { where: `"@message" LIKE '%CreateAccessKey%' AND "@message" LIKE '%075.050.255.67%'` });
    assert.ok(!String(message!['@message']).includes('\n'), 'indented arrays give compact events, as CloudTrail writes them');
  });

  it('narrows to the keys a query reads, with the values of the full relation, for delivery files and arrays alike', async () => {
    const names = ['@timestamp', '@logStream', '@log', 'eventName', 'userIdentity.arn', 'userIdentity.sessionContext.sessionIssuer.userName', 'requestParameters.userName', 'resources.0.ARN', 'tlsDetails.tlsVersion', 'readOnly', 'userIdentity', 'noSuchKey'];
    for (const folder of [invictusFolder, stratusFolder]) {
      const relation = await relationOf(folder);
      const narrowed = relation.narrow!(names.map((name) => ({ name, path: name.startsWith('@') ? [name] : name.split('.') })));
      assert.equal(narrowed.jsonColumn, undefined);
      const fast = await reader.rows(relation, names, { narrow: true });
      assert.deepEqual(fast, await reader.rows(relation, names));
      assert.ok(fast.every((row) => row.userIdentity === null), 'an object is no field');
      assert.ok(fast.some((row) => row['resources.0.ARN'] !== null));
    }
    // Asking for @message keeps the whole event.
    const relation = await relationOf(invictusFolder);
    assert.equal(relation.narrow!([{ name: '@message', path: ['@message'] }]).jsonColumn, '@message');
  });
});
