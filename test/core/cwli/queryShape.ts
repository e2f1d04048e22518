/**
 * Test helpers: a fully parenthesised rendering of the AST (so one string asserts command kinds,
 * aliases, periods, regex groups and operator precedence at once) and a range checker that walks
 * every node independently of the parser's own position code.
 */
import assert from 'node:assert/strict';
import { parseInsightsQuery, type Command, type Expression, type ParseResult, type Position, type Query, type Range } from '../../../src/core/cwli';

export function expr(e: Expression): string {
  switch (e.kind) {
    case 'field':
      return e.path.length > 1 && e.path.some((p) => p.includes('.')) ? `field[${e.path.join('|')}]` : e.name;
    case 'number':
      return e.raw;
    case 'string':
      return JSON.stringify(e.value);
    case 'regex':
      return `/${e.pattern}/${e.groups.length ? `{${e.groups.map((g) => g.name).join(',')}}` : ''}`;
    case 'period':
      return `period(${e.amount}${e.unit})`;
    case 'list':
      return `[${e.items.map(expr).join(', ')}]`;
    case 'star':
      return '*';
    case 'call':
      return `${e.name}(${e.args.map(expr).join(', ')})`;
    case 'unary':
      return e.op === 'not' ? `(not ${expr(e.operand)})` : `(-${expr(e.operand)})`;
    case 'binary':
      return `(${expr(e.left)} ${e.op} ${expr(e.right)})`;
    case 'member':
      return `${expr(e.object)}->${e.property}`;
    case 'index':
      return `${expr(e.object)}[${expr(e.index)}]`;
    case 'subquery':
      return `{${shape(e.query)}}`;
    case 'error':
      return '<error>';
  }
}

function projections(items: readonly { expression: Expression; alias: { name: string } | undefined }[]): string {
  return items.map((i) => `${expr(i.expression)}${i.alias ? ` as ${i.alias.name}` : ''}`).join(', ');
}

export function command(c: Command): string {
  switch (c.kind) {
    case 'fields':
    case 'display':
      return `${c.kind}(${projections(c.items)})`;
    case 'filter':
    case 'filterIndex':
      return `${c.kind}${c.keyword.text.toLowerCase() === 'where' ? '[where]' : ''}(${expr(c.condition)})`;
    case 'stats':
      return `stats(${projections(c.aggregations)}${c.groupBy.length ? ` by ${projections(c.groupBy)}` : ''}${c.offset ? ` offset ${c.offset.raw}` : ''})`;
    case 'sort':
      return `sort(${c.keys.map((k) => `${expr(k.expression)} ${k.direction}${k.explicitDirection ? '' : '*'}`).join(', ')})`;
    case 'limit':
      return `limit(${c.any ? 'any ' : ''}${c.count ?? '?'})`;
    case 'head':
    case 'tail':
      return `${c.kind}(${c.count ?? ''})`;
    case 'parse': {
      const source = c.source ? expr(c.source) : '@message*';
      const pattern = c.pattern ? ` ${expr(c.pattern)}` : '';
      const json = c.jsonPath ? ` ${JSON.stringify(c.jsonPath.value)}` : '';
      const aliases = c.aliases.length ? ` as ${c.aliases.map((a) => a.name).join(', ')}` : '';
      return `parse(${c.mode} ${source}${pattern}${json}${c.multi ? ' multi' : ''}${aliases})`;
    }
    case 'dedup':
      return `dedup(${c.fields.map(expr).join(', ')})`;
    case 'unnest':
      return `unnest(${expr(c.source)} into ${c.into?.name ?? '?'})`;
    case 'source':
      return c.logGroups ? `source(${c.logGroups.map((a) => `${a.name}: ${expr(a.value)}`).join(', ')})` : `source[raw ${JSON.stringify(c.raw)}]`;
    case 'pattern':
      return `pattern(${c.source ? expr(c.source) : ''})`;
    case 'diff':
      return `diff(${c.baseline ?? ''})`;
    case 'anomaly':
      return 'anomaly()';
    case 'unsupported':
      return `${c.recognized ? 'service' : 'unknown'}:${c.name}[${JSON.stringify(c.raw)}]`;
  }
}

export function shape(q: Query): string {
  return q.commands.map(command).join(' | ');
}

export function parse(text: string): ParseResult {
  const result = parseInsightsQuery(text);
  assertRangesValid(text, result);
  return result;
}

export function errors(text: string): string[] {
  return parse(text).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
}

export function codes(text: string): string[] {
  return parse(text).diagnostics.map((d) => d.code);
}

/** The query parses without errors (warnings allowed); returns its shape. */
export function clean(text: string): string {
  const result = parse(text);
  const bad = result.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(bad, [], `unexpected errors in ${JSON.stringify(text)}`);
  return shape(result.ast);
}

/** The text a range covers. */
export function covered(text: string, range: Range): string {
  return text.slice(range.start.offset, range.end.offset);
}

/** Line starts found with a regex, independently of the parser's LineIndex; cached for the last text. */
let cachedText: string | undefined;
let cachedStarts: number[] = [];

function expectedPosition(text: string, offset: number): { line: number; column: number } {
  if (text !== cachedText) {
    cachedText = text;
    cachedStarts = [0, ...[...text.matchAll(/\r\n|\r|\n/g)].map((m) => m.index + m[0].length)];
  }
  let lo = 0;
  let hi = cachedStarts.length;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (cachedStarts[mid]! <= offset) lo = mid;
    else hi = mid;
  }
  return { line: lo + 1, column: offset - cachedStarts[lo]! + 1 };
}

function checkPosition(text: string, p: Position, where: string): void {
  assert.ok(Number.isInteger(p.offset) && p.offset >= 0 && p.offset <= text.length, `${where}: offset ${p.offset} outside 0..${text.length}`);
  const expected = expectedPosition(text, p.offset);
  assert.equal(p.line, expected.line, `${where}: line of offset ${p.offset}`);
  assert.equal(p.column, expected.column, `${where}: column of offset ${p.offset}`);
}

export function checkRange(text: string, r: Range, where: string): void {
  checkPosition(text, r.start, where);
  checkPosition(text, r.end, where);
  assert.ok(r.start.offset <= r.end.offset, `${where}: start after end`);
}

/** Every diagnostic and every AST node has a well-formed range inside the text. */
export function assertRangesValid(text: string, result: ParseResult, options: { nodes?: boolean } = {}): void {
  result.diagnostics.forEach((d, i) => {
    assert.ok(d.severity === 'error' || d.severity === 'warning');
    assert.ok(d.message.length > 10, `diagnostic ${d.code} has no real message`);
    checkRange(text, d.range, `diagnostic ${i} (${d.code})`);
  });
  if (options.nodes === false) return;
  const stack: unknown[] = [result.ast];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...node);
    else if (isRange(node)) checkRange(text, node, 'node range');
    else if (node && typeof node === 'object') {
      for (const value of Object.values(node)) if (value && typeof value === 'object') stack.push(value);
    }
  }
}

function isRange(value: unknown): value is Range {
  return typeof value === 'object' && value !== null && 'start' in value && 'end' in value && typeof (value as Range).start?.offset === 'number';
}
