/**
 * Flow logs, resolver query logs and GuardDuty findings against the real samples in
 * /work/shared/data (read in place, never copied into the repo): field names, the kinds of value
 * each field holds, JSON types and key order. A field or a value shape the real logs never have
 * fails here.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateEvidence } from '../../../src/core/generator';
import { SHARED, flowValues, readFlowLogs, readJsonLines, removeDir, tempDir, type FlowRow, type JsonRecord } from './corpusFiles';
import { inventory, inventoryProblems, type JsonType } from './jsonInventory';

const FLOW_SAMPLES = join(SHARED, 'vpc-flow-logs-samples');
const RESOLVER_SAMPLE = join(SHARED, 'route53-resolver-query-logs-elastic/test-route53.log');
const FINDING_SAMPLES = join(SHARED, 'guardduty-findings-samples/elastic-test-guardduty.log');
const PANTHER_TESTS = join(SHARED, 'panther-analysis-aws-rule-tests/panther_aws_rule_tests.jsonl');

/** What kind of value a flow log field holds; enumerations keep their value. */
function shapeOf(field: string, value: string): string {
  if (value === '-') return 'absent';
  if (['action', 'log-status', 'type', 'flow-direction'].includes(field)) return value;
  if (/^\d+$/.test(value)) return 'integer';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(value)) return 'ipv4';
  if (value.includes(':')) return 'ipv6';
  const id = /^(i|eni|vpc|subnet)-[0-9a-fx]+$/.exec(value);
  if (id) return `${id[1]}-id`;
  if (/^[a-z]{2}(-[a-z]+)+-\d$/.test(value)) return 'region';
  if (/^[a-z]+\d-az\d$/.test(value)) return 'az-id';
  if (/^[A-Z0-9_]+$/.test(value)) return 'service-name';
  return `other:${value}`;
}

/** `field -> value shapes` over the real sample files, each read through its own field list. */
function realFlowShapes(): { shapes: Map<string, Set<string>>; defaultFields: string } {
  const shapes = new Map<string, Set<string>>();
  let defaultFields = '';
  for (const folder of ['aws-docs-examples', 'elastic-tests']) {
    const dir = join(FLOW_SAMPLES, folder);
    assert.ok(existsSync(dir), `real flow log samples not found at ${dir} (set AWSFX_SHARED_DATA)`);
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.format'))) {
      const fields = flowValues(readFileSync(join(dir, name), 'utf8'));
      if (name === 'default-v2.format') defaultFields = fields.join(' ');
      for (const line of readFileSync(join(dir, name.replace(/\.format$/, '.log')), 'utf8').split('\n').filter((l) => l.trim() !== '')) {
        flowValues(line).forEach((value, i) => {
          const field = fields[i]!;
          if (!shapes.has(field)) shapes.set(field, new Set());
          shapes.get(field)!.add(shapeOf(field, value));
        });
      }
    }
  }
  return { shapes, defaultFields };
}

/**
 * Action blocks the samples do not happen to contain, named as in GuardDuty's API reference
 * (PortProbeAction, NetworkConnectionAction, AwsApiCallAction). Remote addresses share the
 * RemoteIpDetails type, which the samples show under kubernetesApiCallAction.
 */
const DOCUMENTED = new Map<string, ReadonlySet<JsonType>>(
  Object.entries({
    'service.action.portProbeAction': 'object', 'service.action.portProbeAction.blocked': 'boolean', 'service.action.portProbeAction.portProbeDetails': 'array',
    'service.action.portProbeAction.portProbeDetails[]': 'object', 'service.action.portProbeAction.portProbeDetails[].localPortDetails': 'object',
    'service.action.portProbeAction.portProbeDetails[].localPortDetails.port': 'number', 'service.action.portProbeAction.portProbeDetails[].localPortDetails.portName': 'string',
    'service.action.portProbeAction.portProbeDetails[].localIpDetails': 'object', 'service.action.portProbeAction.portProbeDetails[].localIpDetails.ipAddressV4': 'string',
    'service.action.networkConnectionAction': 'object', 'service.action.networkConnectionAction.connectionDirection': 'string',
    'service.action.networkConnectionAction.remotePortDetails': 'object', 'service.action.networkConnectionAction.remotePortDetails.port': 'number',
    'service.action.networkConnectionAction.remotePortDetails.portName': 'string', 'service.action.networkConnectionAction.localPortDetails': 'object',
    'service.action.networkConnectionAction.localPortDetails.port': 'number', 'service.action.networkConnectionAction.localPortDetails.portName': 'string',
    'service.action.networkConnectionAction.protocol': 'string', 'service.action.networkConnectionAction.blocked': 'boolean',
    'service.action.networkConnectionAction.localIpDetails': 'object', 'service.action.networkConnectionAction.localIpDetails.ipAddressV4': 'string',
    'service.action.networkConnectionAction.localNetworkInterface': 'string', 'service.action.awsApiCallAction.userAgent': 'string',
  }).map(([path, type]) => [path, new Set([type as JsonType])]),
);
const sharedRemoteIp = (path: string) =>
  path.replace(/^service\.action\.(awsApiCallAction|networkConnectionAction|portProbeAction\.portProbeDetails\[\])\.remoteIpDetails/, 'service.action.kubernetesApiCallAction.remoteIpDetails');

