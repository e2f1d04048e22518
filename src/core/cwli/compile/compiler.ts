/**
 * Logs Insights → one DuckDB statement. Each command becomes a stage (a CTE over the one before), the
 * evidence sources are the first stage, and the last SELECT writes every value as the API returns it:
 * text, times as `YYYY-MM-DD HH:MM:SS.mmm` UTC, absent as null.
 */
import type { Command, Query } from '../ast';
import { API_MAX_ROWS } from '../validate';
import { quoteIdentifier } from '../../sql';
import type { InsightsRelation } from '../relation';
import { serviceOnlyFeatures } from '../serviceFeatures';
import { parseInsightsQuery, type ParseResult } from '../parser';
import { LOCAL_ALTERNATIVE, queryError } from './compileError';
import { orderBySql } from './ordering';
import { compileParse, compileUnnest } from './parseStage';
import { Pipeline, type OutputColumn } from './pipeline';
import { compileDedup, compileDisplay, compileFields, compileFilter, compileLimit, compileSort, compileSourceAccounts } from './rowCommands';
import { SourceFields, type TimeWindowMs } from './sourceFields';
import { renderSql } from './sqlValue';
import { compileStats } from './statsStage';

export interface CompileOptions {
  /** The evidence sources the query reads (at least one), already chosen for the query's log groups. */
  relations: readonly InsightsRelation[];
  /** Inclusive, epoch milliseconds. */
  timeWindow?: TimeWindowMs;
  /** The most rows to return: at most the 10,000 of the API (the default). */
  limit?: number;
  /** When the query runs, epoch milliseconds (now() answers in seconds); defaults to the clock. */
  nowMs?: number;
}

export interface CompiledQuery {
  sql: string;
  /** Output column names, in order; every value is text or null. */
  columns: string[];
  /** The rows are aggregates (from stats) and carry no @ptr. */
  aggregate: boolean;
  /** The cap the SQL applies: the API's 10,000 unless the options ask for fewer. */
  rowLimit: number;
  /** The query's own last limit, if any. */
  queryLimit: number | undefined;
  /** Things the investigator should know about how the query ran locally. */
  warnings: string[];
}

/** Parses, checks and compiles; syntax errors and service-only features are thrown as AwsfxError with a range. */
export function compileInsightsText(text: string, options: CompileOptions): CompiledQuery {
  return compileParsedInsights(parseInsightsQuery(text), options);
}

/** compileInsightsText for a query parsed already (the runner parses it once, and compiles it per attempt). */
export function compileParsedInsights(parsed: ParseResult, options: CompileOptions): CompiledQuery {
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0]!;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
    throw queryError('query.syntax', `${first.message}${more}`, first.range);
  }
  return compileInsightsQuery(parsed.ast, options);
}

export function compileInsightsQuery(query: Query, options: CompileOptions): CompiledQuery {
  rejectServiceOnly(query);
  if (options.relations.length === 0) throw new Error('compileInsightsQuery needs at least one relation');
  const first = compilePipeline(query, options, new Set());
  // Which fields a source reads as plain text is known only once every field is (relation.ts,
  // narrow); a comparison written for JSON text would then convert each value back to JSON.
  const plain = first.sources?.jsonTextsReadOtherwise() ?? new Set<string>();
  return plain.size === 0 ? first.compiled : compilePipeline(query, options, plain).compiled;
}

