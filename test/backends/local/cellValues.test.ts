import assert from 'node:assert/strict';
import { LocalBackend } from '../../../src/backends/local/localBackend';
import { invictusFolder } from './evidenceFolders';

describe('backends/local DuckDB values → cells', function () {
  this.timeout(60_000);
  const backend = new LocalBackend({ threads: 2 });
  after(() => backend.dispose());

  const run = (query: string) => backend.run({ language: 'athena-sql', query, target: { kind: 'evidence', folder: invictusFolder } });

  it('converts every kind of value to plain JSON and names its kind', async () => {
    const { result } = await run(`SELECT
      9007199254740993 AS big, 42 AS small, CAST(170141183460469231731687303715884105727 AS HUGEINT) AS huge,
      CAST(1.25 AS DECIMAL(5, 2)) AS dec, CAST(12345678901234567.89 AS DECIMAL(38, 2)) AS wide, 0.5 AS dbl, true AS flag,
      TIMESTAMP '2024-01-02 03:04:05.123456' AS ts, from_iso8601_timestamp('2024-01-02T03:04:05Z') AS tstz, DATE '2024-01-02' AS d,
      CAST(ROW('x', 1) AS ROW(name VARCHAR, n BIGINT)) AS r, ARRAY[1, 2] AS l, MAP(ARRAY['k'], ARRAY[1]) AS m,
      to_utf8('hi') AS b, json_parse('{"a":1}') AS j, INTERVAL '2' DAY AS i, NULL AS nothing, 'text' AS s`);
    // A bare NULL is typed INTEGER by DuckDB.
    assert.deepEqual(result.rows[0], [
      '9007199254740993', 42, '170141183460469231731687303715884105727', 1.25, '12345678901234567.89', 0.5, true,
      '2024-01-02T03:04:05.123456', '2024-01-02T03:04:05Z', '2024-01-02', { name: 'x', n: 1 }, [1, 2], { k: 1 }, 'aGk=', '{"a":1}', '2 days', null, 'text',
    ]);
    assert.deepEqual(result.columns.map((c) => c.kind), [
      'integer', 'integer', 'integer', 'number', 'number', 'number', 'boolean', 'timestamp', 'timestamp', 'date', 'struct', 'list', 'map', 'binary', 'json', 'string', 'integer', 'string',
    ]);
    assert.equal(result.columns[10]!.engineType, 'STRUCT("name" VARCHAR, "n" BIGINT)');
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(result)));
  });

  it('keeps millisecond precision short and whole seconds bare', async () => {
    const { result } = await run(`SELECT from_iso8601_timestamp('2024-01-02T03:04:05.250Z'), from_iso8601_timestamp('1969-12-31T23:59:59.5Z')`);
    assert.deepEqual(result.rows[0], ['2024-01-02T03:04:05.250Z', '1969-12-31T23:59:59.500Z']);
  });
});
