import assert from 'node:assert/strict';
import type { CellValue } from '../../../src/common/resultSet';
import { LocalBackend } from '../../../src/backends/local/localBackend';
import { definedMacroNames, macroStatements } from '../../../src/backends/local/trinoMacros';
import { INTERNAL_MACROS, MACRO_FUNCTIONS } from '../../../src/core/sql';
import { invictusFolder } from './evidenceFolders';

/** Each expression is written as Athena SQL, translated and run by the real engine. */
describe('backends/local Trino functions on DuckDB', function () {
  this.timeout(60_000);
  const backend = new LocalBackend({ threads: 2 });
  after(() => backend.dispose());

  async function values(...expressions: string[]): Promise<CellValue[]> {
    const query = `SELECT ${expressions.map((e, i) => `${e} AS v${i}`).join(', ')}`;
    const { result } = await backend.run({ language: 'athena-sql', query, target: { kind: 'evidence', folder: invictusFolder } });
    return result.rows[0]!;
  }

  it('defines a macro for every function the translation renames', () => {
    const defined = new Set(definedMacroNames());
    for (const name of [...Object.keys(MACRO_FUNCTIONS), ...Object.keys(INTERNAL_MACROS)]) assert.ok(defined.has(name), name);
    assert.equal(macroStatements().length, defined.size);
  });

  it('json_extract_scalar: scalars as text, NULL for objects, arrays, JSON null, missing keys and bad JSON', async () => {
    const doc = `'{"a":{"b":1},"c":"x","n":null,"t":true,"l":[1]}'`;
    assert.deepEqual(
      await values(`json_extract_scalar(${doc}, '$.c')`, `json_extract_scalar(${doc}, '$.a.b')`, `json_extract_scalar(${doc}, '$.t')`, `json_extract_scalar(${doc}, '$.a')`,
        `json_extract_scalar(${doc}, '$.l')`, `json_extract_scalar(${doc}, '$.n')`, `json_extract_scalar(${doc}, '$.zz')`, `json_extract_scalar('{not json', '$.a')`),
      ['x', '1', 'true', null, null, null, null, null],
    );
  });

  it('json_extract, json_parse, json_format and casts of JSON', async () => {
    assert.deepEqual(
      await values(`json_format(json_extract('{"a":{"b":[1,2]}}', '$.a'))`, `json_extract_scalar(json_extract('{"k":{"id":"AKIA"}}', '$.k'), '$.id')`,
        `json_format(json_parse('{ "a" : 1 }'))`, `CAST(json_parse('["x","y"]') AS ARRAY(VARCHAR))`, `json_format(CAST('text' AS JSON))`, `json_extract('oops', '$.a')`),
      ['{"b":[1,2]}', 'AKIA', '{"a":1}', ['x', 'y'], '"text"', null],
    );
  });

  it('json_array_contains, json_array_length, json_array_get, json_size', async () => {
    assert.deepEqual(
      await values(`json_array_contains('["a",1,true]', 'a')`, `json_array_contains('["a",1]', 1)`, `json_array_contains('["a"]', 'b')`, `json_array_length('[1,2,3]')`,
        `json_array_length('{"a":1}')`, `json_format(json_array_get('[1,2,3]', -1))`, `json_size('{"a":[1,2],"b":{"x":1,"y":2,"z":3}}', '$.b')`),
      [true, true, false, 3, null, '3', 3],
    );
  });

  it('time: ISO-8601 parsing, epoch, date_diff counts whole units, date_add, formats, ISO weekdays', async () => {
    assert.deepEqual(
      await values(`from_iso8601_timestamp('2023-07-10T11:47:39Z')`, `to_unixtime(from_iso8601_timestamp('2023-07-10T11:47:39.5Z'))`, `from_unixtime(1688989659)`,
        `date_diff('day', from_iso8601_timestamp('2024-01-01T23:00:00Z'), from_iso8601_timestamp('2024-01-03T01:00:00Z'))`,
        `date_diff('hour', from_iso8601_timestamp('2024-01-01T23:30:00Z'), from_iso8601_timestamp('2024-01-02T00:10:00Z'))`,
        `date_add('month', 1, from_iso8601_timestamp('2024-01-31T00:00:00Z'))`, `date_format(from_iso8601_timestamp('2024-03-05T07:08:09Z'), '%Y/%m/%d %H:%i:%s')`,
        `date_parse('2024/03/05 07:08', '%Y/%m/%d %H:%i')`, `day_of_week(from_iso8601_date('2024-01-07'))`, `to_iso8601(from_iso8601_timestamp('2023-07-10T11:47:39Z'))`,
        `format_datetime(from_iso8601_timestamp('2024-03-05T07:08:09Z'), 'yyyy-MM-dd''T''HH:mm')`, `parse_datetime('2024-03-05 07:08:09', 'yyyy-MM-dd HH:mm:ss')`),
      ['2023-07-10T11:47:39Z', 1688989659.5, '2023-07-10T11:47:39Z', 1, 0, '2024-02-29T00:00:00Z', '2024/03/05 07:08:09', '2024-03-05T07:08:00', 7,
        '2023-07-10T11:47:39.000Z', '2024-03-05T07:08', '2024-03-05T07:08:09Z'],
    );
  });

  it('regular expressions and strings behave as in Trino', async () => {
    assert.deepEqual(
      await values(`regexp_extract('abc', 'x')`, `regexp_extract('key=val', '(\\w+)=(\\w+)', 2)`, `regexp_replace('a1b2', '[0-9]')`, `regexp_replace('ab-ab', 'a(b)', '<$1>')`,
        `regexp_like('arn:aws:iam::1:user/x', ':user/')`, `split_part('a.b', '.', 3)`, `split_part('a.b', '.', 2)`, `concat('a', NULL)`, `concat('a', '-', 'b')`,
        `replace('arn:aws:s3:::bucket', 'arn:aws:s3:::')`, `strpos('abc', 'c')`, `regexp_count('a1b22', '[0-9]')`, `url_extract_host('https://u@example.com:443/p?q')`),
      [null, 'val', 'ab', '<b>-<b>', true, null, 'b', null, 'a-b', 'bucket', 3, 3, 'example.com'],
    );
  });

  it('arrays and maps', async () => {
    assert.deepEqual(
      await values(`array_join(ARRAY[1, NULL, 2], ',')`, `array_join(ARRAY['a', NULL], ',', 'none')`, `element_at(ARRAY[1, 2, 3], -1)`, `element_at(MAP(ARRAY['k'], ARRAY[7]), 'k')`,
        `element_at(ARRAY[1], 5)`, `cardinality(ARRAY[1, 2, 3])`, `cardinality(MAP(ARRAY['a', 'b'], ARRAY[1, 2]))`, `array_distinct(ARRAY[3, 1, 3, 2, 1])`, `array_position(ARRAY[5, 6], 7)`,
        `contains(ARRAY['a', 'b'], 'b')`, `slice(ARRAY[1, 2, 3, 4], 2, 2)`, `any_match(ARRAY[1, 5], x -> x > 4)`, `all_match(ARRAY[1, 5], x -> x > 4)`,
        `transform(ARRAY['a'], x -> upper(x))`, `reduce(ARRAY[1, 2, 3], 0, (s, x) -> s + x, s -> s * 10)`, `array_sort(ARRAY[3, NULL, 1])`),
      ['1,2', 'a,none', 3, 7, null, 3, 2, [3, 1, 2], 0, true, [2, 3], true, false, ['A'], 60, [1, 3, null]],
    );
  });

  it('IPADDRESS compares addresses as numbers, IPv4 and IPv6 alike, and contains() tests CIDR blocks', async () => {
    assert.deepEqual(
      await values(`CAST('10.0.0.2' AS IPADDRESS) > IPADDRESS '10.0.0.10'`, `CAST('9.255.255.255' AS IPADDRESS) < IPADDRESS '10.0.0.0'`,
        `CAST('::ffff:10.0.0.1' AS IPADDRESS) = IPADDRESS '10.0.0.1'`, `CAST('2001:db8::1' AS IPADDRESS) = IPADDRESS '2001:0db8:0:0:0:0:0:1'`,
        `CAST('2001:db8::1' AS IPADDRESS) > IPADDRESS '255.255.255.255'`, `CAST('AWS Internal' AS IPADDRESS)`, `CAST('256.1.1.1' AS IPADDRESS)`,
        `CAST('075.050.255.67' AS IPADDRESS) = IPADDRESS '75.50.255.67'`, `contains('10.0.0.0/8', CAST('10.20.30.40' AS IPADDRESS))`,
        `contains('172.16.0.0/12', CAST('172.32.0.1' AS IPADDRESS))`, `contains('2001:db8::/32', CAST('2001:db8:ffff::1' AS IPADDRESS))`),
      [false, true, true, true, true, null, null, true, true, false, true],
    );
  });

  it('integer division truncates and NULLs sort last, as in Trino', async () => {
    assert.deepEqual(await values('7 / 2', '-7 / 2', '7.0 / 2'), [3, -3, 3.5]);
    const { result } = await backend.run({ language: 'athena-sql', query: 'SELECT x FROM (VALUES (2), (NULL), (1)) AS t(x) ORDER BY x DESC', target: { kind: 'evidence', folder: invictusFolder } });
    assert.deepEqual(result.rows, [[2], [1], [null]]);
  });
});