function compilePipeline(query: Query, options: CompileOptions, plain: ReadonlySet<string>): { compiled: CompiledQuery; sources: SourceFields | undefined } {
  let sources: SourceFields | undefined;
  const pipeline = new Pipeline((names) => (sources = new SourceFields(options.relations, names, plain)), {
    nowMs: options.nowMs ?? Date.now(),
    window: options.timeWindow,
  });
  let queryLimit: number | undefined;
  for (const command of query.commands) {
    const limit = compileCommand(pipeline, command);
    if (limit !== undefined) queryLimit = limit;
  }
  const outputs = outputColumns(pipeline);
  const rowLimit = Math.min(API_MAX_ROWS, options.limit ?? API_MAX_ROWS);
  const select = outputs.map((o, i) => `${renderSql(o.value)} AS ${quoteIdentifier(`o${i + 1}`)}`).join(',\n  ');
  const order = pipeline.order.length > 0 ? `\nORDER BY ${orderBySql(pipeline.order)}` : '';
  const sql = `${pipeline.withClause()}\nSELECT\n  ${select}\nFROM ${pipeline.last}${order}\nLIMIT ${rowLimit}`;
  return { compiled: { sql, columns: outputs.map((o) => o.name), aggregate: pipeline.afterStats, rowLimit, queryLimit, warnings: pipeline.warnings }, sources };
}

/** Returns the row count of a limit command, so the caller knows the query's own limit. */
function compileCommand(p: Pipeline, command: Command): number | undefined {
  switch (command.kind) {
    case 'fields':
      compileFields(p, command);
      return undefined;
    case 'display':
      compileDisplay(p, command);
      return undefined;
    case 'filter':
    case 'filterIndex':
      compileFilter(p, command);
      return undefined;
    case 'stats':
      compileStats(p, command);
      return undefined;
    case 'sort':
      compileSort(p, command);
      return undefined;
    case 'limit':
    case 'head':
    case 'tail':
      return compileLimit(p, command);
    case 'parse':
      compileParse(p, command);
      return undefined;
    case 'dedup':
      compileDedup(p, command);
      return undefined;
    case 'unnest':
      compileUnnest(p, command);
      return undefined;
    case 'source':
      compileSourceAccounts(p, command);
      return undefined;
    default:
      throw notLocal(command.keyword.text, command.keyword.range);
  }
}

function notLocal(name: string, range: Command['range']): Error {
  return queryError('query.unsupported', `${name} is not available on local evidence: it needs the CloudWatch Logs service. ${LOCAL_ALTERNATIVE}`, range);
}

/**
 * Everything that needs the service is refused before anything runs: pattern, diff, anomaly, the
 * commands kept as raw text (lookup, join, …), subqueries, unmask(), time-series functions, stats
 * offset. filterIndex runs as filter (see rowCommands), and SOURCE picks local sources.
 */
function rejectServiceOnly(query: Query): void {
  for (const feature of serviceOnlyFeatures(query)) {
    if (feature.kind === 'command' && feature.name.toLowerCase() === 'filterindex') continue;
    if (feature.kind === 'subquery') {
      throw queryError('query.unsupported', `A subquery (SOURCE … inside the query) is not available on local evidence: it runs on the CloudWatch Logs service. ${LOCAL_ALTERNATIVE}`, feature.range);
    }
    const what = feature.kind === 'function' ? `${feature.name}()` : feature.name;
    throw notLocal(what, feature.range);
  }
  const source = query.commands.find((c) => c.kind === 'source');
  if (source && !source.logGroups) {
    throw queryError('query.unsupported', `This form of SOURCE is not available on local evidence; use SOURCE logGroups(namePrefix: […]) or pick the evidence sources for the cell. ${LOCAL_ALTERNATIVE}`, source.keyword.range);
  }
}

/** What the result shows (A.3, A.6): the last display; else the stats outputs and later fields; else every fields name; else @timestamp and @message. Event rows add @ptr. */
function outputColumns(p: Pipeline): OutputColumn[] {
  let outputs: OutputColumn[];
  if (p.display) outputs = p.display;
  else if (p.statsOutputs) outputs = [...p.statsOutputs, ...p.fieldNames.filter((n) => !p.statsOutputs!.some((o) => o.name === n)).map((name) => ({ name, value: p.valueOf(name) }))];
  else {
    const names = p.fieldNames.length > 0 ? p.fieldNames : ['@timestamp', '@message'];
    outputs = names.map((name) => ({ name, value: p.valueOf(name) }));
  }
  if (!p.afterStats && !outputs.some((o) => o.name === '@ptr')) outputs = [...outputs, { name: '@ptr', value: p.sources.pointer() }];
  return outputs;
}
