import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tempFolder } from '../evidenceFolders';
import { sourceSuite } from './sourceSuite';
import { samples } from './samples';

/** The sample's lines: five findings, then `{"findings":[]}`. */
const sampleLines = (): string[] => readFileSync(join(samples.guardDuty, 'elastic-test-guardduty.log'), 'utf8').trim().split('\n');

describe('backends/local/sources GuardDuty findings', function () {
  this.timeout(120_000);
  const { backend, reader, rows } = sourceSuite();

  it('answers as gd_logs: five findings, an empty findings list adding none (checked with jq)', async () => {
    assert.deepEqual(await rows(samples.guardDuty, 'SELECT severity, count(*) FROM gd_logs GROUP BY 1 ORDER BY 1'), [['5', 3], ['8', 2]]);
    assert.deepEqual(await rows(samples.guardDuty, 'SELECT accountid, count(*) FROM gd_logs GROUP BY 1 ORDER BY 1'), [['123412341234', 4], ['123456789', 1]]);
    const described = await rows(samples.guardDuty, 'DESCRIBE gd_logs');
    assert.deepEqual(described.map((r) => r[0]), ['schemaversion', 'accountid', 'region', 'partition', 'id', 'arn', 'type', 'resource', 'service', 'severity', 'createdat', 'updatedat', 'title', 'description']);
    assert.ok(described.every((r) => r[1] === 'VARCHAR'));
  });

  it('runs the documented query unchanged: nested keys are lowercase as Athena\'s SerDe makes them, values untouched', async () => {
    const found = await rows(samples.guardDuty, `SELECT title, severity, type, id AS FindingID, accountid, region, createdat, updatedat,
        json_extract_scalar(service, '$.count') AS Count,
        json_extract_scalar(resource, '$.instancedetails.instanceid') AS InstanceID,
        json_extract_scalar(service, '$.action.actiontype') AS DNS_ActionType,
        json_extract_scalar(service, '$.action.dnsrequestaction.domain') AS DomainName,
        json_extract_scalar(service, '$.action.dnsrequestaction.protocol') AS protocol,
        json_extract_scalar(service, '$.action.dnsrequestaction.blocked') AS blocked,
        json_extract_scalar(resource, '$.instancedetails.tags[0].value') AS tag
      FROM gd_logs WHERE type LIKE 'Trojan:EC2/%' ORDER BY severity DESC`);
    assert.deepEqual(found, [[
      'Blackholed domain name queried by EC2 instance i-99999999.', '5', 'Trojan:EC2/BlackholeTraffic!DNS', 'd6012345678912345678912349f831b8f', '123412341234', 'us-east-1',
      '2022-11-17T09:33:19.224Z', '2022-11-22T12:22:20.934Z', '2', 'i-99999999', 'DNS_REQUEST', 'GeneratedFindingDomainName', 'UDP', 'true', 'GeneratedFindingInstaceValue1',
    ]]);
  });

  it('reads findings out of EventBridge events and get-findings output alike', async () => {
    const { dir, remove } = tempFolder('gd-shapes');
    try {
      const [first, second, third] = sampleLines().map((line) => JSON.parse(line) as Record<string, unknown>);
      writeFileSync(join(dir, 'eventbridge.json'), `${JSON.stringify({ version: '0', id: 'e1', 'detail-type': 'GuardDuty Finding', source: 'aws.guardduty', account: '123412341234', detail: first })}\n`);
      writeFileSync(join(dir, 'get-findings.json'), JSON.stringify({ Findings: [second, third] }, null, 4));
      writeFileSync(join(dir, 'export.jsonl.gz'), gzipSync(`${sampleLines().slice(3).join('\n')}\n`));
      assert.deepEqual((await rows(dir, 'SELECT type FROM gd_logs ORDER BY createdat, type')).map((r) => r[0]), [
        'Trojan:EC2/BlackholeTraffic!DNS', 'Persistence:Kubernetes/SuccessfulAnonymousAccess', 'Discovery:Kubernetes/TorIPCaller',
        'CredentialAccess:RDS/AnomalousBehavior.SuccessfulLogin', 'PrivilegeEscalation:Runtime/DockerSocketAccessed',
      ]);
      const [relation] = await backend.listInsightsRelations(dir);
      const events = await reader.rows(relation!, ['type', 'service.action.actionType', '@message'], { orderBy: '1' });
      assert.equal(events.length, 5);
      assert.deepEqual(JSON.parse(String(events.find((e) => e.type === 'Trojan:EC2/BlackholeTraffic!DNS')!['@message'])), first, 'the finding, out of its envelope');
    } finally {
      remove();
    }
  });

  it('is the /aws/events/guardduty log group: @message each finding\'s line, its keys discovered', async () => {
    const relations = await backend.listInsightsRelations(samples.guardDuty);
    assert.deepEqual(relations.map((r) => [r.logGroup, r.evidenceType, r.jsonColumn]), [['/aws/events/guardduty', 'guardduty', '@message']]);
    const events = await reader.rows(relations[0]!, ['@message', '@timestamp', '@log', 'type', 'severity', 'service.action.actionType', 'resource.instanceDetails.instanceId', 'service.count'], { orderBy: '2' });
    assert.deepEqual(events.map((e) => e['@message']).sort(), sampleLines().slice(0, 5).sort());
    assert.deepEqual(events.map((e) => [e['@timestamp'], e['@log'], e.severity, e['service.action.actionType'], e['resource.instanceDetails.instanceId'], e['service.count']]), [
      ['2022-11-22T12:22:20.934Z', '123412341234:/aws/events/guardduty', '5', 'DNS_REQUEST', 'i-99999999', '2'],
      ['2022-11-22T12:22:20.935Z', '123412341234:/aws/events/guardduty', '8', 'KUBERNETES_API_CALL', null, '2'],
      ['2022-11-22T12:22:20.938Z', '123412341234:/aws/events/guardduty', '5', 'KUBERNETES_API_CALL', null, '2'],
      ['2022-12-07T10:28:35.948Z', '123412341234:/aws/events/guardduty', '8', 'RDS_LOGIN_ATTEMPT', null, '1'],
      ['2024-10-04T04:09:13.066Z', '123456789:/aws/events/guardduty', '5', null, 'i-abcd1234', '9'],
    ]);
  });

  it('sets aside a truncated export, names it, and answers from the rest', async () => {
    const { dir, remove } = tempFolder('gd-bad');
    try {
      writeFileSync(join(dir, 'good.jsonl'), `${sampleLines().join('\n')}\n`);
      const whole = gzipSync(`${sampleLines().slice(0, 5).join('\n')}\n`.repeat(20));
      writeFileSync(join(dir, 'cut.jsonl.gz'), whole.subarray(0, Math.floor(whole.length * 0.6)));
      const { result, warnings } = await backend.run({ language: 'athena-sql', query: 'SELECT count(*) FROM gd_logs', target: { kind: 'evidence', folder: dir } });
      assert.deepEqual(result.rows, [[5]]);
      assert.deepEqual(warnings.map((w) => [w.code, w.subject?.slice(dir.length + 1)]), [['evidence.unreadable', 'cut.jsonl.gz']]);
      assert.match(warnings[0]!.message, /^Skipped cut\.jsonl\.gz: the engine could not read it \(Malformed JSON/);
    } finally {
      remove();
    }
  });
});
