import assert from 'node:assert/strict';
import { codeSpan, toMarkdownTable } from '../../../src/core/report/markdownTable';
import { capRows } from '../../../src/common/resultSet';

describe('core/report/markdownTable', () => {
  const columns = [
    { name: 'useragent', kind: 'string' as const, engineType: 'VARCHAR' },
    { name: 'n', kind: 'integer' as const, engineType: 'BIGINT' },
  ];

  it('puts every value in a code span, so log content cannot become a link or HTML', () => {
    const md = toMarkdownTable(capRows(columns, [['<img src=x onerror=alert(1)>', 1], ['[click](http://evil.example)', 2]]));
    assert.match(md, /\| `<img src=x onerror=alert\(1\)>` \| `1` \|/);
    assert.match(md, /\| `\[click\]\(http:\/\/evil\.example\)` \| `2` \|/);
    assert.match(md, /_2 rows\._$/);
  });

  it('survives backticks, pipes and newlines inside values', () => {
    assert.equal(codeSpan('a`b'), '``a`b``');
    assert.equal(codeSpan('`x`'), '`` `x` ``');
    assert.equal(codeSpan('a|b'), '`a\\|b`');
    assert.equal(codeSpan('line1\nline2'), '`line1 line2`');
    assert.equal(codeSpan(''), '');
  });

  it('shows nested values as JSON and says how many rows were left out', () => {
    const rows = Array.from({ length: 60 }, (_, i) => [JSON.stringify({ i }), i]);
    const md = toMarkdownTable({ ...capRows(columns, rows, 1000) }, 50);
    assert.equal(md.split('\n').filter((l) => l.startsWith('| `{')).length, 50);
    assert.match(md, /_50 of 60 rows shown\._/);
    const nested = toMarkdownTable(capRows([{ name: 'r', kind: 'struct', engineType: 'STRUCT' }], [[{ arn: 'a', n: [1, 2] }]]));
    assert.match(nested, /`\{"arn":"a","n":\[1,2\]\}`/);
  });
});
