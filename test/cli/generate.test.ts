import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCommand } from '../../src/cli/commands/generate';
import { filesOf, listFiles, readCorpus, readFlowLogs, readJsonLines } from '../core/generator/corpusFiles';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

async function run(argv: string[]) {
  const c = capture();
  const code = await generateCommand(argv, c.io);
  return { code, stdout: c.out.join(''), stderr: c.err.join('') };
}

describe('cli generate', function () {
  // Generating and reading corpora takes seconds on a busy 2-core machine; the bound only catches hangs.
  this.timeout(30_000);
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'awsfx-cli-generate-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes the corpus and prints one summary line: files, events per source, time window', async () => {
    const out = join(root, 'evidence');
    const { code, stdout, stderr } = await run(['--out', out, '--seed', '3', '--events', '1200', '--start', '2024-06-01T00:00:00Z']);
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
    assert.equal(stdout.split('\n').filter(Boolean).length, 1);
    const m = /(\d+) files, 1200 events \(cloudtrail (\d+), vpcflow (\d+), route53 (\d+), guardduty (\d+)\), (2024-06-01T\S+Z) to (2024-06-01T\S+Z), seed 3/.exec(stdout);
    assert.ok(m, stdout);
    assert.equal(Number(m[1]), listFiles(out).length);
    assert.deepEqual(m.slice(2, 6).map(Number), [readCorpus(out).length, readFlowLogs(out).length, readJsonLines(out, 'vpcdnsquerylogs').length, readJsonLines(out, 'GuardDuty').length]);
    assert.equal(m.slice(2, 6).map(Number).reduce((a, b) => a + b, 0), 1200);
    const times = [
      ...readCorpus(out).map(({ record }) => record.eventTime as string),
      ...readJsonLines(out, 'vpcdnsquerylogs').map(({ record }) => record.query_timestamp as string),
      ...readFlowLogs(out).map(({ row }) => new Date(Number(row.start) * 1000).toISOString().slice(0, 19) + 'Z'),
    ].sort();
    assert.ok(m[6]! <= times[0]! && m[7]! >= times[times.length - 1]!, `${m[6]} to ${m[7]} covers ${times[0]} to ${times[times.length - 1]}`);
  });

  it('writes only the sources asked for', async () => {
    const out = join(root, 'e');
    const { code, stdout, stderr } = await run(['--out', out, '--events', '500', '--sources', 'vpcflow,guardduty']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, / 500 events \(vpcflow \d+, guardduty \d+\),/);
    assert.deepEqual([...new Set(listFiles(out).map((f) => f.split('/')[2]))].sort(), ['GuardDuty', 'vpcflowlogs']);
    assert.equal(filesOf(out, 'CloudTrail').length, 0);
  });

  it('takes accounts, regions and a window length', async () => {
    const out = join(root, 'e');
    const { code, stderr } = await run(['--out', out, '--events', '300', '--sources', 'cloudtrail', '--accounts', '123456789012', '--regions', 'eu-west-3', '--duration-minutes', '150']);
    assert.equal(code, 0, stderr);
    const dirs = listFiles(out).map((f) => f.split('/').slice(0, 4).join('/'));
    assert.deepEqual([...new Set(dirs)].sort(), ['AWSLogs/123456789012/CloudTrail/eu-west-3', 'AWSLogs/123456789012/CloudTrail/us-east-1']);
  });

  it('refuses to mix a new corpus into an existing one unless --force, and --force replaces only AWSLogs/', async () => {
    const out = join(root, 'e');
    assert.equal((await run(['--out', out, '--seed', '1'])).code, 0);
    writeFileSync(join(out, 'notes.txt'), 'keep me');
    const again = await run(['--out', out, '--seed', '2']);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already holds an AWSLogs\/ tree.*--force/);
    const forced = await run(['--out', out, '--seed', '2', '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.ok(existsSync(join(out, 'notes.txt')));
    assert.match(forced.stdout, /seed 2/);
  });

  it('exits 2 with a clear message on bad input and writes nothing', async () => {
    const out = join(root, 'never');
    const cases: Array<[string[], RegExp]> = [
      [[], /--out DIR is required/],
      [['--out', out, '--events', 'lots'], /--events must be a whole number/],
      [['--out', out, '--events', '10'], /at least 100/],
      [['--out', out, '--events', '300'], /events must be at least \d+ for cloudtrail,vpcflow,route53,guardduty/],
      [['--out', out, '--sources', 'cloudtrail,syslog'], /sources must be one or more of cloudtrail,vpcflow,route53,guardduty/],
      [['--out', out, '--seed', '-1'], /--seed|seed/],
      [['--out', out, '--seed', '99999999999'], /seed must be an integer from 0 to 4294967295/],
      [['--out', out, '--start', 'yesterday'], /--start must be an ISO-8601/],
      [['--out', out, '--start', '2024-13-40'], /start must be an ISO-8601/],
      [['--out', out, '--accounts', '42'], /12-digit/],
      [['--out', out, '--regions', 'moon'], /regions must look like/],
      [['--out', out, '--bogus'], /Unknown option '--bogus'/],
      [['--out', out, 'extra'], /unexpected argument "extra"/],
    ];
    for (const [argv, message] of cases) {
      const { code, stdout, stderr } = await run(argv);
      assert.equal(code, 2, argv.join(' '));
      assert.match(stderr, message, argv.join(' '));
      assert.match(stderr, /^awsfx generate: /);
      assert.equal(stdout, '');
    }
    assert.ok(!existsSync(out) || readdirSync(out).length === 0);
  });

  it('prints usage for --help and exits 0', async () => {
    const { code, stdout } = await run(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /awsfx generate --out DIR/);
    assert.match(stdout, /--seed N/);
    assert.match(stdout, /--sources S1,S2 +any of cloudtrail,vpcflow,route53,guardduty/);
  });

  it('accepts thousands separators in counts', async () => {
    const { code, stdout, stderr } = await run(['--out', join(root, 'e'), '--events', '1_000']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, / 1000 events \(/);
  });
});