function realFindings(): JsonRecord[] {
  assert.ok(existsSync(FINDING_SAMPLES), `real GuardDuty samples not found at ${FINDING_SAMPLES}`);
  const elastic = readFileSync(FINDING_SAMPLES, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as JsonRecord).filter((f) => 'type' in f);
  const panther = readFileSync(PANTHER_TESTS, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { log_types?: string[]; log: JsonRecord })
    .filter((t) => (t.log_types ?? []).some((lt) => lt.includes('GuardDuty'))).map((t) => t.log);
  return [...elastic, ...panther];
}

describe('core/generator network sources vs real samples', function () {
  // Generating and reading corpora takes seconds on a busy 2-core machine; the bound only catches hangs.
  this.timeout(30_000);
  let dir: string;
  let flows: FlowRow[];
  let queries: JsonRecord[];
  let findings: JsonRecord[];
  before(async () => {
    dir = tempDir('network-shape');
    await generateEvidence({ outDir: dir, seed: 11, events: 20_000 });
    flows = readFlowLogs(dir);
    queries = readJsonLines(dir, 'vpcdnsquerylogs').map(({ record }) => record);
    findings = readJsonLines(dir, 'GuardDuty').map(({ record }) => record);
  });
  after(() => removeDir(dir));

  it('flow logs: default files name exactly the default format; custom files only real fields, with version 5', () => {
    const { shapes, defaultFields } = realFlowShapes();
    const headers = new Set(flows.map((f) => f.fields.join(' ')));
    assert.equal(headers.size, 2, [...headers].join('\n'));
    assert.ok(headers.has(defaultFields), 'the default format is AWS\'s version 2 field list, in its order');
    const custom = [...headers].find((h) => h !== defaultFields)!.split(' ');
    assert.deepEqual(custom.filter((f) => !shapes.has(f)), [], 'custom fields are all real fields');
    assert.ok(['tcp-flags', 'pkt-srcaddr', 'flow-direction', 'traffic-path', 'instance-id', 'subnet-id', 'vpc-id'].every((f) => custom.includes(f)));
    for (const { fields, row } of flows) assert.equal(row.version, fields.length === 14 ? '2' : '5');
  });

  it('flow logs: every field holds the kinds of value real records hold there', () => {
    const { shapes } = realFlowShapes();
    const problems = new Set<string>();
    for (const { row } of flows) {
      for (const [field, value] of Object.entries(row)) {
        const shape = shapeOf(field, value);
        if (!shapes.get(field)?.has(shape)) problems.add(`${field}: ${shape} (${value}), real: ${[...(shapes.get(field) ?? [])].join('|')}`);
      }
    }
    assert.deepEqual([...problems], []);
    const statuses = new Set(flows.map((f) => f.row['log-status']));
    assert.ok(statuses.has('OK') && statuses.has('NODATA'), [...statuses].join(','));
    for (const { row } of flows.filter((f) => f.row['log-status'] === 'NODATA')) assert.equal(row.srcaddr, '-');
    for (const { row } of flows.filter((f) => f.row['flow-direction'] === 'ingress')) assert.equal(row['traffic-path'], '-', 'traffic-path is for egress only');
  });

  it('resolver query logs: the real records\' keys, key order and JSON types', () => {
    assert.ok(existsSync(RESOLVER_SAMPLE), `real resolver query log sample not found at ${RESOLVER_SAMPLE}`);
    const real = readFileSync(RESOLVER_SAMPLE, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as JsonRecord);
    assert.deepEqual(inventoryProblems(inventory(queries), inventory(real)), []);
    const order = Object.keys(real[0]!).join(',');
    for (const q of queries) assert.equal(Object.keys(q).join(','), order);
    for (const q of queries) {
      assert.match(q.query_name as string, /\.$/, 'names keep their trailing dot');
      assert.match(q.query_timestamp as string, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      assert.match(q.srcport as string, /^\d+$/);
    }
    const rcodes = new Set(queries.map((q) => q.rcode));
    assert.ok(rcodes.has('NOERROR') && rcodes.has('NXDOMAIN'));
    assert.ok(queries.some((q) => Object.keys(q.srcids as object).length === 0), 'non-instance sources leave srcids empty');
  });

  it('GuardDuty findings: the real findings\' fields and types, actions as the API reference names them', () => {
    const real = inventory(realFindings());
    const generated = inventory(findings);
    const normalised = new Map([...generated].map(([path, types]) => [sharedRemoteIp(path), types] as const));
    assert.deepEqual(inventoryProblems(normalised, real, DOCUMENTED), []);
    const order = ['schemaVersion', 'accountId', 'region', 'partition', 'id', 'arn', 'type', 'resource', 'service', 'severity', 'createdAt', 'updatedAt', 'title', 'description'];
    for (const f of findings) {
      assert.deepEqual(Object.keys(f), order);
      assert.match(f.id as string, /^[0-9a-f]{32}$/);
      assert.equal(f.arn, `arn:aws:guardduty:${f.region}:${f.accountId}:detector/${(f.service as JsonRecord).detectorId}/finding/${f.id}`);
      assert.match(f.createdAt as string, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      assert.ok((f.createdAt as string) <= (f.updatedAt as string));
    }
    const actions = new Set(findings.map((f) => ((f.service as JsonRecord).action as JsonRecord).actionType));
    assert.deepEqual([...actions].sort(), ['AWS_API_CALL', 'DNS_REQUEST', 'NETWORK_CONNECTION', 'PORT_PROBE']);
  });
});
