/**
 * The example queries of the reference (part A.8) parse into the expected structure. The shape
 * string is fully parenthesised, so it pins command kinds, aliases, periods, regex groups and
 * operator precedence; the targeted tests below look at the nodes themselves.
 */
import assert from 'node:assert/strict';
import type { BinaryExpression, CallExpression, FilterCommand, ParseCommand, SortCommand, StatsCommand, UnnestCommand } from '../../../src/core/cwli';
import { clean, covered, errors, parse, shape } from './queryShape';

const EXAMPLES: readonly [string, string, string][] = [
  ['1', "fields @timestamp, @message | sort @timestamp desc | limit 25", "fields(@timestamp, @message) | sort(@timestamp desc) | limit(25)"],
  ['2', "filter @message like /Exception/ | stats count(*) as exceptionCount by bin(1h) | sort exceptionCount desc", "filter((@message like /Exception/)) | stats(count(*) as exceptionCount by bin(period(1h))) | sort(exceptionCount desc)"],
  ['3', "fields @message | filter @message not like /Exception/", "fields(@message) | filter((@message not like /Exception/))"],
  ['4', "fields @timestamp, server, severity, message | sort @timestamp asc | dedup server", "fields(@timestamp, server, severity, message) | sort(@timestamp asc) | dedup(server)"],
  ['5', "fields @timestamp, server, severity, message | sort @timestamp desc | dedup server, severity", "fields(@timestamp, server, severity, message) | sort(@timestamp desc) | dedup(server, severity)"],
  ['6', "filter @type = \"REPORT\" | stats max(@memorySize / 1000 / 1000) as provisonedMemoryMB, min(@maxMemoryUsed / 1000 / 1000) as smallestMemoryRequestMB, avg(@maxMemoryUsed / 1000 / 1000) as avgMemoryUsedMB, max(@maxMemoryUsed / 1000 / 1000) as maxMemoryUsedMB, provisonedMemoryMB - maxMemoryUsedMB as overProvisionedMB", "filter((@type = \"REPORT\")) | stats(max(((@memorySize / 1000) / 1000)) as provisonedMemoryMB, min(((@maxMemoryUsed / 1000) / 1000)) as smallestMemoryRequestMB, avg(((@maxMemoryUsed / 1000) / 1000)) as avgMemoryUsedMB, max(((@maxMemoryUsed / 1000) / 1000)) as maxMemoryUsedMB, (provisonedMemoryMB - maxMemoryUsedMB) as overProvisionedMB)"],
  ['7', "filter @type = \"REPORT\" | stats avg(@duration), max(@duration), min(@duration) by bin(5m)", "filter((@type = \"REPORT\")) | stats(avg(@duration), max(@duration), min(@duration) by bin(period(5m)))"],
  ['8', "fields @timestamp, @requestId, @message, @logStream | filter @type = \"REPORT\" and @duration > 1000 | sort @timestamp desc | dedup @requestId | limit 20", "fields(@timestamp, @requestId, @message, @logStream) | filter(((@type = \"REPORT\") and (@duration > 1000))) | sort(@timestamp desc) | dedup(@requestId) | limit(20)"],
  ['9', "stats sum(packets) as packetsTransferred by srcAddr, dstAddr | sort packetsTransferred desc | limit 15", "stats(sum(packets) as packetsTransferred by srcAddr, dstAddr) | sort(packetsTransferred desc) | limit(15)"],
  ['10', "filter isIpv4InSubnet(srcAddr, \"192.0.2.0/24\") | stats sum(bytes) as bytesTransferred by dstAddr | sort bytesTransferred desc | limit 15", "filter(isIpv4InSubnet(srcAddr, \"192.0.2.0/24\")) | stats(sum(bytes) as bytesTransferred by dstAddr) | sort(bytesTransferred desc) | limit(15)"],
  ['11', "filter logStatus=\"SKIPDATA\" | stats count(*) by bin(1h) as t | sort t", "filter((logStatus = \"SKIPDATA\")) | stats(count(*) by bin(period(1h)) as t) | sort(t asc*)"],
  ['12', "stats count(*) by queryType, bin(1h)", "stats(count(*) by queryType, bin(period(1h)))"],
  ['13', "filter responseCode=\"SERVFAIL\" | stats count(*) by queryName", "filter((responseCode = \"SERVFAIL\")) | stats(count(*) by queryName)"],
  ['14', "filter eventName=\"CreateUser\" | fields awsRegion, requestParameters.userName, responseElements.user.arn", "filter((eventName = \"CreateUser\")) | fields(awsRegion, requestParameters.userName, responseElements.user.arn)"],
  ['15', "filter eventName=\"UpdateTrail\" and ispresent(errorCode) | stats count(*) by errorCode, errorMessage", "filter(((eventName = \"UpdateTrail\") and ispresent(errorCode))) | stats(count(*) by errorCode, errorMessage)"],
  ['16', "filter tlsDetails.tlsVersion in [ \"TLSv1\", \"TLSv1.1\" ] | stats count(*) as numOutdatedTlsCalls by eventSource | sort numOutdatedTlsCalls desc", "filter((tlsDetails.tlsVersion in [\"TLSv1\", \"TLSv1.1\"])) | stats(count(*) as numOutdatedTlsCalls by eventSource) | sort(numOutdatedTlsCalls desc)"],
  ['17', "fields @timestamp, @message | stats count(*) as numberOfEvents by `detail-type` | sort numberOfEvents desc", "fields(@timestamp, @message) | stats(count(*) as numberOfEvents by detail-type) | sort(numberOfEvents desc)"],
  ['18', "parse @message \"user=*, method:*, latency := *\" as @user, @method, @latency | stats avg(@latency) by @method, @user", "parse(glob @message \"user=*, method:*, latency := *\" as @user, @method, @latency) | stats(avg(@latency) by @method, @user)"],
  ['19', "parse @message /user=(?<user2>.*?), method:(?<method2>.*?), latency := (?<latency2>.*?)/ | stats avg(latency2) by @method2, @user2", "parse(regex @message /user=(?<user2>.*?), method:(?<method2>.*?), latency := (?<latency2>.*?)/{user2,method2,latency2}) | stats(avg(latency2) by @method2, @user2)"],
  ['20', "FIELDS @message | PARSE @message \"* [*] *\" as loggingTime, loggingType, loggingMessage | FILTER loggingType IN [\"ERROR\", \"INFO\"] | DISPLAY loggingMessage, loggingType = \"ERROR\" as isError", "fields(@message) | parse(glob @message \"* [*] *\" as loggingTime, loggingType, loggingMessage) | filter((loggingType in [\"ERROR\", \"INFO\"])) | display(loggingMessage, (loggingType = \"ERROR\") as isError)"],
  ['21', "parse @message \"[*] * The error was: *\" as level, config, exception", "parse(glob @message \"[*] * The error was: *\" as level, config, exception)"],
  ['22', "FIELDS strlen(@message) AS message_length | STATS sum(message_length)/1024/1024 as logs_mb BY bin(5m) | STATS max(logs_mb) AS peak_ingest_mb, min(logs_mb) AS min_ingest_mb, avg(logs_mb) AS avg_ingest_mb", "fields(strlen(@message) as message_length) | stats(((sum(message_length) / 1024) / 1024) as logs_mb by bin(period(5m))) | stats(max(logs_mb) as peak_ingest_mb, min(logs_mb) as min_ingest_mb, avg(logs_mb) as avg_ingest_mb)"],
  ['23', "FIELDS strlen(@message) AS message_length | STATS sum(message_length) AS ingested_bytes, max(@timestamp) as @t BY @logStream | STATS avg(ingested_bytes) BY dateceil(@t, 5m)", "fields(strlen(@message) as message_length) | stats(sum(message_length) as ingested_bytes, max(@timestamp) as @t by @logStream) | stats(avg(ingested_bytes) by dateceil(@t, period(5m)))"],
  ['24', "fields jsonParse(@message) as json_message | unnest json_message.events into event | display event.name", "fields(jsonParse(@message) as json_message) | unnest(json_message.events into event) | display(event.name)"],
  ['25', "fields @timestamp, @message | filter requestParameters.instancesSet.items.0.instanceId=\"i-abcde123\" | sort @timestamp desc", "fields(@timestamp, @message) | filter((requestParameters.instancesSet.items.0.instanceId = \"i-abcde123\")) | sort(@timestamp desc)"],
  ['26', "parse @message \"Status Code: *;\" as statusCode | filter statusCode >= 400 and statusCode <= 499 | filter toMillis(@timestamp) >= (now() * 1000 - 7200000)", "parse(glob @message \"Status Code: *;\" as statusCode) | filter(((statusCode >= 400) and (statusCode <= 499))) | filter((toMillis(@timestamp) >= ((now() * 1000) - 7200000)))"],
  ['27', "fields @timestamp, @message | filterIndex IPaddress in [\"198.51.100.0\", \"198.51.100.1\"] | limit 20", "fields(@timestamp, @message) | filterIndex((IPaddress in [\"198.51.100.0\", \"198.51.100.1\"])) | limit(20)"],
  ['28', "SOURCE logGroups(namePrefix: ['namePrefix1', 'namePrefix2']) | fields @timestamp, @message | limit 10", "source(namePrefix: [\"namePrefix1\", \"namePrefix2\"]) | fields(@timestamp, @message) | limit(10)"],
  ['21 (regex form)', "parse @message /\\[(?<level>\\S+)\\]\\s+(?<config>\\{.*\\})\\s+The error was: (?<exception>\\S+)/", "parse(regex @message /\\[(?<level>\\S+)\\]\\s+(?<config>\\{.*\\})\\s+The error was: (?<exception>\\S+)/{level,config,exception})"],];

