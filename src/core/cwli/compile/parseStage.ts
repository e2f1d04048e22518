/**
 * parse (glob, regex, regex multi, logfmt, csv, json) and unnest. A row that parse cannot match stays,
 * without the fields it would have made (A.3); unnest makes one row per list element and keeps the
 * elements' order as the tie-breaker of the current order.
 */
import type { ParseCommand, UnnestCommand } from '../ast';
import { quoteIdentifier, quoteString } from '../../sql';
import { queryError } from './compileError';
import type { Pipeline } from './pipeline';
import { captureGroups, globRegex } from './regexSupport';
import { jsonPointer } from '../relation';
import { asString, stringValue, type SqlValue } from './sqlValue';

export function compileParse(p: Pipeline, command: ParseCommand): void {
  const source = asString(command.source ? p.rows().compile(command.source) : p.valueOf('@message'));
  const pattern = command.pattern;
  switch (command.mode) {
    case 'glob': {
      const glob = globRegex(pattern?.kind === 'string' ? pattern.value : '');
      extract(p, source, glob.pattern, command.aliases.map((a, i) => ({ name: a.name, index: i + 1 })));
      return;
    }
    case 'regex': {
      if (pattern?.kind !== 'regex') return;
      const groups = captureGroups(pattern);
      if (command.multi) extractEach(p, source, groups.pattern, groups.named);
      else extract(p, source, groups.pattern, groups.named);
      return;
    }
    case 'csv':
      csv(p, source, command.aliases.map((a) => a.name));
      return;
    case 'logfmt': {
      const name = command.aliases[0]?.name;
      if (!name) throw queryError('query.unsupported', 'parse … logfmt without as is not available on local evidence: name the map it makes, e.g. parse @message logfmt as kv, then read kv.key.', command.keyword.range);
      p.bind(name, logfmt(source));
      return;
    }
    case 'json': {
      const name = command.aliases[0]?.name;
      const path = command.jsonPath?.value;
      if (!name || path === undefined) return;
      const pointer = quoteString(jsonPointer(path.split('.')));
      p.bind(name, { sql: `TRY(json_extract(${source}, ${pointer}))`, kind: 'json' });
      return;
    }
  }
}

/** One match: each named group (1-based position) becomes a field; no match leaves them all absent. */
function extract(p: Pipeline, source: string, regex: string, groups: ReadonlyArray<{ name: string; index: number }>): void {
  if (groups.length === 0) return;
  const width = Math.max(...groups.map((g) => g.index));
  const keys = Array.from({ length: width }, (_, i) => quoteString(`g${i + 1}`));
  const re = quoteString(regex);
  const match = p.materialise({ sql: `(CASE WHEN regexp_matches(${source}, ${re}) THEN regexp_extract(${source}, ${re}, [${keys.join(', ')}]) END)`, kind: 'string' });
  p.bindAll(groups.map((g) => ({ name: g.name, value: stringValue(`${quoteIdentifier(match.column)}.g${g.index}`) })));
}

/** regex multi: one row per match, in match order; a row without a match stays once, without the fields. */
function extractEach(p: Pipeline, source: string, regex: string, groups: ReadonlyArray<{ name: string; index: number }>): void {
  const re = quoteString(regex);
  const all = p.materialise({ sql: `regexp_extract_all(${source}, ${re})`, kind: 'string' });
  const lists = groups.map((g) => ({ g, list: p.materialise({ sql: `regexp_extract_all(${source}, ${re}, ${g.index})`, kind: 'string' }) }));
  const position = explode(p, `greatest(len(${quoteIdentifier(all.column)}), 1)`);
  const present = `len(${quoteIdentifier(all.column)}) > 0`;
  p.bindAll(lists.map(({ g, list }) => ({ name: g.name, value: stringValue(`(CASE WHEN ${present} THEN ${quoteIdentifier(list.column)}[${position} + 1] END)`) })));
}

/** Replaces each row by `count` rows numbered from 0 (none when count is 0); returns the number's SQL. */
function explode(p: Pipeline, count: string): string {
  const column = p.names.fresh();
  p.stage((prev) => `SELECT *, unnest(range(CAST(${count} AS BIGINT))) AS ${quoteIdentifier(column)} FROM ${prev}`);
  const position = quoteIdentifier(column);
  p.order = [...p.order, { sql: position, descending: false }];
  return position;
}

/** Fields of one CSV line, "" quoting as RFC 4180 writes it; missing trailing fields are absent. */
function csv(p: Pipeline, source: string, names: readonly string[]): void {
  const list = p.materialise({ sql: `regexp_extract_all(${source}, '(?:^|,)("(?:[^"]|"")*"|[^,]*)', 1)`, kind: 'string' });
  const item = (i: number) => `${quoteIdentifier(list.column)}[${i + 1}]`;
  const unquote = (v: string) => `(CASE WHEN starts_with(${v}, '"') AND ends_with(${v}, '"') AND length(${v}) > 1 THEN replace(substring(${v}, 2, length(${v}) - 2), '""', '"') ELSE ${v} END)`;
  p.bindAll(names.map((name, i) => ({ name, value: stringValue(unquote(item(i))) })));
}

/** key=value pairs (values bare or double-quoted with \" escapes) as a JSON map; a repeated key keeps its first value. */
function logfmt(source: string): SqlValue {
  const pairs = `'([^\\s="]+)=("(?:[^"\\\\]|\\\\.)*"|[^\\s]*)'`;
  const keys = `regexp_extract_all(${source}, ${pairs}, 1)`;
  const values = `regexp_extract_all(${source}, ${pairs}, 2)`;
  const value = (v: string) => `(CASE WHEN starts_with(${v}, '"') THEN regexp_replace(substring(${v}, 2, length(${v}) - 2), '\\\\(.)', '\\1', 'g') ELSE ${v} END)`;
  const entry = `lambda i: CAST(to_json(${keys}[i + 1]) AS VARCHAR) || ':' || CAST(to_json(${value(`${values}[i + 1]`)}) AS VARCHAR)`;
  const text = `'{' || array_to_string(list_transform(range(len(${keys})), ${entry}), ',') || '}'`;
  return { sql: `(CASE WHEN ${source} IS NOT NULL THEN CAST(${text} AS JSON) END)`, kind: 'json' };
}

/** unnest list into name: a list from jsonParse or split; any other value is a list of itself. */
export function compileUnnest(p: Pipeline, command: UnnestCommand): void {
  const name = command.into?.name;
  if (!name) return;
  const value = p.rows().compile(command.source);
  const listSql = value.kind === 'json'
    ? `(CASE WHEN json_type(${value.sql}) = 'ARRAY' THEN json_extract(${value.sql}, '$[*]') WHEN ${value.sql} IS NULL THEN CAST([] AS JSON[]) ELSE [${value.sql}] END)`
    : `(CASE WHEN ${value.sql} IS NULL THEN [] ELSE [${value.sql}] END)`;
  const list = p.materialise({ sql: listSql, kind: value.kind });
  const position = explode(p, `len(${quoteIdentifier(list.column)})`);
  p.bind(name, { sql: `${quoteIdentifier(list.column)}[${position} + 1]`, kind: value.kind });
}
