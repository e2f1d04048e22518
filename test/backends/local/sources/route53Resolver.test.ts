import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tempFolder } from '../evidenceFolders';
import { sourceSuite } from './sourceSuite';
import { samples } from './samples';

const sampleLines = (): string[] => readFileSync(join(samples.route53, 'test-route53.log'), 'utf8').trim().split('\n');

describe('backends/local/sources Route 53 Resolver query logs', function () {
  this.timeout(120_000);
  const { backend, reader, rows } = sourceSuite();

  it('answers as r53_rlogs, with the documented columns and types (checked with jq)', async () => {
    // jq: 34 records, 21 names, 34 answers, 5 with an instance, ports 37272–59464, 11 NXDOMAIN, 16 unanswered.
    assert.deepEqual(
      await rows(samples.route53, `SELECT count(*), count(DISTINCT query_name), sum(cardinality(answers)), count(srcids.instance), min(srcport), max(srcport),
        count(*) FILTER (WHERE rcode = 'NXDOMAIN'), count(*) FILTER (WHERE cardinality(answers) = 0) FROM r53_rlogs`),
      [[34, 21, 34, 5, 37272, 59464, 11, 16]],
    );
    assert.deepEqual(await rows(samples.route53, 'SELECT query_type, count(*) FROM r53_rlogs GROUP BY 1 ORDER BY 1'), [['A', 14], ['AAAA', 14], ['PTR', 6]]);
    const types = Object.fromEntries((await rows(samples.route53, 'DESCRIBE r53_rlogs')).map((r) => [r[0], r[1]]));
    assert.equal(types.srcport, 'INTEGER');
    assert.equal(types.answers, 'STRUCT(rdata VARCHAR, "type" VARCHAR, "class" VARCHAR)[]');
    assert.equal(types.srcids, 'STRUCT(instance VARCHAR, resolver_endpoint VARCHAR)');
  });

  it('runs the Athena documentation examples unchanged', async () => {
    // Example 3 (jq: 4 names contain example.com) and example 5 (one answer 203.0.113.9, the DNS Firewall record).
    assert.equal((await rows(samples.route53, `SELECT query_timestamp, srcids.instance, srcaddr, srcport, query_name, rcode, answers FROM "r53_rlogs" WHERE query_name LIKE '%example.com%' ORDER BY query_timestamp DESC`)).length, 4);
    assert.deepEqual(
      await rows(samples.route53, `SELECT query_timestamp, srcids.instance, srcaddr, srcport, query_name, rcode, answer.Rdata FROM "r53_rlogs" CROSS JOIN UNNEST(r53_rlogs.answers) as st(answer) WHERE answer.Rdata='203.0.113.9'`),
      [['2021-02-04T17:51:55Z', 'i-0d15cd0d3example', '81.2.69.143', 56067, '15.199.16.175.in-addr.arpa.', 'NOERROR', '203.0.113.9']],
    );
    assert.deepEqual(await rows(samples.route53, `SELECT firewall_rule_action, firewall_rule_group_id, vpc_id FROM r53_rlogs WHERE firewall_rule_action IS NOT NULL`), [['BLOCK', 'rslvr-frg-01234567890abcdef', 'vpc-7example']]);
  });

  it('takes the partition columns from the S3 key, else from the record', async () => {
    const { dir, remove } = tempFolder('r53-keys');
    try {
      const key = 'AWSLogs/626345947581/vpcdnsquerylogs/vpc-01e31a7c/2021/12/11';
      mkdirSync(join(dir, key), { recursive: true });
      writeFileSync(join(dir, key, '626345947581_vpcdnsquerylogs_vpc-01e31a7c_20211211T2245Z_5f3a2b1c.log.gz'), gzipSync(sampleLines().slice(0, 3).join('\n')));
      writeFileSync(join(dir, 'flat.log'), `${sampleLines().find((l) => l.includes('vpc-7example'))}\n`);
      assert.deepEqual(await rows(dir, 'SELECT account_partition, vpc_partition, date_partition, count(*) FROM r53_rlogs GROUP BY ALL ORDER BY ALL'), [
        ['111122223333', 'vpc-7example', '2021/02/04', 1],
        ['626345947581', 'vpc-01e31a7c', '2021/12/11', 3],
      ]);
    } finally {
      remove();
    }
  });

  it('is the /aws/route53resolver log group: @message each raw line, keys discovered, the A.5 names answering', async () => {
    const relations = await backend.listInsightsRelations(samples.route53);
    assert.deepEqual(relations.map((r) => [r.logGroup, r.evidenceType, r.jsonColumn]), [['/aws/route53resolver', 'route53resolver', '@message']]);
    const relation = relations[0]!;
    assert.deepEqual(Object.keys(relation.fields).sort(), ['protocol', 'queryName', 'queryTimestamp', 'queryType', 'responseCode', 'version']);
    const events = await reader.rows(relation, ['@message', '@timestamp', '@logStream', '@log', '@ingestionTime']);
    assert.deepEqual(events.map((e) => e['@message']).sort(), sampleLines().sort());
    const blocked = events.find((e) => String(e['@message']).includes('BLOCK'))!;
    assert.deepEqual([blocked['@timestamp'], blocked['@logStream'], blocked['@log'], blocked['@ingestionTime']], ['2021-02-04T17:51:55.000Z', 'vpc-7example', '111122223333:/aws/route53resolver', null]);

    // A.8 #13 with NXDOMAIN: count by queryName; jq: three names twice each lead.
    const nx = await reader.rows(relation, ['queryName', 'responseCode', 'query_name', 'rcode', 'srcids.instance', 'answers.0.Rdata'], { where: `"@message" LIKE '%NXDOMAIN%'` });
    assert.equal(nx.length, 11);
    for (const event of nx) assert.deepEqual([event.queryName, event.responseCode], [event.query_name, event.rcode]);
    const counts = new Map<unknown, number>();
    for (const event of nx) counts.set(event.queryName, (counts.get(event.queryName) ?? 0) + 1);
    assert.deepEqual([...counts].filter(([, n]) => n === 2).map(([name]) => name).sort(), ['__cloud_init_expected_not_found__.', 'example.invalid.', 'instance-data.']);
  });

  it('narrows to the keys a query reads and gives the same values as the full relation', async () => {
    const [relation] = await backend.listInsightsRelations(samples.route53);
    const names = ['@timestamp', '@logStream', '@log', 'queryName', 'responseCode', 'protocol', 'srcids.instance', 'answers.0.Rdata', 'answers', 'srcport', 'no_such_key'];
    const narrowed = relation!.narrow!(names.map((name) => ({ name, path: name.startsWith('@') ? [name] : name.split('.') })));
    assert.equal(narrowed.jsonColumn, undefined, 'no raw text is kept');
    assert.ok(!narrowed.sql.includes('read_json_objects'));
    assert.deepEqual(await reader.rows(relation!, names, { narrow: true }), await reader.rows(relation!, names));
    const leaf = await reader.rows(relation!, ['answers', 'srcids.instance'], { narrow: true, where: `"@timestamp" = TIMESTAMP '2021-02-04 17:51:55'` });
    assert.deepEqual(leaf, [{ answers: null, 'srcids.instance': 'i-0d15cd0d3example' }], 'a list or an object is no field');
  });

  it('sets aside a truncated file, names it, and answers from the rest', async () => {
    const { dir, remove } = tempFolder('r53-bad');
    try {
      writeFileSync(join(dir, 'good.log'), readFileSync(join(samples.route53, 'test-route53.log')));
      const whole = gzipSync(`${sampleLines().join('\n')}\n`.repeat(40));
      writeFileSync(join(dir, 'cut.log.gz'), whole.subarray(0, Math.floor(whole.length / 2)));
      const { result, warnings } = await backend.run({ language: 'athena-sql', query: 'SELECT count(*) FROM r53_rlogs', target: { kind: 'evidence', folder: dir } });
      assert.deepEqual(result.rows, [[34]]);
      assert.equal(warnings.length, 1);
      assert.equal(warnings[0]!.code, 'evidence.unreadable');
      assert.match(warnings[0]!.message, /^Skipped cut\.log\.gz: the engine could not read it/);
    } finally {
      remove();
    }
  });
});
