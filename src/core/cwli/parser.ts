import type { Command, Expression, Keyword, Query } from './ast';
import { findCommand, suggestName, type InsightsCommand } from './catalog';
import { CommandReader } from './commandReader';
import { parseDedup, parseDisplay, parseFields, parseFilter, parseHeadTail, parseLimit, parseSort, parseStats, parseUnnest } from './commands';
import { DiagnosticSink, type Diagnostic } from './diagnostics';
import { ExpressionParser } from './expressions';
import { parseParse } from './parseCommand';
import { LineIndex } from './position';
import { parseAnomaly, parseDiff, parseFilterIndex, parsePattern, parseRaw, parseSource } from './serviceCommands';
import { bareWord, TokenStream } from './tokenStream';
import { validateQuery } from './validate';

/** The StartQuery API rejects longer query strings (QueryString length 0–10000). */
export const MAX_QUERY_LENGTH = 10_000;

export interface ParseResult {
  /** Always present; where text could not be read it holds error nodes, and `diagnostics` explains. */
  ast: Query;
  /** Errors and warnings in source order. Run the query only when none is an error. */
  diagnostics: Diagnostic[];
}

type CommandParser = (r: CommandReader) => Command;

const PARSERS: Readonly<Record<string, CommandParser>> = {
  fields: parseFields,
  display: parseDisplay,
  filter: parseFilter,
  stats: parseStats,
  sort: parseSort,
  limit: parseLimit,
  parse: parseParse,
  dedup: parseDedup,
  unnest: parseUnnest,
  head: (r) => parseHeadTail(r, 'head'),
  tail: (r) => parseHeadTail(r, 'tail'),
  SOURCE: parseSource,
  pattern: parsePattern,
  diff: parseDiff,
  anomaly: parseAnomaly,
  filterIndex: parseFilterIndex,
};

/**
 * Parses and checks a Logs Insights query. Never throws: every problem, including one inside the
 * parser itself, comes back as a diagnostic with a range.
 */
export function parseInsightsQuery(text: string): ParseResult {
  const lines = new LineIndex(text);
  const sink = new DiagnosticSink(lines);
  let ast: Query;
  try {
    ast = new QueryParser(text, lines, sink).parseQuery();
    if (text.length > MAX_QUERY_LENGTH) {
      sink.error('queryTooLong', `The query is ${text.length.toLocaleString('en-US')} characters; CloudWatch Logs accepts at most ${MAX_QUERY_LENGTH.toLocaleString('en-US')}. Shorten it (comments count too).`, MAX_QUERY_LENGTH, text.length);
    }
    validateQuery(ast, sink);
  } catch (error) {
    ast = { kind: 'query', commands: [], comments: [], range: lines.range(0, text.length) };
    sink.error('internalError', `The query checker failed (${error instanceof Error ? error.message : String(error)}); please report this query.`, 0, text.length);
  }
  const diagnostics = sink.items.map((d, i) => ({ d, i }));
  diagnostics.sort((a, b) => a.d.range.start.offset - b.d.range.start.offset || a.i - b.i);
  return { ast, diagnostics: diagnostics.map((x) => x.d) };
}

class QueryParser {
  private readonly ts: TokenStream;
  private readonly expr: ExpressionParser;

  constructor(text: string, lines: LineIndex, sink: DiagnosticSink) {
    this.ts = new TokenStream(text, lines, sink);
    this.expr = new ExpressionParser(this.ts, () => this.subquery());
  }

  parseQuery(): Query {
    const ts = this.ts;
    if (ts.is('pipe')) {
      ts.sink.warning('leadingPipe', 'A query starts with a command, not with |; this | is ignored.', ts.token.start, ts.token.end);
      ts.advance();
    }
    const query = this.pipeline(0);
    query.range = ts.range(0, ts.text.length);
    query.comments = ts.comments.map(([start, end]) => ts.range(start, end));
    return query;
  }

