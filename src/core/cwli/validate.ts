/**
 * Rules over the whole pipeline: how many stats, what may follow stats and dedup, where SOURCE goes,
 * which fields exist after stats, parse patterns against their names. Expression-level checks are
 * in checkExpressions.ts; this file decides each expression's context and tracks names command by command.
 */
import type { Command, Expression, ParseCommand, Query, SourceCommand, StatsCommand } from './ast';
import { checkExpression, columnKey, isStructured, typeOf, type ExpressionContext, type Scope } from './checkExpressions';
import { findCommand } from './catalog';
import type { DiagnosticSink } from './diagnostics';
import { formatExpression } from './format';
import type { ValueType } from './functionCatalog';

/** The most rows the StartQuery API returns (the newest language docs allow limit up to 100,000). */
export const API_MAX_ROWS = 10_000;

export function validateQuery(query: Query, sink: DiagnosticSink, inSubquery = false): void {
  const commands = query.commands;
  if (commands.length === 0 && !inSubquery) {
    sink.errorAt('emptyQuery', 'The query is empty: start with a command such as fields @timestamp, @message.', query.range);
    return;
  }
  const stats = commands.filter((c): c is StatsCommand => c.kind === 'stats');
  const secondStatsAt = stats[1]?.range.start.offset;
  let statsOrdinal = 0;
  let dedupSeen = false;
  let scope: Scope | undefined;
  const structured = new Map<string, ValueType>();

  commands.forEach((command, index) => {
    const keyword = command.keyword;
    if (command.kind === 'stats') {
      statsOrdinal++;
      if (statsOrdinal > 2) sink.errorAt('tooManyStats', 'stats may appear at most twice; fold this aggregation into one of the first two stats.', keyword.range);
    }
    if ((command.kind === 'sort' || command.kind === 'limit') && secondStatsAt !== undefined && command.range.start.offset < secondStatsAt) {
      sink.errorAt('sortLimitBeforeSecondStats', `${command.kind} must come after the second stats in a query with two stats; move it to the end.`, keyword.range);
    }
    if (dedupSeen && command.kind !== 'limit') sink.errorAt('afterDedup', `Only limit may follow dedup; move ${keyword.text} before the dedup.`, keyword.range);
    if (command.kind === 'dedup') dedupSeen = true;
    if (command.kind === 'source' && index !== 0) sink.errorAt('sourcePosition', 'SOURCE must be the first command of the query.', keyword.range);
    const deprecated = command.kind === 'head' || command.kind === 'tail' ? findCommand(command.kind)?.deprecated : undefined;
    if (deprecated) sink.warningAt('deprecated', deprecated, keyword.range);

    const ctx: ExpressionContext = {
      sink,
      command,
      statsOrdinal: command.kind === 'stats' ? statsOrdinal : 0,
      role: 'plain',
      scope,
      localAliases: new Set(),
      structured,
      inSubquery,
      checkSubquery: (sub) => validateQuery(sub, sink, true),
    };
    checkCommand(command, ctx);
    scope = nextScope(command, scope, structured);
  });
}

function checkCommand(command: Command, ctx: ExpressionContext): void {
  const sink = ctx.sink;
  const plain = (e: Expression) => checkExpression(e, ctx);
  const noStructure = (e: Expression, what: string) => {
    if (isStructured(typeOf(e, ctx.structured))) sink.errorAt('structuredValue', `${what} cannot use a map or list; use one of its keys instead (${formatExpression(e)}.key).`, e.range);
  };
  switch (command.kind) {
    case 'fields':
    case 'display':
      command.items.forEach((item) => plain(item.expression));
      return;
    case 'filter':
    case 'filterIndex':
      plain(command.condition);
      return;
    case 'stats': {
      const localAliases = new Set<string>();
      for (const item of command.aggregations) {
        checkExpression(item.expression, { ...ctx, role: 'aggregation', localAliases });
        if (item.alias) localAliases.add(item.alias.name);
      }
      for (const item of command.groupBy) {
        noStructure(item.expression, 'stats by');
        checkExpression(item.expression, { ...ctx, role: 'groupBy', localAliases });
      }
      return;
    }
    case 'sort':
      command.keys.forEach((key) => {
        noStructure(key.expression, 'sort');
        plain(key.expression);
      });
      return;
    case 'dedup':
      command.fields.forEach((field) => {
        if (field.kind !== 'field' && field.kind !== 'error') sink.errorAt('dedupField', 'dedup takes field names, e.g. dedup server, severity.', field.range);
        noStructure(field, 'dedup');
        plain(field);
      });
      return;
    case 'parse':
      if (command.source) plain(command.source);
      checkParse(command, sink);
      return;
    case 'unnest':
      plain(command.source);
      return;
    case 'pattern':
      if (command.source) {
        noStructure(command.source, 'pattern');
        plain(command.source);
      }
      return;
    case 'limit':
      if (command.count !== undefined && command.count > API_MAX_ROWS) {
        sink.warningAt('limitAboveApiMax', `limit ${command.count} is above ${API_MAX_ROWS.toLocaleString('en-US')}, the most rows the StartQuery API returns; expect at most that many.`, command.range);
      }
      return;
    case 'source':
      checkSource(command, sink);
      return;
    default:
      return;
  }
}

