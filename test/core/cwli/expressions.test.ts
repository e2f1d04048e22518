/** Operator precedence and associativity (A.2), postfix access, literals and expression errors. */
import assert from 'node:assert/strict';
import type { FilterCommand, FieldsCommand } from '../../../src/core/cwli';
import { covered, errors, expr, parse } from './queryShape';

/** The shape of the single expression in `fields <e>`. */
function e(source: string): string {
  const result = parse(`fields ${source}`);
  assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), [], source);
  return expr((result.ast.commands[0] as FieldsCommand).items[0]!.expression);
}

function condition(source: string): string {
  const result = parse(`filter ${source}`);
  assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), [], source);
  return expr((result.ast.commands[0] as FilterCommand).condition);
}

describe('core/cwli expressions', () => {
  it('binds tightest to loosest: unary -, ^, * / %, + -, comparisons, not, and, or', () => {
    assert.equal(e('-2 ^ 2'), '((-2) ^ 2)', 'unary minus binds tighter than ^ (A.2 order)');
    assert.equal(e('2 ^ 3 * 4'), '((2 ^ 3) * 4)');
    assert.equal(e('1 + 2 * 3 % 4'), '(1 + ((2 * 3) % 4))');
    assert.equal(e('a + b = c - d'), '((a + b) = (c - d))');
    assert.equal(condition('not a = 1'), '(not (a = 1))');
    assert.equal(condition('a = 1 or b = 2 and c = 3'), '((a = 1) or ((b = 2) and (c = 3)))');
    assert.equal(condition('not a = 1 and b = 2'), '((not (a = 1)) and (b = 2))');
    assert.equal(condition('(a = 1 or b = 2) and c = 3'), '(((a = 1) or (b = 2)) and (c = 3))');
  });

  it('is left-associative except ^, which is right-associative', () => {
    assert.equal(e('a - b - c'), '((a - b) - c)');
    assert.equal(e('a / b / c'), '((a / b) / c)');
    assert.equal(e('2 ^ 3 ^ 2'), '(2 ^ (3 ^ 2))');
  });

  it('reads every comparison and matching operator', () => {
    assert.equal(condition('a != 1 and b < 2 and c <= 3 and d > 4 and e >= 5'), '(((((a != 1) and (b < 2)) and (c <= 3)) and (d > 4)) and (e >= 5))');
    assert.equal(condition('m like "x"'), '(m like "x")');
    assert.equal(condition("m like 'x'"), '(m like "x")');
    assert.equal(condition('m like /x/'), '(m like /x/)');
    assert.equal(condition('m not like /x/'), '(m not like /x/)');
    assert.equal(condition('m =~ /(?i)x/'), '(m =~ /(?i)x/)');
    assert.equal(condition('t in ["a", \'b\', 1]'), '(t in ["a", "b", 1])');
    assert.equal(condition('t not in [1, 2]'), '(t not in [1, 2])');
    assert.equal(condition('not t in [1]'), '(not (t in [1]))');
    assert.equal(condition('t IN [1] AND u NOT LIKE "x" OR NOT v'), '(((t in [1]) and (u not like "x")) or (not v))');
  });

  it('tells division from a regex by grammar position', () => {
    assert.equal(e('a / b / 2'), '((a / b) / 2)');
    assert.equal(e('(a) / (b)'), '(a / b)');
    assert.equal(condition('a like /b/ and c = 1 / 2'), '((a like /b/) and (c = (1 / 2)))');
    assert.equal(condition('m like /a|b#c/'), '(m like /a|b#c/)', 'neither | nor # is special inside a regex');
    assert.equal(condition('m like /a\\/b/'), '(m like /a\\/b/)', 'an escaped slash stays in the pattern');
  });

  it('reads calls, count(*), member and index access', () => {
    assert.equal(e('jsonParse(@message).detail.user[0].name'), 'jsonParse(@message)->detail->user[0]->name');
    assert.equal(e('jsonParse(x)["k"]'), 'jsonParse(x)["k"]');
    assert.equal(e('x[0][1]'), 'x[0][1]');
    assert.equal(e('coalesce(a, b, "c")'), 'coalesce(a, b, "c")');
    assert.equal(parse('stats count(*)').ast.commands[0]!.kind, 'stats');
    assert.equal(e('concat(a, trim(b), -c)'), 'concat(a, trim(b), (-c))');
    assert.equal(e('now()'), 'now()');
  });

  it('reads field names with @, dots, digits and backticks', () => {
    assert.equal(e('@message'), '@message');
    assert.equal(e('@@example.com'), '@@example.com');
    assert.equal(e('requestParameters.instancesSet.items.0.instanceId'), 'requestParameters.instancesSet.items.0.instanceId');
    assert.equal(e('`detail-type`'), 'detail-type');
    assert.equal(e('@`aws.tag.aws:cloudformation:stack-name`'), '@aws.tag.aws:cloudformation:stack-name');
    assert.equal(e('json_message.`user.id`'), 'field[json_message|user.id]');
    assert.equal(e('message_length'), 'message_length');
  });

  it('keeps the flattened name and the path of a backticked field', () => {
    const field = (parse('fields json_message.`user.id`').ast.commands[0] as FieldsCommand).items[0]!.expression;
    assert.deepEqual(field.kind === 'field' && [field.name, field.path], ['json_message.user.id', ['json_message', 'user.id']]);
    const tag = (parse('fields @`aws.tag.a:b`').ast.commands[0] as FieldsCommand).items[0]!.expression;
    assert.deepEqual(tag.kind === 'field' && [tag.name, tag.path], ['@aws.tag.a:b', ['@aws.tag.a:b']]);
  });

  it('reads literals: numbers, both quotes with escapes, periods, lists', () => {
    assert.equal(e('1.5'), '1.5');
    assert.equal(e('"a\\"b\\\\c\\nd"'), JSON.stringify('a"b\\c\nd'));
    assert.equal(e("'it\\'s'"), JSON.stringify("it's"));
    assert.equal(e('"\\d+"'), JSON.stringify('\\d+'), 'unknown escapes keep their backslash');
    assert.equal(e('bin(5m)'), 'bin(period(5m))');
    assert.equal(e('bin(1hrs)'), 'bin(period(1h))');
    assert.equal(e('[]'), '[]');
  });

  it('refuses chained comparisons but reads on', () => {
    const q = 'filter 1 < x < 5';
    const result = parse(q);
    assert.deepEqual(result.diagnostics.map((d) => [d.code, covered(q, d.range)]), [['chainedComparison', '<']]);
  });

  it('needs backticks for a field named like an operator word', () => {
    assert.deepEqual(errors('fields `in`, `and`, `as`'), []);
    const q = 'filter and = 1';
    assert.equal(parse(q).diagnostics[0]!.code, 'expectedExpression');
    assert.match(parse(q).diagnostics[0]!.message, /A field named and needs backticks/);
  });

  it('reports a missing operand at the right place', () => {
    const q = 'filter a = ';
    const d = parse(q).diagnostics[0]!;
    assert.equal(d.code, 'expectedExpression');
    assert.equal(covered(q, d.range), '=');
    const q2 = 'filter a = 1 and | limit 1';
    assert.equal(covered(q2, parse(q2).diagnostics[0]!.range), '|');
  });

  it('reports a missing closing bracket with where it was opened', () => {
    const q = 'filter (a = 1 | limit 5';
    const d = parse(q).diagnostics[0]!;
    assert.equal(d.message, "Expected ) to close the ( at line 1, column 8 but found '|'.");
    assert.deepEqual(parse(q).ast.commands.map((c) => c.kind), ['filter', 'limit'], 'the next command is still read');
    assert.deepEqual(errors('fields count(x y)'), ['aggregateOutsideStats', 'expectedToken'], 'the stray y is skipped up to the )');
  });

  it('turns operator typos into the operator meant, with an error each', () => {
    assert.equal(parse('filter a == 1 && b <> 2 || !c').diagnostics.length, 5);
    const result = parse('filter a == 1 && b <> 2 || !c');
    assert.equal(expr((result.ast.commands[0] as FilterCommand).condition), '(((a = 1) and (b != 2)) or (not c))');
  });
});
