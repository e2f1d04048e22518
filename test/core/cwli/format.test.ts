/** formatExpression: canonical text (default column names) that reads back into the same tree. */
import assert from 'node:assert/strict';
import { formatExpression, formatFieldName, type FieldsCommand } from '../../../src/core/cwli';
import { expr, parse } from './queryShape';

function first(source: string) {
  return (parse(`fields ${source}`).ast.commands[0] as FieldsCommand).items[0]!.expression;
}

describe('core/cwli format', () => {
  it('writes the canonical text of an expression', () => {
    assert.equal(formatExpression(first('count( * )')), 'count(*)');
    assert.equal(formatExpression(first('avg(@duration)')), 'avg(@duration)');
    assert.equal(formatExpression(first('BIN(1h)')), 'BIN(1h)');
    assert.equal(formatExpression(first('BIN(1h)'), { lowerCaseFunctions: true }), 'bin(1h)');
    assert.equal(formatExpression(first('(a+b)*c')), '(a + b) * c');
    assert.equal(formatExpression(first('a-(b-c)')), 'a - (b - c)');
    assert.equal(formatExpression(first('(2^3)^2')), '(2 ^ 3) ^ 2');
    assert.equal(formatExpression(first('not (a = 1 or b)')), 'not (a = 1 or b)');
    assert.equal(formatExpression(first('-(a+b)')), '-(a + b)');
    assert.equal(formatExpression(first('"a\\"b"')), '"a\\"b"');
  });

  it('puts backticks back where a name needs them', () => {
    assert.equal(formatFieldName(['detail-type']), '`detail-type`');
    assert.equal(formatFieldName(['@aws.tag.a:b']), '@`aws.tag.a:b`');
    assert.equal(formatFieldName(['json', 'user.id']), 'json.`user.id`');
    assert.equal(formatFieldName(['items', '0', 'id']), 'items.0.id');
  });

  it('round-trips: formatting then parsing gives the same tree', () => {
    for (const source of ['a + b * c - d / e % f ^ g ^ h', '-x ^ 2', 'jsonParse(m).a[0].b', 'concat(`a-b`, @`x.y`, "q")', 'not a = 1 and b in [1, "2"] or c like /x|y/']) {
      const tree = first(source);
      assert.equal(expr(first(formatExpression(tree))), expr(tree), source);
    }
  });
});
