/** The documented semantics of each command, checked on events written here and run by real DuckDB. */
import assert from 'node:assert/strict';
import { InsightsFixture, inlineRelation } from './insightsEvidence';

const APP = [
  { time: '2024-06-01 10:00:00', message: '{"user":"alice","status":"404","n":5,"a":{"b":[{"c":"x"},{"c":"y"}]},"s":"{\\"k\\":1}","detail-type":"T1","@x":"at"}', stream: 's1' },
  { time: '2024-06-01 10:01:00', message: '{"user":"bob","status":"200","n":12,"a":{"b":[{"c":"z"}]},"detail-type":"T2","nil":null}', stream: 's1' },
  { time: '2024-06-01 10:02:00', message: '25 May 2019 10:24:39,474 [ERROR] {foo=2, bar=data} The error was: DataIntegrityException', stream: 's2' },
  { time: '2024-06-01 10:03:00', message: '{"events":[{"name":"exception"},{"name":"user action"}]}', stream: 's2' },
  { time: '2024-06-01 10:04:00', message: 'user=carol, method:GET, latency := 30', stream: 's3' },
  { time: '2024-06-01 10:05:00', message: 'user=dave, method:POST, latency := 50', stream: 's3' },
  { time: '2024-06-01 11:30:00', message: '{"user":"alice","status":"500","n":"7"}', stream: 's1' },
];