describe('core/cwli: the A.8 example queries', () => {
  for (const [n, query, expected] of EXAMPLES) {
    it(`A.8 #${n} parses into ${expected.slice(0, 70)}…`, () => {
      assert.equal(clean(query), expected);
      assert.deepEqual(parse(query).diagnostics, [], 'no warnings either');
    });
  }

  it('#2: bin(1h) is a call whose argument is a 1-hour period, grouped without alias', () => {
    const stats = parse(EXAMPLES[1]![1]).ast.commands[1] as StatsCommand;
    assert.equal(stats.aggregations[0]!.alias?.name, 'exceptionCount');
    const bin = stats.groupBy[0]!.expression as CallExpression;
    assert.equal(bin.canonicalName, 'bin');
    assert.deepEqual(bin.args.map((a) => a.kind === 'period' && [a.amount, a.unit]), [[1, 'h']]);
    assert.equal(stats.groupBy[0]!.alias, undefined);
  });

  it('#6: arithmetic over earlier aggregate aliases inside the same stats is accepted', () => {
    const stats = parse(EXAMPLES[5]![1]).ast.commands[1] as StatsCommand;
    assert.equal(stats.aggregations.length, 5);
    const last = stats.aggregations[4]!;
    assert.equal(last.alias?.name, 'overProvisionedMB');
    assert.equal((last.expression as BinaryExpression).op, '-');
  });

  it('#11 and #23: aliases on by-expressions, including an @ alias', () => {
    const stats11 = parse(EXAMPLES[10]![1]).ast.commands[1] as StatsCommand;
    assert.equal(stats11.groupBy[0]!.alias?.name, 't');
    const stats23 = parse(EXAMPLES[22]![1]).ast.commands[1] as StatsCommand;
    assert.equal(stats23.aggregations[1]!.alias?.name, '@t');
    const sort = parse(EXAMPLES[10]![1]).ast.commands[2] as SortCommand;
    assert.deepEqual(sort.keys.map((k) => [k.direction, k.explicitDirection]), [['asc', false]]);
  });

  it('#17: a backticked hyphenated field is one field, not a subtraction', () => {
    const query = EXAMPLES[16]![1];
    const stats = parse(query).ast.commands[1] as StatsCommand;
    const key = stats.groupBy[0]!.expression;
    assert.equal(key.kind, 'field');
    assert.equal(key.kind === 'field' && key.name, 'detail-type');
    assert.equal(covered(query, key.range), '`detail-type`');
  });

  it('#19 and #21: regex parse names its fields from the named groups, with their ranges', () => {
    const query = EXAMPLES[18]![1];
    const parseCommand = parse(query).ast.commands[0] as ParseCommand;
    assert.equal(parseCommand.mode, 'regex');
    assert.deepEqual(parseCommand.pattern?.kind === 'regex' && parseCommand.pattern.groups.map((g) => [g.name, covered(query, g.range)]), [
      ['user2', 'user2'],
      ['method2', 'method2'],
      ['latency2', 'latency2'],
    ]);
    const regex21 = parse(EXAMPLES[28]![1]).ast.commands[0] as ParseCommand;
    assert.deepEqual(regex21.pattern?.kind === 'regex' && regex21.pattern.groups.map((g) => g.name), ['level', 'config', 'exception']);
  });

  it('#20: upper-case keywords, IN with a list, and a Boolean display expression with an alias', () => {
    const result = parse(EXAMPLES[19]![1]);
    assert.deepEqual(result.ast.commands.map((c) => [c.kind, c.keyword.text]), [['fields', 'FIELDS'], ['parse', 'PARSE'], ['filter', 'FILTER'], ['display', 'DISPLAY']]);
    const filter = result.ast.commands[2] as FilterCommand;
    assert.equal((filter.condition as BinaryExpression).op, 'in');
  });

  it('#22: two-level stats; the second refers only to the first one\'s output', () => {
    const commands = parse(EXAMPLES[21]![1]).ast.commands;
    assert.deepEqual(commands.map((c) => c.kind), ['fields', 'stats', 'stats']);
  });

  it('#23 with bin(5m) in the second stats instead of dateceil(@t, 5m) is rejected with the documented remedy', () => {
    const bad = EXAMPLES[22]![1].replace('dateceil(@t, 5m)', 'bin(5m)');
    const result = parse(bad);
    const found = result.diagnostics.filter((d) => d.code === 'binInSecondStats');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.message, 'bin() is not allowed in the second stats; carry a time out of the first stats (max(@timestamp) as @t) and use dateceil(@t, 5m)');
    assert.equal(covered(bad, found[0]!.range), 'bin(5m)');
  });

  it('#24: unnest of a map path into a name', () => {
    const unnest = parse(EXAMPLES[23]![1]).ast.commands[1] as UnnestCommand;
    assert.equal(unnest.source.kind === 'field' && unnest.source.name, 'json_message.events');
    assert.equal(unnest.into?.name, 'event');
  });

  it('#26: precedence of * and - inside parentheses, comparisons under and', () => {
    const filter = parse(EXAMPLES[25]![1]).ast.commands[2] as FilterCommand;
    const cmp = filter.condition as BinaryExpression;
    assert.equal(cmp.op, '>=');
    const right = cmp.right as BinaryExpression;
    assert.equal(right.op, '-');
    assert.equal((right.left as BinaryExpression).op, '*');
  });

  it('#27 and #28: filterIndex and SOURCE are parsed, SOURCE locally usable, filterIndex service-only', () => {
    const index = parse(EXAMPLES[26]![1]).ast.commands[1]!;
    assert.equal(index.kind, 'filterIndex');
    assert.equal(index.serviceOnly, true);
    const source = parse(EXAMPLES[27]![1]).ast.commands[0]!;
    assert.equal(source.kind, 'source');
    assert.equal(source.serviceOnly, false);
  });

  it('every example keeps its shape when keywords are upper-cased (keywords are case-insensitive)', () => {
    for (const [, query, expected] of EXAMPLES) {
      const upper = query.replace(/\b(fields|filter|stats|sort|limit|parse|dedup|display|unnest|into|by|as|desc|asc|and|or|not|like|in)\b/g, (w) => w.toUpperCase());
      const result = parse(upper);
      assert.deepEqual(errors(upper), [], upper);
      assert.equal(shape(result.ast).toLowerCase().replace(/\b(as|by|desc|asc)\b/g, '$1'), expected.toLowerCase());
    }
  });
});
