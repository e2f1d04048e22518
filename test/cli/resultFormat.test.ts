import assert from 'node:assert/strict';
import { capRows } from '../../src/common/resultSet';
import { toCsv, toJsonLines, toTextTable } from '../../src/cli/resultFormat';

const result = capRows(
  [
    { name: 'arn', kind: 'string', engineType: 'VARCHAR' },
    { name: 'n', kind: 'integer', engineType: 'BIGINT' },
    { name: 'id', kind: 'struct', engineType: 'STRUCT' },
  ],
  [
    ['arn:aws:iam::1:user/a,b', 1, { type: 'IAMUser' }],
    ['say "hi"\nbye', null, null],
  ],
);

describe('cli/resultFormat', () => {
  it('writes RFC 4180 CSV', () => {
    assert.equal(toCsv(result), 'arn,n,id\r\n"arn:aws:iam::1:user/a,b",1,"{""type"":""IAMUser""}"\r\n"say ""hi""\nbye",,\r\n');
  });

  it('writes one JSON object per row keyed by column name', () => {
    const lines = toJsonLines(result).trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines, [
      { arn: 'arn:aws:iam::1:user/a,b', n: 1, id: { type: 'IAMUser' } },
      { arn: 'say "hi"\nbye', n: null, id: null },
    ]);
  });

  it('keeps duplicate column names apart in JSON lines', () => {
    const dup = capRows([{ name: 'x', kind: 'integer', engineType: 'INTEGER' }, { name: 'x', kind: 'integer', engineType: 'INTEGER' }], [[1, 2]]);
    assert.deepEqual(JSON.parse(toJsonLines(dup)), { x: 1, x_2: 2 });
  });

  it('draws an aligned text table and never passes terminal control characters through', () => {
    const hostile = capRows([{ name: 'ua', kind: 'string', engineType: 'VARCHAR' }], [['\u001b[2J\u001b]0;pwned\u0007']]);
    const text = toTextTable(hostile);
    assert.ok(!text.includes('\u001b'));
    assert.match(text, /\\x1b\[2J\\x1b\]0;pwned\\x07/);
    const lines = toTextTable(result).split('\n');
    assert.equal(lines[0], `${'arn'.padEnd(23)} | n    | id`);
    assert.equal(lines[2], 'arn:aws:iam::1:user/a,b | 1    | {"type":"IAMUser"}');
    assert.match(lines.at(-2)!, /^\(2 rows\)$/);
  });
});