describe('backends/local Logs Insights semantics', function () {
  this.timeout(60_000);
  const app = new InsightsFixture([inlineRelation('app', APP)]);
  after(() => app.dispose());
  const column = async (query: string, name: string) => (await app.records(query)).map((r) => r[name]);

  describe('fields and discovery', () => {
    it('returns @timestamp and @message, newest first, with a stable @ptr per event, when nothing is chosen', async () => {
      const result = await app.result('filter user = "bob"');
      assert.deepEqual(result.columns.map((c) => c.name), ['@timestamp', '@message', '@ptr']);
      assert.equal(result.rows[0]![0], '2024-06-01 10:01:00.000');
      const again = await app.result('fields user | filter user = "bob"');
      assert.match(String(result.rows[0]![2]), /^[0-9a-f]{32}$/);
      assert.equal(again.rows[0]![1], result.rows[0]![2], 'the same event has the same @ptr');
      assert.deepEqual(await column('limit 3', '@timestamp'), ['2024-06-01 11:30:00.000', '2024-06-01 10:05:00.000', '2024-06-01 10:04:00.000']);
    });

    it('flattens JSON with dotted paths and .0. for arrays; objects, arrays and JSON nulls are no fields', async () => {
      const rows = await app.records('filter user = "alice" and n = 5 | display a.b.0.c, a.b.1.c, a.b, a, nil, `detail-type`, @@x');
      assert.deepEqual(rows, [{ 'a.b.0.c': 'x', 'a.b.1.c': 'y', 'a.b': null, a: null, nil: null, 'detail-type': 'T1', '@@x': 'at' }]);
    });

    it('reads every discovered value as text, and keeps JSON held in a string opaque until jsonParse', async () => {
      const rows = await app.records('filter n = 5 | display n, s, s.k, jsonParse(s).k, jsonParse(s) as parsed');
      assert.deepEqual(rows, [{ n: '5', s: '{"k":1}', 's.k': null, 'jsonParse(s).k': '1', parsed: '{"k":1}' }]);
    });

    it('gives null for fields an event lacks, and system fields for every event', async () => {
      const rows = await app.records('filter @logStream = "s2" | display user, @logStream, @log, @ingestionTime | sort @timestamp asc');
      assert.deepEqual(rows, [
        { user: null, '@logStream': 's2', '@log': '111122223333:app', '@ingestionTime': null },
        { user: null, '@logStream': 's2', '@log': '111122223333:app', '@ingestionTime': null },
      ]);
    });

    it('computes fields with aliases (including @ names) usable by later commands', async () => {
      assert.deepEqual(await column('fields n * 2 as @double | filter @double > 20 | display @double', '@double'), ['24']);
    });
  });

  describe('filter', () => {
    it('compares numerically when both sides are numbers, as text otherwise', async () => {
      assert.deepEqual(await column('filter status >= 400 | display status', 'status'), ['500', '404']);
      assert.deepEqual(await column('filter n > 10 | display n', 'n'), ['12']);
      assert.deepEqual(await column('filter status > "3" | display status', 'status'), ['500', '200', '404'], 'as text, "200" would sort before "3"');
      assert.deepEqual(await column('filter user < "b" | display user', 'user'), ['alice', 'alice']);
    });

    it('makes every comparison on an absent field false, so not (…) keeps those events but != does not', async () => {
      assert.equal((await app.records('filter user != "alice"')).length, 1);
      assert.equal((await app.records('filter not (user = "alice")')).length, 5);
      assert.equal((await app.records('filter user not like "a"')).length, 1);
      assert.equal((await app.records('filter user not in ["alice"]')).length, 1);
    });

    it('matches like "x" as a case-sensitive substring, like /re/ and =~ as a regex search, (?i) ignoring case', async () => {
      assert.equal((await app.records('filter @message like "[ERROR]"')).length, 1);
      assert.equal((await app.records('filter @message like "[error]"')).length, 0);
      assert.equal((await app.records('filter @message like /(?i)\\[error\\]/')).length, 1);
      assert.equal((await app.records('filter @message =~ /latency := \\d+$/')).length, 2);
    });

    it('tests in [list] as exact text membership, numbers written as text', async () => {
      assert.deepEqual(await column('filter status in ["404", 500] | display status', 'status'), ['500', '404']);
      assert.equal((await app.records('filter user in ["ali"]')).length, 0);
    });

    it('combines and/or/not with parentheses', async () => {
      assert.deepEqual(await column('filter (user = "bob" or status = "500") and not n = 7 | display user', 'user'), ['bob']);
    });
  });

  describe('stats', () => {
    it('computes every aggregation, count(f) skipping events without f', async () => {
      const [row] = await app.records('stats count(*), count(), count(user), count_distinct(user), sum(n), avg(n), min(n), max(n), min(user), max(status), pct(n, 50), earliest(user), latest(status), sortsFirst(user), sortsLast(user), stddev(n)');
      assert.deepEqual(row, {
        'count(*)': '7', 'count()': '7', 'count(user)': '3', 'count_distinct(user)': '2', 'sum(n)': '24', 'avg(n)': '8', 'min(n)': '5', 'max(n)': '12',
        'min(user)': 'alice', 'max(status)': '500', 'pct(n, 50)': '7', 'earliest(user)': 'alice', 'latest(status)': '500', 'sortsFirst(user)': 'alice', 'sortsLast(user)': 'bob', 'stddev(n)': '3.605551275463989',
      });
    });

    it('groups by fields and aliases, keeps a group for events without the field, and names unaliased outputs by their text', async () => {
      const rows = await app.records('stats count(*) as events, max(n) by user as who');
      assert.deepEqual(rows, [{ who: 'alice', events: '2', 'max(n)': '7' }, { who: 'bob', events: '1', 'max(n)': '12' }, { who: null, events: '4', 'max(n)': null }]);
    });

    it('buckets by bin(period) in UTC, capping units (bin(300s) is 60 s)', async () => {
      assert.deepEqual(await app.records('stats count(*) by bin(1h)'), [{ 'bin(1h)': '2024-06-01 10:00:00.000', 'count(*)': '6' }, { 'bin(1h)': '2024-06-01 11:00:00.000', 'count(*)': '1' }]);
      assert.equal((await app.records('stats count(*) by bin(300s)')).length, 7);
      assert.equal((await app.records('stats count(*) by bin(5m)')).length, 3);
    });

    it('computes with earlier aggregates in the same stats (A.8 #6)', async () => {
      assert.deepEqual(await app.records('stats max(n) as hi, min(n) as lo, hi - lo as spread'), [{ hi: '12', lo: '5', spread: '7' }]);
    });

    it('aggregates the first stats with a second one, and reuses unaliased outputs by their text', async () => {
      assert.deepEqual(await app.records('stats count(*) as c by bin(1m) | stats max(c) as peak, avg(c) as mean, count(*) as bins'), [{ peak: '1', mean: '1', bins: '7' }]);
      assert.deepEqual(await app.records('stats count(*) by @logStream | stats sum(`count(*)`) as total'), [{ total: '7' }]);
      assert.deepEqual(await app.records('stats count(*) by @logStream | sort count(*) desc | limit 1'), [{ '@logStream': 's1', 'count(*)': '3' }]);
    });

    it('carries time out of the first stats as the documented way to use it in the second (A.8 #23)', async () => {
      const rows = await app.records('stats count(*) as c, max(@timestamp) as @t by @logStream | stats sum(c) as events by dateceil(@t, 1h)');
      assert.deepEqual(rows, [{ 'dateceil(@t, 1h)': '2024-06-01 11:00:00.000', events: '4' }, { 'dateceil(@t, 1h)': '2024-06-01 12:00:00.000', events: '3' }]);
    });

    it('has no @ptr on aggregate rows', async () => {
      assert.deepEqual((await app.result('stats count(*)')).columns.map((c) => c.name), ['count(*)']);
    });
  });

  describe('sort, limit, dedup', () => {
    it('sorts by several keys, ascending by default, numbers by value, absent last', async () => {
      assert.deepEqual(await column('sort n | display n', 'n'), ['5', '7', '12', null, null, null, null]);
      assert.deepEqual(await column('sort user desc, n | display n', 'n'), ['12', '5', '7', null, null, null, null]);
    });

    it('limits in the current order, and limit any returns that many', async () => {
      assert.deepEqual(await column('sort @timestamp asc | limit 2 | display user', 'user'), ['alice', 'bob']);
      assert.equal((await app.records('limit any 3')).length, 3);
    });

    it('keeps the first event of each combination in the current order (default newest first), and every event with a null', async () => {
      assert.deepEqual(await column('dedup user', '@timestamp'), ['2024-06-01 11:30:00.000', '2024-06-01 10:05:00.000', '2024-06-01 10:04:00.000', '2024-06-01 10:03:00.000', '2024-06-01 10:02:00.000', '2024-06-01 10:01:00.000']);
      assert.deepEqual((await app.records('fields user, n | sort @timestamp asc | dedup user | limit 2')).map((r) => r.n), ['5', '12']);
    });
  });

  describe('parse and unnest', () => {
    it('parses a glob, keeping events that do not match without the fields (A.8 #21 on its documented line)', async () => {
      const rows = await app.records('parse @message "[*] * The error was: *" as level, config, exception | sort @timestamp asc | display level, config, exception');
      assert.equal(rows.length, 7);
      assert.deepEqual(rows[2], { level: 'ERROR', config: '{foo=2, bar=data}', exception: 'DataIntegrityException' });
      assert.deepEqual(rows[0], { level: null, config: null, exception: null });
    });

    it('parses a regex with named groups into the same fields (A.8 #21, regex form)', async () => {
      const rows = await app.records('parse @message /\\[(?<level>\\S+)\\]\\s+(?<config>\\{.*\\})\\s+The error was: (?<exception>\\S+)/ | filter ispresent(level) | display level, config, exception');
      assert.deepEqual(rows, [{ level: 'ERROR', config: '{foo=2, bar=data}', exception: 'DataIntegrityException' }]);
    });

    it('parses what an earlier parse produced (chained parse), then aggregates (A.8 #18)', async () => {
      const rows = await app.records('parse @message "user=*, method:*, latency := *" as @user, @method, @latency | parse @user /(?<initial>^.)/ | filter ispresent(@latency) | stats avg(@latency) as ms by initial, @method');
      assert.deepEqual(rows, [{ initial: 'c', '@method': 'GET', ms: '30' }, { initial: 'd', '@method': 'POST', ms: '50' }]);
    });

    it('parses every match with multi, csv columns, logfmt into a map, and a JSON path', async () => {
      assert.deepEqual(await column('filter @logStream = "s3" | parse @message /(?<word>[a-z]+)=/ multi | sort @timestamp asc | display word', 'word'), ['user', 'user']);
      assert.deepEqual(await app.records('filter user = "carol" or @message like "carol" | parse @message csv as first, second, third, fourth | display first, second, fourth'), [{ first: 'user=carol', second: ' method:GET', fourth: null }]);
      assert.deepEqual(await app.records('fields "a=1 b=\\"two words\\" c=" as line | parse line logfmt as kv | display kv.a, kv.b, kv.c, kv.d | limit 1'), [{ 'kv.a': '1', 'kv.b': 'two words', 'kv.c': '', 'kv.d': null }]);
      assert.deepEqual(await app.records('filter n = 12 | parse json field=@message "a.b.0.c" as first | display first'), [{ first: 'z' }]);
    });

    it('unnests a jsonParse list into one row per element (A.8 #24)', async () => {
      assert.deepEqual(await column('fields jsonParse(@message) as json_message | unnest json_message.events into event | display event.name', 'event.name'), ['exception', 'user action']);
    });
  });
});
