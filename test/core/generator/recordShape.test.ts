/**
 * Generated records against real CloudTrail: the field/type inventory is computed from the public
 * sample logs in /work/shared/data (read in place, never copied into the repo), so a generated field
 * that real CloudTrail never writes, or writes with another JSON type, fails here.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateEvidence } from '../../../src/core/generator';
import { SHARED, readCorpus, removeDir, tempDir, type JsonRecord } from './corpusFiles';
import { inventory as inventoryOf, inventoryProblems } from './jsonInventory';

const SAMPLE_DIRS = [
  { dir: join(SHARED, 'cloudtrail-invictus-stratus-sigma-aws/CloudTrail'), records: (json: unknown) => (json as { Records: JsonRecord[] }).Records },
  { dir: join(SHARED, 'cloudtrail-stratus-red-team-detonation-logs/docs/detonation-logs'), records: (json: unknown) => json as JsonRecord[] },
];
// Inside these, keys depend on the API called; only the block's own type is comparable.
const API_SPECIFIC = new Set(['requestParameters', 'responseElements', 'additionalEventData', 'serviceEventDetails']);
const inventory = (records: JsonRecord[]) => inventoryOf(records, API_SPECIFIC);

function realRecords(): JsonRecord[] {
  const out: JsonRecord[] = [];
  for (const { dir, records } of SAMPLE_DIRS) {
    assert.ok(existsSync(dir), `real CloudTrail samples not found at ${dir} (set AWSFX_SHARED_DATA to the shared data folder)`);
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) out.push(...records(JSON.parse(readFileSync(join(dir, name), 'utf8'))));
  }
  return out;
}

describe('core/generator record shape vs real CloudTrail samples', function () {
  // Generating and reading corpora takes seconds on a busy 2-core machine; the bound only catches hangs.
  this.timeout(30_000);
  let real: JsonRecord[];
  let generated: JsonRecord[];
  let dir: string;
  before(async () => {
    real = realRecords();
    dir = tempDir('shape');
    await generateEvidence({ outDir: dir, seed: 5, events: 3000, sources: ['cloudtrail'] });
    generated = readCorpus(dir).map(({ record }) => record);
  });
  after(() => removeDir(dir));

  it('reads a meaningful real sample', () => {
    assert.ok(real.length > 1000, `${real.length} real records`);
  });

  it('writes no field that real CloudTrail does not, and every field with a JSON type real CloudTrail uses', () => {
    assert.deepEqual(inventoryProblems(inventory(generated), inventory(real)), []);
  });

  it('has on every record the fields every real record of the same eventType has', () => {
    for (const eventType of ['AwsApiCall', 'AwsConsoleSignIn']) {
      const realOfType = real.filter((r) => r.eventType === eventType);
      const always = Object.keys(realOfType[0]!).filter((k) => realOfType.every((r) => k in r));
      assert.ok(always.includes('userIdentity') && always.includes('readOnly'), always.join(','));
      for (const r of generated.filter((g) => g.eventType === eventType)) {
        const missing = always.filter((k) => !(k in r));
        assert.deepEqual(missing, [], `${r.eventName} lacks ${missing.join(',')}`);
      }
    }
  });

  it('exercises the parts of the schema investigators query: sessions, issuers, services, resources, TLS, errors', () => {
    const paths = inventory(generated);
    for (const path of [
      'userIdentity.sessionContext.attributes.creationDate', 'userIdentity.sessionContext.attributes.mfaAuthenticated',
      'userIdentity.sessionContext.sessionIssuer.arn', 'userIdentity.sessionContext.sessionIssuer.userName', 'userIdentity.sessionContext.ec2RoleDelivery',
      'userIdentity.invokedBy', 'userIdentity.accessKeyId', 'resources[].ARN', 'resources[].accountId', 'resources[].type',
      'tlsDetails.tlsVersion', 'tlsDetails.cipherSuite', 'tlsDetails.clientProvidedHostHeader', 'errorCode', 'errorMessage',
      'additionalEventData', 'vpcEndpointId', 'sessionCredentialFromConsole',
    ]) assert.ok(paths.has(path), path);
    assert.deepEqual([...paths.get('requestParameters')!].sort(), ['null', 'object']);
    assert.deepEqual([...paths.get('responseElements')!].sort(), ['null', 'object']);
  });

  it('formats values the way real records do', () => {
    const formats: Record<string, RegExp> = {
      eventTime: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/,
      eventID: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      eventVersion: /^1\.\d{2}$/,
      recipientAccountId: /^\d{12}$/,
      eventSource: /^[a-z0-9-]+\.amazonaws\.com$/,
    };
    for (const [field, format] of Object.entries(formats)) {
      // The pattern must hold for the real samples too, or it is our invention, not CloudTrail's.
      assert.ok(real.every((r) => format.test(r[field] as string)), `real ${field}`);
      for (const r of generated) assert.match(r[field] as string, format, field);
    }
    const identityKeys = /^(AKIA|ASIA)[A-Z0-9]{16}$/;
    for (const r of generated) {
      const key = (r.userIdentity as { accessKeyId?: string }).accessKeyId;
      if (key !== undefined) assert.match(key, identityKeys);
      if (r.errorCode !== undefined) assert.equal(r.responseElements, null);
      assert.equal(r.managementEvent, r.eventCategory === 'Management');
    }
  });
});
