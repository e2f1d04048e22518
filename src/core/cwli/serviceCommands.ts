/** SOURCE, the service-only commands with a documented grammar, and the raw form for the rest. */
import type { AnomalyCommand, DiffCommand, FilterIndexCommand, NamedArgument, PatternCommand, SourceCommand, UnsupportedCommand } from './ast';
import type { CommandReader } from './commandReader';

export function parseSource(r: CommandReader): SourceCommand {
  const ts = r.ts;
  const start = ts.token.start;
  let logGroups: NamedArgument[] | undefined;
  if (ts.isWord('loggroups') && ts.peek().kind === 'lparen') {
    ts.advance();
    const open = ts.token;
    logGroups = [];
    if (r.expr.enter(open)) {
      ts.advance();
      while (!ts.is('rparen')) {
        const name = ts.token;
        if (name.kind !== 'identifier') {
          ts.errorExpected('a keyword such as namePrefix: […]');
          break;
        }
        ts.advance();
        if (!ts.expect('colon', `: after ${name.value}`)) break;
        const value = r.expression(`a list after ${name.value}: (e.g. ['prefix'])`);
        logGroups.push({ name: name.value, nameRange: ts.tokenRange(name), value, range: ts.rangeFrom(name.start) });
        if (!ts.is('comma')) break;
        ts.advance();
      }
      r.expr.close('rparen', open);
      r.expr.leave();
    }
  } else if (ts.atCommandEnd()) {
    ts.errorExpected("logGroups(…) after SOURCE (e.g. SOURCE logGroups(namePrefix: ['/aws/lambda']))");
  } else {
    // Newer forms (data sources, start=/end=) are kept as text; the service interprets them.
    r.rest(start);
  }
  const raw = ts.text.slice(start, Math.max(start, ts.prevEnd));
  return { kind: 'source', logGroups, raw, ...r.base() };
}

export function parsePattern(r: CommandReader): PatternCommand {
  const source = r.ts.atCommandEnd() ? undefined : r.expr.parse();
  return { kind: 'pattern', source, ...r.base() };
}

const BASELINES: Readonly<Record<string, DiffCommand['baseline']>> = {
  previousday: 'previousDay',
  previousweek: 'previousWeek',
  previousmonth: 'previousMonth',
};

export function parseDiff(r: CommandReader): DiffCommand {
  const ts = r.ts;
  let baseline: DiffCommand['baseline'];
  if (!ts.atCommandEnd()) {
    baseline = BASELINES[ts.word() ?? ''];
    if (baseline) ts.advance();
    else ts.errorExpected('previousDay, previousWeek or previousMonth (or nothing) after diff');
  }
  return { kind: 'diff', baseline, ...r.base() };
}

export function parseAnomaly(r: CommandReader): AnomalyCommand {
  return { kind: 'anomaly', ...r.base() };
}

export function parseFilterIndex(r: CommandReader): FilterIndexCommand {
  const condition = r.expression('a condition on an indexed field (e.g. filterIndex requestId = "abc")');
  return { kind: 'filterIndex', condition, ...r.base() };
}

/** A documented command whose grammar is not modelled: kept whole as text, marked service-only. */
export function parseRaw(r: CommandReader): UnsupportedCommand {
  const start = r.keyword.range.start.offset;
  const raw = r.rest(start);
  return { kind: 'unsupported', name: r.spec.name, recognized: true, raw, ...r.base() };
}
