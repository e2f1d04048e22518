import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LocalBackend } from '../../../../src/backends/local/localBackend';
import { tempFolder } from '../evidenceFolders';
import { sourceSuite } from './sourceSuite';
import { samples } from './samples';

const DEFAULT_HEADER = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';

/** The real default-format records of the AWS documentation, as lines. */
const defaultRecords = (): string[] => readFileSync(join(samples.vpcDocs, 'default-v2.log'), 'utf8').trim().split('\n');

describe('backends/local/sources VPC flow logs', function () {
  this.timeout(120_000);
  const { backend, reader } = sourceSuite();
  const run = async (folder: string, query: string) => backend.run({ language: 'athena-sql', query, target: { kind: 'evidence', folder } });
  const rows = async (folder: string, query: string) => (await run(folder, query)).result.rows;
  const file = (name: string) => `"$path" LIKE '%/${name}'`;

  it('answers on the AWS documentation records, mapped by their declared format (checked with awk)', async () => {
    // awk: 7 records, 2 REJECT, 13,440 bytes accepted, 102 packets, 2 records without addresses.
    assert.deepEqual(
      await rows(samples.vpcDocs, `SELECT count(*), count(*) FILTER (WHERE action = 'REJECT'), sum(bytes) FILTER (WHERE action = 'ACCEPT'), sum(packets), count(*) FILTER (WHERE srcaddr IS NULL) FROM vpc_flow_logs WHERE ${file('default-v2.log')}`),
      [[7, 2, 13440, 102, 2]],
    );
    assert.deepEqual(await rows(samples.vpcDocs, `SELECT srcaddr, dstaddr, bytes FROM vpc_flow_logs WHERE dstport = 22 ORDER BY bytes`), [
      ['172.31.16.139', '172.31.16.21', 4249],
      ['2001:db8:1234:a100:8d6e:3477:df66:f105', '2001:db8:1234:a102:3304:8879:34cf:4071', 8855],
    ]);
  });

  it('reads "-" as NULL, and a field the format lacks as NULL', async () => {
    assert.deepEqual(
      await rows(samples.vpcDocs, `SELECT interface_id, srcaddr, srcport, protocol, packets, action, log_status, vpc_id, tcp_flags FROM vpc_flow_logs WHERE ${file('default-v2.log')} AND log_status <> 'OK' ORDER BY log_status`),
      [
        ['eni-1235b8ca123456789', null, null, null, null, null, 'NODATA', null, null],
        ['eni-11111111aaaaaaaaa', null, null, null, null, null, 'SKIPDATA', null, null],
      ],
    );
    // The NAT gateway example declares six fields: instance-id is "-" on four records, start is not declared at all.
    assert.deepEqual(await rows(samples.vpcDocs, `SELECT count(*), count(instance_id), count(pkt_srcaddr), count(start), count(version) FROM vpc_flow_logs WHERE ${file('custom-nat-gateway.log')}`), [[6, 2, 6, 0, 0]]);
  });

  it('maps a custom format by name: the tcp-flags example declares bytes before packets', async () => {
    // awk over the seven well-formed records: 23,461,513 bytes, 17,107 packets, SYN (2) on two.
    assert.deepEqual(
      await rows(samples.vpcDocs, `SELECT count(*), sum(bytes), sum(packets), count(*) FILTER (WHERE tcp_flags = 2), min(type), max(version) FROM vpc_flow_logs WHERE ${file('custom-tcp-flags.log')} AND pkt_srcaddr <> ''`),
      [[7, 23461513, 17107, 2, 'IPv4', 3]],
    );
    assert.deepEqual(await rows(samples.vpcDocs, `SELECT bytes, packets, tcp_flags FROM vpc_flow_logs WHERE ${file('custom-tcp-flags.log')} AND srcport = 43416`), [[568, 8, 2]]);
    // The documentation's one record with two spaces in a row reads as Athena's space-delimited SerDe
    // reads it: an empty field, the rest shifted, the last field past the format dropped.
    assert.deepEqual(
      await rows(samples.vpcDocs, `SELECT srcport, dstport, pkt_srcaddr, pkt_dstaddr, protocol, bytes, packets, start, log_status FROM vpc_flow_logs WHERE ${file('custom-tcp-flags.log')} AND pkt_srcaddr = ''`),
      [[5001, 43638, '', '10.0.0.62', null, 6, 967, 14, '19']],
    );
  });

  it('reads the version 5 and version 8 fields, including the ECS fields and reject reason', async () => {
    assert.deepEqual(
      await rows(samples.vpcDocs, `SELECT region, az_id, pkt_src_aws_service, pkt_dst_aws_service, traffic_path, flow_direction, sublocation_type FROM vpc_flow_logs WHERE ${file('custom-v5-traffic-path.log')} ORDER BY traffic_path NULLS FIRST`),
      [
        ['ap-southeast-2', 'apse2-az3', 'S3', null, null, 'ingress', null],
        ['ap-southeast-2', 'apse2-az3', null, 'S3', 8, 'egress', null],
      ],
    );
    assert.deepEqual(
      await rows(samples.vpcElastic, `SELECT version, interface_id, action, log_status, ecs_cluster_name, ecs_task_id, reject_reason, flow_direction FROM vpc_flow_logs WHERE ${file('test-v8-samples.log')}`),
      [[3, null, 'REJECT', 'NODATA', 'backend-cluster', 'e504f037-35c', 'BPA', 'ingress']],
    );
  });

  it('maps by the header line, not by position: the same records in two field orders answer alike', async () => {
    const { dir, remove } = tempFolder('vpc-orders');
    try {
      const names = DEFAULT_HEADER.split(' ');
      const reversed = [...names].reverse();
      writeFileSync(join(dir, 'in-order.log'), `${DEFAULT_HEADER}\n${defaultRecords().join('\n')}\n`);
      writeFileSync(join(dir, 'reversed.log.gz'), gzipSync(`${reversed.join(' ')}\n${defaultRecords().map((l) => l.split(' ').reverse().join(' ')).join('\n')}\n`));
      const columns = names.map((n) => (n === 'end' ? '"end"' : n.replace(/-/g, '_'))).join(', ');
      const of = async (name: string) => rows(dir, `SELECT ${columns} FROM vpc_flow_logs WHERE ${file(name)} ORDER BY ALL`);
      const inOrder = await of('in-order.log');
      assert.equal(inOrder.length, 7);
      assert.deepEqual(await of('reversed.log.gz'), inOrder);
      // And as the sidecar-declared original reads them.
      assert.deepEqual(await rows(samples.vpcDocs, `SELECT ${columns} FROM vpc_flow_logs WHERE ${file('default-v2.log')} ORDER BY ALL`), inOrder);

      const [relation] = await backend.listInsightsRelations(dir);
      const fields = ['srcAddr', 'dstAddr', 'srcPort', 'dstPort', 'protocol', 'packets', 'bytes', 'startTime', 'endTime', 'action', 'logStatus', 'interfaceId', 'accountId', 'version'];
      // Lines of the in-order file start with the version, lines of the reversed file end with it.
      const inOrderEvents = await reader.rows(relation!, ['@timestamp', ...fields], { where: `"@message" LIKE '2 %'` });
      assert.equal(inOrderEvents.length, 7);
      assert.deepEqual(await reader.rows(relation!, ['@timestamp', ...fields], { where: `"@message" LIKE '% 2'` }), inOrderEvents);
    } finally {
      remove();
    }
  });

  it('takes the flow-log format from the option when a file has neither header nor .format file', async () => {
    const { dir, remove } = tempFolder('vpc-option');
    const optioned = new LocalBackend({ threads: 2, flowLogFormat: '${srcaddr} ${dstaddr} ${bytes} ${action}' });
    try {
      writeFileSync(join(dir, 'flows.txt'), '10.0.0.1 10.0.0.2 500 ACCEPT\n10.0.0.3 10.0.0.2 700 REJECT\n');
      const { result, warnings } = await optioned.run({ language: 'athena-sql', query: 'SELECT srcaddr, bytes, action, version FROM vpc_flow_logs ORDER BY bytes', target: { kind: 'evidence', folder: dir } });
      assert.deepEqual(result.rows, [['10.0.0.1', 500, 'ACCEPT', null], ['10.0.0.3', 700, 'REJECT', null]]);
      assert.deepEqual(warnings, []);
    } finally {
      await optioned.dispose();
      remove();
    }
  });

  it('derives date, day and region from the S3 key or the delivered file name, else from start', async () => {
    const { dir, remove } = tempFolder('vpc-keys');
    try {
      const key = 'AWSLogs/123456789010/vpcflowlogs/eu-west-1/2024/05/13';
      mkdirSync(join(dir, key), { recursive: true });
      const body = gzipSync(`${DEFAULT_HEADER}\n${defaultRecords().join('\n')}\n`);
      writeFileSync(join(dir, key, '123456789010_vpcflowlogs_eu-west-1_fl-0a1b2c3d4e5f60718_20240513T0805Z_9f8e7d6c.log.gz'), body);
      writeFileSync(join(dir, '123456789010_vpcflowlogs_us-east-2_fl-0a1b2c3d4e5f60718_20240601T1200Z_9f8e7d6c.log.gz'), body);
      writeFileSync(join(dir, 'renamed.log'), `${DEFAULT_HEADER}\n${defaultRecords()[0]}\n`);
      assert.deepEqual(await rows(dir, `SELECT DISTINCT "date", day, region FROM vpc_flow_logs ORDER BY day`), [
        ['2014-12-14', '2014/12/14', null],
        ['2024-05-13', '2024/05/13', 'eu-west-1'],
        ['2024-06-01', '2024/06/01', 'us-east-2'],
      ]);
      assert.deepEqual(await rows(dir, `SELECT count(*) FROM vpc_flow_logs WHERE "date" = DATE '2024-05-13' AND action = 'REJECT'`), [[2]]);
    } finally {
      remove();
    }
  });

  it('reads a header with an unknown field by its known fields, and names the file and the field', async () => {
    const { dir, remove } = tempFolder('vpc-unknown');
    try {
      writeFileSync(join(dir, 'odd.log'), 'version account-id bogus-field srcaddr dstaddr bytes action log-status\n2 123456789010 ??? 10.0.0.1 10.0.0.2 512 ACCEPT OK\n');
      const { result, warnings } = await run(dir, 'SELECT account_id, srcaddr, bytes, action FROM vpc_flow_logs');
      assert.deepEqual(result.rows, [['123456789010', '10.0.0.1', 512, 'ACCEPT']]);
      assert.equal(warnings.length, 1);
      assert.equal(warnings[0]!.code, 'evidence.partial');
      assert.match(warnings[0]!.message, /odd\.log without "bogus-field"/);
      const described = await rows(dir, 'DESCRIBE vpc_flow_logs');
      assert.ok(!described.some((r) => String(r[0]).includes('bogus')), 'an unknown name never becomes a column');
    } finally {
      remove();
    }
  });

  it('is the vpc-flow-logs log group with the fields CloudWatch discovers, @message the raw line', async () => {
    const [relation, ...others] = await backend.listInsightsRelations(samples.vpcDocs);
    assert.equal(others.length, 0);
    assert.equal(relation!.logGroup, 'vpc-flow-logs');
    assert.equal(relation!.evidenceType, 'vpcflow');
    for (const name of ['srcAddr', 'dstAddr', 'srcPort', 'dstPort', 'protocol', 'packets', 'bytes', 'action', 'logStatus', 'interfaceId', 'accountId', 'startTime', 'endTime', 'version', 'tcpFlags', 'pktSrcAddr', 'trafficPath']) {
      assert.ok(name in relation!.fields, name);
    }
    const first = await reader.rows(relation!, ['@timestamp', '@message', '@logStream', '@log', '@ingestionTime', 'srcAddr', 'dstPort', 'bytes', 'action', 'logStatus', 'startTime'], { where: `"@message" = '${defaultRecords()[0]}'` });
    assert.deepEqual(first, [{
      '@timestamp': '2014-12-14T04:06:50.000Z', '@message': defaultRecords()[0], '@logStream': 'eni-1235b8ca123456789', '@log': '123456789010:vpc-flow-logs', '@ingestionTime': null,
      srcAddr: '172.31.16.139', dstPort: 22, bytes: 4249, action: 'ACCEPT', logStatus: 'OK', startTime: 1418530010,
    }]);
    // Every line AWS wrote comes back as @message exactly (the double-spaced one cannot, see above).
    const messages = new Set((await reader.rows(relation!, ['@message'])).map((r) => r['@message']));
    for (const name of ['default-v2.log', 'custom-tcp-flags.log', 'custom-transit-gateway.log', 'custom-v5-traffic-path.log', 'custom-nat-gateway.log']) {
      for (const line of readFileSync(join(samples.vpcDocs, name), 'utf8').trim().split('\n')) {
        if (!line.includes('  ')) assert.ok(messages.has(line), `${name}: ${line}`);
      }
    }
    assert.deepEqual(await reader.rows(relation!, ['@logStream'], { where: `"@logStream" NOT LIKE 'eni-%'` }), [], 'every sample record names its interface');
  });
});
