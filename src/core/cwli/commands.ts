/** Parsers for the core commands; each starts after its keyword and stops at the end of the command. */
import type { DedupCommand, DisplayCommand, FieldsCommand, FilterCommand, HeadTailCommand, LimitCommand, PeriodLiteral, SortCommand, SortKey, StatsCommand, UnnestCommand } from './ast';
import type { CommandReader } from './commandReader';

export function parseFields(r: CommandReader): FieldsCommand {
  const items = r.projections('a field or expression to select (e.g. fields @timestamp, @message)');
  return { kind: 'fields', items, ...r.base() };
}

export function parseDisplay(r: CommandReader): DisplayCommand {
  const items = r.projections('a field to display (e.g. display @timestamp, @message)');
  return { kind: 'display', items, ...r.base() };
}

export function parseFilter(r: CommandReader): FilterCommand {
  const condition = r.expression(`a condition after ${r.keyword.text} (e.g. ${r.keyword.text} @message like /error/)`);
  return { kind: 'filter', condition, ...r.base() };
}

export function parseStats(r: CommandReader): StatsCommand {
  const ts = r.ts;
  const aggregations = r.projections('an aggregation after stats (e.g. stats count(*) by bin(5m))', ['by', 'offset']);
  let groupBy: StatsCommand['groupBy'] = [];
  let offset: PeriodLiteral | undefined;
  if (ts.isWord('by')) {
    ts.advance();
    groupBy = r.projections('a field or bin(period) after by', ['offset']);
  }
  if (ts.isWord('offset')) {
    ts.advance();
    const token = ts.token;
    if (token.kind === 'period') {
      ts.advance();
      offset = { kind: 'period', amount: token.number!, unit: token.unit!, raw: token.value, range: ts.tokenRange(token) };
    } else ts.errorExpected('a period such as 1h after offset');
  }
  return { kind: 'stats', aggregations, groupBy, offset, ...r.base() };
}

export function parseSort(r: CommandReader): SortCommand {
  const ts = r.ts;
  const keys: SortKey[] = [];
  if (ts.atCommandEnd()) ts.errorExpected('a field to sort by (e.g. sort @timestamp desc)', 'expectedExpression');
  else {
    for (;;) {
      const expression = r.expr.parse();
      const word = ts.word();
      const explicitDirection = word === 'asc' || word === 'desc';
      if (explicitDirection) ts.advance();
      const end = explicitDirection ? ts.lines.position(ts.prevEnd) : expression.range.end;
      keys.push({ expression, direction: word === 'desc' ? 'desc' : 'asc', explicitDirection, range: { start: expression.range.start, end } });
      if (!ts.is('comma')) break;
      ts.advance();
    }
  }
  return { kind: 'sort', keys, ...r.base() };
}

export function parseLimit(r: CommandReader): LimitCommand {
  const ts = r.ts;
  let any = false;
  if (ts.isWord('any')) {
    any = true;
    ts.advance();
  }
  return { kind: 'limit', count: rowCount(r, 'limit'), any, ...r.base() };
}

export function parseHeadTail(r: CommandReader, kind: 'head' | 'tail'): HeadTailCommand {
  const count = r.ts.atCommandEnd() ? undefined : rowCount(r, kind);
  return { kind, count, ...r.base() };
}

function rowCount(r: CommandReader, name: string): number | undefined {
  const ts = r.ts;
  const token = ts.token;
  const value = token.kind === 'number' ? token.number! : Number.NaN;
  if (Number.isInteger(value) && value > 0) {
    ts.advance();
    return value;
  }
  ts.errorHere('limitValue', `${name} takes a whole number of rows greater than 0, e.g. ${name} 100.`);
  if (token.kind === 'number' || token.kind === 'invalid') ts.advance();
  return undefined;
}

export function parseDedup(r: CommandReader): DedupCommand {
  const fields = r.expressions('a field to deduplicate on (e.g. dedup server)');
  return { kind: 'dedup', fields, ...r.base() };
}

export function parseUnnest(r: CommandReader): UnnestCommand {
  const ts = r.ts;
  const source = r.expression('a list to unnest (e.g. unnest json.items into item)');
  let into: UnnestCommand['into'];
  if (ts.isWord('into')) {
    ts.advance();
    into = r.alias();
  } else ts.errorExpected('into and a name for each element (e.g. into item)');
  return { kind: 'unnest', source, into, ...r.base() };
}
