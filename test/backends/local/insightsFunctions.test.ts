/** Every function family of A.4, with the documented examples where the docs give results. */
import assert from 'node:assert/strict';
import { InsightsFixture, inlineRelation } from './insightsEvidence';

const EVENT = '{"ip":"192.0.2.15","ip6":"2001:db8::1","pad":"  padded  ","hex":"ff","csv":"a,b","list":"[1,\\"two\\",3]","big":"12345","ts":"2024-06-01T10:30:00Z","neg":"-3.7"}';

describe('backends/local Logs Insights functions', function () {
  this.timeout(60_000);
  const fixture = new InsightsFixture([inlineRelation('fn', [{ time: '2024-06-01 10:30:15.250', message: EVENT }])]);
  after(() => fixture.dispose());
  const value = async (expression: string): Promise<unknown> => {
    const [row] = await fixture.records(`display ${expression} as v`);
    return row!.v;
  };
  const check = (cases: Array<[string, unknown]>) => async () => {
    const found: Array<[string, unknown]> = [];
    for (const [expression] of cases) found.push([expression, await value(expression)]);
    assert.deepEqual(found, cases);
  };

  it('string functions, with the documented trim, substr and decToHex results', check([
    ['trim("xyZxyfooxyxyZ", "xyZ")', 'foo'],
    ['ltrim("xyZxyfooxyZ", "xyZ")', 'fooxyZ'],
    ['rtrim("xyZfooxyxyZ", "xyZ")', 'xyZfoo'],
    ['trim(pad)', 'padded'],
    ['ltrim(pad)', 'padded  '],
    ['rtrim(pad)', '  padded'],
    ['trim(" \tx\n ", "x")', ' \tx\n '],
    ['substr("xyZfooxyZ", 3, 3)', 'foo'],
    ['substr("xyZfooxyZ", 3)', 'fooxyZ'],
    ['decToHex(255)', '0xff'],
    ['hexToDec(hex)', '255'],
    ['hexToAscii("414243")', 'ABC'],
    ['isempty(nothing)', '1'],
    ['isempty("")', '1'],
    ['isempty(ip)', '0'],
    ['isblank(pad)', '0'],
    ['isblank("  \t")', '1'],
    ['strcontains(ip, "0.2")', '1'],
    ['strcontains("ABC", "b")', '0'],
    ['strcontains("ABC", "b", 1)', '1'],
    ['startsWith(ip, "192")', '1'],
    ['endsWith(ip, "16")', '0'],
    ['concat(ip, "/", 24)', '192.0.2.15/24'],
    ['strlen("a😀b")', '3'],
    ['toupper("abc")', 'ABC'],
    ['tolower("ABC")', 'abc'],
    ['replace("a-b-c", "-", "+")', 'a+b+c'],
    ['regexReplace("a1b22c", /[0-9]+/, "#")', 'a#b#c'],
    ['urlencode("a b/c")', 'a%20b%2Fc'],
    ['urldecode("a%20b")', 'a b'],
    ['base64encode("hello")', 'aGVsbG8='],
    ['base64decode("aGVsbG8=")', 'hello'],
    ['base64decode("!!")', null],
    ['split(csv, ",")', '["a","b"]'],
    ['md5("a")', '0cc175b9c0f1b6a831c399e269772661'],
  ]));

  it('numeric functions and operators', check([
    ['abs(neg)', '3.7'],
    ['ceil(neg)', '-3'],
    ['floor(neg)', '-4'],
    ['greatest(1, big, 3)', '12345'],
    ['least(1, big, 3)', '1'],
    ['log(1)', '0'],
    ['log(0)', null],
    ['sqrt(16)', '4'],
    ['sqrt(-1)', null],
    ['round(2.567, 1)', '2.6'],
    ['toInt("42.9")', '42'],
    ['toNumber("1e3")', '1000'],
    ['2 ^ 3', '8'],
    ['10 % 3', '1'],
    ['7 / 2', '3.5'],
    ['1 / 0', null],
    ['big + 1', '12346'],
    ['ip + 1', null],
    ['round(haversine(0, 0, 0, 1), 1)', '111.2'],
  ]));

  it('datetime functions: now() in epoch seconds, toMillis/fromMillis in milliseconds, datefloor/dateceil', async () => {
    await check([
      ['toMillis(@timestamp)', '1717237815250'],
      ['fromMillis(1717237815250)', '2024-06-01 10:30:15.250'],
      ['datefloor(@timestamp, 1h)', '2024-06-01 10:00:00.000'],
      ['dateceil(@timestamp, 1h)', '2024-06-01 11:00:00.000'],
      ['datefloor(@timestamp, 1d)', '2024-06-01 00:00:00.000'],
      ['datefloor(@timestamp, 1mo)', '2024-06-01 00:00:00.000'],
      ['datefloor(@timestamp, 1q)', '2024-04-01 00:00:00.000'],
      ['dateceil(@timestamp, 1y)', '2025-01-01 00:00:00.000'],
      ['toMillis(ts)', '1717237800000'],
      ['parseDate("2024-06-01 12:00:00", "yyyy-MM-dd HH:mm:ss")', '1717243200000'],
      ['parseDate("01/Jun/2024:12:00:00 +0200", "dd/MMM/yyyy:HH:mm:ss Z")', '1717236000000'],
      ['formatDate(@timestamp, "%Y/%m/%d %H")', '2024/06/01 10'],
      ['formatDate(@timestamp, "%H:%M", "Europe/Paris")', '12:30'],
    ])();
    const now = Number(await value('now()'));
    assert.ok(Math.abs(now - Date.now() / 1000) < 120, `now() is epoch seconds: ${now}`);
    assert.deepEqual(await fixture.records('filter toMillis(@timestamp) >= now() * 1000 - 7200000'), [], 'the 2024 event is not in the last two hours');
  });

  it('IP address functions', check([
    ['isValidIp(ip)', 'true'],
    ['isValidIpV4(ip6)', 'false'],
    ['isValidIpV6(ip6)', 'true'],
    ['isValidIpV6("::ffff:192.0.2.1")', 'true'],
    ['isValidIp("300.1.1.1")', 'false'],
    ['isIpv4InSubnet(ip, "192.0.2.0/24")', 'true'],
    ['isIpv4InSubnet(ip, "192.0.3.0/24")', 'false'],
    ['isIpInSubnet(ip6, "2001:db8::/32")', 'true'],
    ['isIpv6InSubnet("2001:db9::1", "2001:db8::/32")', 'false'],
    ['isIpInSubnet("::ffff:10.0.0.1", "::ffff:10.0.0.0/120")', 'true'],
    ['ipv4ToNumber(ip)', '3221225999'],
    ['isPrivateIP("10.1.2.3")', 'true'],
    ['isPrivateIP(ip)', 'false'],
    ['isReservedIP(ip)', 'true'],
    ['isPublicIP("8.8.8.8")', 'true'],
    ['isPublicIP("075.050.255.67")', 'true'],
  ]));

  it('general functions', check([
    ['ispresent(ip)', 'true'],
    ['ispresent(nothing)', 'false'],
    ['coalesce(nothing, ip)', '192.0.2.15'],
    ['if(big > 100, "big", "small")', 'big'],
    ['case(big < 10, "s", big < 100000, "m", "l")', 'm'],
    ['case(big < 10, "s", "l")', 'l'],
    ['isNumeric(big)', 'true'],
    ['isNumeric(ip)', 'false'],
    ['messageSize("é")', '2'],
  ]));

  it('JSON functions', check([
    ['jsonParse(list)', '[1,"two",3]'],
    ['jsonParse(list)[1]', 'two'],
    ['jsonParse(ip)', null],
    ['jsonStringify(jsonParse(@message).hex)', '"ff"'],
    ['jsonArraySize(jsonParse(list))', '3'],
    ['jsonArrayContains(jsonParse(list), "two")', '1'],
    ['jsonArrayContains(jsonParse(list), "Two")', '0'],
    ['jsonParse(@message).ip', '192.0.2.15'],
  ]));

  it('gives the time window to queryStartTime, queryEndTime and queryTimeRange', async () => {
    const window = { startMs: Date.UTC(2024, 5, 1), endMs: Date.UTC(2024, 5, 2) };
    const [row] = await fixture.records('display queryStartTime() as s, queryEndTime() as e, queryTimeRange() as r', { timeWindow: window });
    assert.deepEqual(row, { s: String(window.startMs), e: String(window.endMs), r: '86400000' });
  });
});
