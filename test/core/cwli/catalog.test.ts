/** The command and function catalogs: complete against part A, consistent, and looked up like the language. */
import assert from 'node:assert/strict';
import { INSIGHTS_COMMANDS, INSIGHTS_FUNCTIONS, PERIOD_CAPS, findCommand, findFunction, parameterAt, periodMillis, periodUnit, suggestName } from '../../../src/core/cwli';
import { periodRewrite, wholePeriod } from '../../../src/core/cwli/periods';

/** Every function part A.4 names, plus the hashing and time-series pages. */
const A4_FUNCTIONS = [
  'abs', 'ceil', 'floor', 'greatest', 'least', 'log', 'sqrt', 'round', 'haversine', 'toNumber', 'toInt', 'toLong', 'toDouble',
  'bin', 'datefloor', 'dateceil', 'fromMillis', 'toMillis', 'now', 'parseDate', 'formatDate', 'strftime',
  'ispresent', 'coalesce', 'case', 'if', 'isNumeric', 'messageSize', 'queryStartTime', 'queryEndTime', 'queryTimeRange', 'unmask',
  'jsonParse', 'jsonStringify', 'jsonArraySize', 'jsonArrayContains',
  'isValidIp', 'isValidIpV4', 'isValidIpV6', 'isIpInSubnet', 'isIpv4InSubnet', 'isIpv6InSubnet', 'ipv4ToNumber', 'isPrivateIP', 'isPublicIP', 'isReservedIP',
  'isempty', 'isblank', 'concat', 'ltrim', 'rtrim', 'trim', 'strlen', 'toupper', 'tolower', 'substr', 'replace', 'regexReplace', 'strcontains',
  'startsWith', 'endsWith', 'urlencode', 'urldecode', 'base64encode', 'base64decode', 'split', 'hexToAscii', 'hexToDec', 'decToHex',
  'avg', 'sum', 'stddev', 'count', 'count_distinct', 'max', 'min', 'pct', 'earliest', 'latest', 'sortsFirst', 'sortsLast',
  'md5', 'sha256', 'rate', 'count_over_time', 'sum_over_time', 'histogram',
];

const A3_COMMANDS = [
  'fields', 'display', 'filter', 'where', 'stats', 'sort', 'limit', 'parse', 'dedup', 'unnest', 'head', 'tail', 'source',
  'pattern', 'diff', 'anomaly', 'filterIndex', 'lookup', 'join', 'addtotals', 'autoregress', 'logcompare', 'filldown', 'fillmissing',
  'cidrlookup', 'outlier', 'accum', 'appendcols', 'sessionize', 'countFrequent', 'relevantfields', 'expand',
];

describe('core/cwli catalog', () => {
  it('has every function of part A.4 and the stats functions, each documented', () => {
    for (const name of A4_FUNCTIONS) assert.ok(findFunction(name), `missing function ${name}`);
    for (const fn of INSIGHTS_FUNCTIONS) {
      assert.ok(fn.doc.length > 5 && fn.doc.length < 200, `${fn.name}: one-line doc`);
      assert.ok(fn.signature.startsWith(`${fn.name}(`));
      assert.ok(fn.minArgs <= fn.maxArgs);
    }
  });

  it('has every command of part A.3, each documented, with the service ones marked', () => {
    for (const name of A3_COMMANDS) assert.ok(findCommand(name), `missing command ${name}`);
    for (const c of INSIGHTS_COMMANDS) {
      assert.ok(c.doc.length > 5 && c.syntax.length > 0, c.name);
      assert.equal(c.offline, c.category !== 'service', c.name);
    }
    assert.equal(findCommand('where'), findCommand('filter'));
    assert.equal(findCommand('head')?.deprecated, 'head is deprecated; use limit N.');
  });

  it('has no two entries under one name (case-insensitive, aliases included)', () => {
    for (const list of [INSIGHTS_FUNCTIONS, INSIGHTS_COMMANDS]) {
      const names = list.flatMap((x) => [x.name, ...x.aliases].map((n) => n.toLowerCase()));
      assert.equal(new Set(names).size, names.length);
    }
  });

  it('marks what cannot run offline: service commands, unmask and the time-series functions', () => {
    const offlineFalse = INSIGHTS_FUNCTIONS.filter((f) => !f.offline).map((f) => f.name).sort();
    assert.deepEqual(offlineFalse, ['count_over_time', 'histogram', 'rate', 'sum_over_time', 'unmask']);
    assert.equal(findFunction('unmask')?.onlyIn?.join(), 'fields,display');
    assert.ok(INSIGHTS_FUNCTIONS.filter((f) => f.aggregate).every((f) => f.category === 'aggregate' || f.category === 'timeseries'));
  });

  it('looks names up case-insensitively, binds variadic parameters, and suggests near names', () => {
    assert.equal(findFunction('ISIPV4INSUBNET')?.name, 'isIpv4InSubnet');
    assert.equal(findFunction('strftime')?.name, 'formatDate');
    const greatest = findFunction('greatest')!;
    assert.equal(parameterAt(greatest, 5)?.name, 'more');
    assert.equal(parameterAt(findFunction('abs')!, 1), undefined);
    assert.equal(findFunction('case')?.maxArgs, 21);
    assert.equal(suggestName('stat', 'command'), 'stats');
    assert.equal(suggestName('jsonparse', 'function'), 'jsonParse');
    assert.equal(suggestName('zzzzzzzz', 'function'), undefined);
  });

  it('knows the period units, their caps and rewrites', () => {
    assert.deepEqual(['ms', 'msecs', 'second', 'mins', 'hrs', 'day', 'weeks', 'mon', 'qtrs', 'yr', 'S'].map(periodUnit), ['ms', 'ms', 's', 'm', 'h', 'd', 'w', 'mo', 'q', 'y', 's']);
    assert.equal(periodUnit('x'), undefined);
    assert.deepEqual(PERIOD_CAPS, { ms: 1000, s: 60, m: 60, h: 24 });
    assert.equal(periodMillis(300, 's'), 60_000, 'bin(300s) is treated as 60 s');
    assert.equal(periodMillis(5, 'm'), 300_000);
    assert.equal(periodMillis(1, 'mo'), undefined);
    assert.equal(periodRewrite(300, 's'), '5m');
    assert.equal(periodRewrite(7200, 's'), '2h');
    assert.equal(periodRewrite(90, 'm'), undefined);
    assert.equal(wholePeriod(1.5, 'h'), '90m');
    assert.equal(wholePeriod(1.5, 'mo'), undefined);
  });
});
