import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main';
import { timeWindowOf } from '../../src/cli/commands/query';
import type { CliIo } from '../../src/cli/io';

/**
 * `awsfx query --lang cwli` with log groups and a time window: how the options become the request's
 * `target.logGroups` and inclusive `timeWindow`, and how bad values are refused (exit 2, the problem
 * named on stderr, nothing on stdout, nothing run).
 */

const root = resolve(__dirname, '../..');
const invictus = resolve(root, '../shared/data/cloudtrail-invictus-stratus-sigma-aws/CloudTrail');

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), readStdin: async () => '' };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('cli query --lang cwli: log groups and time window', function () {
  this.timeout(60_000);

  it('reads --start/--end as an inclusive window in epoch milliseconds', () => {
    assert.equal(timeWindowOf(undefined, undefined), undefined);
    assert.deepEqual(timeWindowOf('2023-07-10T11:54:00Z', '2023-07-10T12:00:00.250Z'), {
      startMs: Date.UTC(2023, 6, 10, 11, 54),
      endMs: Date.UTC(2023, 6, 10, 12, 0, 0, 250),
    });
    // Offsets are honoured; a date alone is the whole UTC day, both ends included.
    assert.deepEqual(timeWindowOf('2023-07-10T13:54+02:00', '2023-07-10'), {
      startMs: Date.UTC(2023, 6, 10, 11, 54),
      endMs: Date.UTC(2023, 6, 10, 23, 59, 59, 999),
    });
    assert.deepEqual(timeWindowOf('2023-07-10', '2023-07-10'), { startMs: Date.UTC(2023, 6, 10), endMs: Date.UTC(2023, 6, 11) - 1 });
    // Digits finer than a millisecond are cut, never rounded up past what was written.
    assert.equal(timeWindowOf('2023-07-10T00:00:00Z', '2023-07-10T00:00:00.9999999Z')!.endMs, Date.UTC(2023, 6, 10, 0, 0, 0, 999));
  });

  it('refuses windows that are incomplete, ambiguous, impossible or backwards', () => {
    const problem = (start: string | undefined, end: string | undefined): string => {
      try {
        timeWindowOf(start, end);
      } catch (error) {
        assert.equal((error as { code?: string }).code, 'input.invalid');
        return (error as Error).message;
      }
      return 'accepted';
    };
    assert.match(problem('2023-07-10T00:00:00Z', undefined), /--start and --end go together: add --end/);
    assert.match(problem(undefined, '2023-07-10'), /add --start/);
    assert.match(problem('yesterday', '2023-07-10'), /--start must be an ISO-8601 date or instant .* not "yesterday"/);
    assert.match(problem('2023-07-10T00:00:00', '2023-07-11'), /Add Z \(UTC\) or an offset/);
    assert.match(problem('2023-07-10', '2023-02-30'), /--end 2023-02-30 is not a real date/);
    assert.match(problem('2023-07-10T24:00:00Z', '2023-07-11'), /not a real date and time/);
    assert.match(problem('2023-07-11', '2023-07-10T23:00:00Z'), /--start 2023-07-11 is after --end 2023-07-10T23:00:00Z/);
  });

  it('exits 2 naming the problem, before any evidence is read', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--lang', 'cwli', '--start', '2023-07-10T00:00:00Z'], /--start and --end go together/],
      [['--lang', 'cwli', '--start', 'soon', '--end', '2023-07-10'], /--start must be an ISO-8601/],
      [['--lang', 'cwli', '--start', '2023-07-11', '--end', '2023-07-10'], /is after --end/],
      [['--lang', 'sql', '--log-group', 'cloudtrail'], /--log-group applies to --lang cwli only/],
      [['--start', '2023-07-10', '--end', '2023-07-10'], /--start\/--end applies to --lang cwli only/],
      [['--lang', 'cwli', '--log-group'], /argument missing|--log-group/i],
    ];
    for (const [options, message] of cases) {
      // A folder that does not exist: a run that got past validation would fail differently.
      const { code, out, err } = await run(['query', '--evidence', resolve(root, 'no-such-evidence'), ...options, 'fields @timestamp']);
      assert.equal(code, 2, `${options.join(' ')}: ${err}`);
      assert.equal(out, '');
      assert.match(err, message, options.join(' '));
      assert.doesNotMatch(err, /no-such-evidence/, `${options.join(' ')} reached the evidence`);
    }
  });

  it('documents the options in --help', async () => {
    const { code, out } = await run(['query', '--help']);
    assert.equal(code, 0);
    assert.match(out, /--log-group NAME/);
    assert.match(out, /--start ISO/);
    assert.match(out, /--end ISO/);
  });

  it('runs on the evidence sources named by --log-group, within the inclusive window', async () => {
    const events = readdirSync(invictus).flatMap((name) => (JSON.parse(readFileSync(join(invictus, name), 'utf8')) as { Records: Array<{ eventTime: string }> }).Records);
    const count = async (...options: string[]): Promise<{ code: number; n: number; err: string }> => {
      const { code, out, err } = await run(['query', '--evidence', invictus, '--lang', 'cwli', '--format', 'jsonl', ...options, 'stats count(*) as n']);
      return { code, n: code === 0 ? Number((JSON.parse(out) as { n: string }).n) : NaN, err };
    };
    assert.equal((await count()).n, events.length);

    // Both ends are included: the window's end is an event's own second.
    const [start, end] = ['2023-07-10T11:54:00Z', '2023-07-10T12:00:00Z'];
    const inside = events.filter((e) => Date.parse(e.eventTime) >= Date.parse(start) && Date.parse(e.eventTime) <= Date.parse(end));
    assert.ok(inside.length > 0 && inside.length < events.length && inside.some((e) => Date.parse(e.eventTime) === Date.parse(end)));
    assert.equal((await count('--start', start, '--end', end)).n, inside.length);

    // The folder's log group, as the engine itself names it in @log (account-id:log-group).
    const { out } = await run(['query', '--evidence', invictus, '--lang', 'cwli', '--format', 'jsonl', 'fields @log | limit 1']);
    const logGroup = String((JSON.parse(out) as Record<string, string>)['@log']).replace(/^\d+:/, '');
    const named = await count('--log-group', logGroup, '--log-group', 'no-such-group');
    assert.equal(named.n, events.length, named.err);
    assert.match(named.err, /warning: .*no-such-group/);
    const unknown = await count('--log-group', 'no-such-group');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /^awsfx: .*no-such-group/);
  });
});