  /** Commands separated by `|`, up to the end of the text or the `)` of a subquery. */
  private pipeline(start: number): Query {
    const ts = this.ts;
    const commands: Command[] = [];
    let pipe: { start: number; end: number } | undefined;
    for (;;) {
      if (ts.is('eof') || (ts.is('rparen') && ts.subqueryDepth > 0)) {
        if (pipe) ts.sink.error('emptyCommand', 'Nothing follows this |: add a command or remove the |.', pipe.start, pipe.end);
        break;
      }
      if (ts.is('pipe')) {
        ts.sink.error('emptyCommand', 'Empty command between two |: remove one of them.', ts.token.start, ts.token.end);
        ts.advance();
        continue;
      }
      const command = this.command();
      commands.push(command);
      pipe = undefined;
      this.finishCommand(command);
      if (ts.is('pipe')) {
        pipe = { start: ts.token.start, end: ts.token.end };
        ts.advance();
      }
    }
    return { kind: 'query', commands, comments: [], range: ts.range(start, Math.max(start, ts.prevEnd)) };
  }

  private command(): Command {
    const ts = this.ts;
    const token = ts.token;
    const word = bareWord(token);
    const spec = word === undefined ? undefined : findCommand(word);
    const keyword: Keyword = { text: ts.text.slice(token.start, token.end), range: ts.tokenRange(token) };
    if (!spec) return this.unknownCommand(keyword);
    // A raw command's text is the service's to judge: no complaints about characters in it.
    if (spec.grammar === 'raw') ts.skip();
    else ts.advance();
    const reader = new CommandReader(ts, this.expr, keyword, spec);
    return (PARSERS[spec.name] ?? parseRaw)(reader);
  }

  private unknownCommand(keyword: Keyword): Command {
    const ts = this.ts;
    const token = ts.token;
    if (token.kind === 'identifier') {
      const suggestion = suggestName(token.value, 'command');
      const hint = token.value.toLowerCase() === 'select'
        ? ' This looks like OpenSearch SQL; a cwli cell takes Logs Insights commands such as fields, filter and stats.'
        : suggestion ? ` Did you mean ${suggestion}?` : ' Commands include fields, filter, stats, sort, limit, parse and dedup.';
      ts.sink.error('unknownCommand', `Unknown command '${token.value}'.${hint}`, token.start, token.end);
    } else {
      ts.errorHere('unknownCommand', `Expected a command such as fields, filter or stats but found ${ts.describe(token)}.`);
    }
    ts.skip();
    const spec: InsightsCommand = { name: keyword.text, aliases: [], category: 'core', syntax: '', doc: '', offline: true, grammar: 'raw' };
    const reader = new CommandReader(ts, this.expr, keyword, spec);
    const raw = reader.rest(keyword.range.start.offset);
    return { kind: 'unsupported', name: token.kind === 'identifier' ? token.value : '', recognized: false, raw, ...reader.base() };
  }

  /** After a command: expect `|` or the end; otherwise report once and skip to the next command. */
  private finishCommand(command: Command): void {
    const ts = this.ts;
    if (ts.atCommandEnd()) return;
    const token = ts.token;
    const word = bareWord(token);
    if (word !== undefined && findCommand(word)) {
      ts.sink.error('missingPipe', `Missing | before ${token.value}: separate commands with |.`, token.start, token.end);
      return;
    }
    const name = command.keyword.text;
    const message = token.kind === 'colon'
      ? `Unexpected ':' in ${name}. Text that contains ':' (a URL, a time) must be quoted: "…".`
      : token.kind === 'rparen'
        ? 'This ) has no matching (.'
        : `Unexpected ${ts.describe(token)} in ${name}. Separate commands with |, and items with commas.`;
    if (!ts.sink.hasErrorAt(token.start)) ts.errorHere('unexpectedToken', message);
    while (!ts.atCommandEnd()) ts.skip();
  }

  private subquery(): Expression {
    const ts = this.ts;
    const open = ts.token;
    if (!this.expr.enter(open)) return this.expr.errorNode(open.start, ts.prevEnd);
    ts.advance();
    ts.subqueryDepth++;
    const query = this.pipeline(ts.token.start);
    ts.subqueryDepth--;
    this.expr.close('rparen', open);
    this.expr.leave();
    return { kind: 'subquery', query, range: ts.rangeFrom(open.start) };
  }
}