function checkParse(command: ParseCommand, sink: DiagnosticSink): void {
  const pattern = command.pattern;
  if (command.mode === 'glob' && pattern?.kind === 'string' && command.aliases.length > 0) {
    const stars = [...pattern.value].filter((c) => c === '*').length;
    if (stars !== command.aliases.length) {
      const last = command.aliases[command.aliases.length - 1]!;
      sink.errorAt('globAliasCount', `The pattern has ${stars} * wildcard${stars === 1 ? '' : 's'} but ${command.aliases.length} name${command.aliases.length === 1 ? ' follows' : 's follow'} as; give exactly one name per *.`, { start: pattern.range.start, end: last.range.end });
    }
  }
  if (command.mode === 'regex' && pattern?.kind === 'regex' && pattern.groups.length === 0) {
    sink.warningAt('regexNoGroups', 'This regex has no named groups (?<name>…), so parse extracts no fields.', pattern.range);
  }
}

const SOURCE_KEYWORDS: Readonly<Record<string, { name: string; max?: number; values?: readonly string[] }>> = {
  nameprefix: { name: 'namePrefix', max: 5 },
  accountidentifiers: { name: 'accountIdentifiers', max: 20 },
  class: { name: 'class', values: ['STANDARD', 'INFREQUENT_ACCESS'] },
  loggroupclass: { name: 'logGroupClass', values: ['STANDARD', 'INFREQUENT_ACCESS'] },
};

function checkSource(command: SourceCommand, sink: DiagnosticSink): void {
  for (const arg of command.logGroups ?? []) {
    const rule = SOURCE_KEYWORDS[arg.name.toLowerCase()];
    if (!rule) {
      sink.errorAt('sourceArgument', `Unknown logGroups() keyword ${arg.name}: use namePrefix, accountIdentifiers or class.`, arg.nameRange);
      continue;
    }
    const value = arg.value;
    if (value.kind !== 'list' || value.items.some((item) => item.kind !== 'string')) {
      sink.errorAt('sourceArgument', `${rule.name} takes a list of quoted strings, e.g. ${rule.name}: ['${rule.values?.[0] ?? 'value'}'].`, value.range);
      continue;
    }
    if (rule.max !== undefined && value.items.length > rule.max) {
      sink.errorAt('sourceArgument', `${rule.name} takes at most ${rule.max} values (${value.items.length} given).`, value.range);
    }
    for (const item of value.items) {
      if (rule.values && item.kind === 'string' && !rule.values.includes(item.value.toUpperCase())) {
        sink.errorAt('sourceArgument', `${rule.name} is ${rule.values.join(' or ')}.`, item.range);
      }
    }
  }
}

/** Names after this command: unchanged, extended (fields, parse, unnest), or replaced (stats). */
function nextScope(command: Command, scope: Scope | undefined, structured: Map<string, ValueType>): Scope | undefined {
  const define = (name: string, type: ValueType = 'any') => {
    scope?.names.add(name);
    if (isStructured(type)) structured.set(name, type);
    else structured.delete(name);
  };
  switch (command.kind) {
    case 'fields':
      for (const item of command.items) {
        if (item.alias) define(item.alias.name, typeOf(item.expression, structured));
        else if (item.expression.kind !== 'field') scope?.names.add(formatExpression(item.expression));
      }
      return scope;
    case 'parse':
      for (const alias of command.aliases) define(alias.name, command.mode === 'logfmt' ? 'map' : 'any');
      if (command.pattern?.kind === 'regex') for (const group of command.pattern.groups) define(group.name);
      return scope;
    case 'unnest':
      if (command.into) define(command.into.name);
      return scope;
    case 'stats': {
      const next: Scope = { names: new Set(), texts: new Set() };
      for (const item of [...command.aggregations, ...command.groupBy]) {
        const e = item.expression;
        if (item.alias) next.names.add(item.alias.name);
        else if (e.kind === 'field') next.names.add(e.name);
        else {
          next.names.add(formatExpression(e));
          next.texts.add(columnKey(e));
        }
      }
      structured.clear();
      return next;
    }
    default:
      return scope;
  }
}
