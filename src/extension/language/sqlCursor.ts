/**
 * What can be written at a place in an Athena SQL cell, read from the tokens of the statement around
 * it (the same tokenizer the local engine uses): a table after FROM or JOIN, a struct field or column
 * after `name.`, otherwise a value (column, function, keyword). Also the tables the statement reads
 * and the names it gives them, so that columns and aliases can be resolved.
 */
import { isSignificant, tokenize, type Token } from '../../core/sql';

export type SqlSlot =
  | { kind: 'none' }
  | { kind: 'table' }
  /** After `a.b.`: the names before the dot, lowercase. */
  | { kind: 'member'; path: string[] }
  | { kind: 'value' };

/** A name the statement reads from: a table (with its alias) or an unnested array column. */
export type SqlSource = { kind: 'table'; table: string; alias: string | undefined } | { kind: 'unnest'; alias: string; path: string[] };

export interface SqlCursor {
  slot: SqlSlot;
  wordStart: number;
  sources: SqlSource[];
}

const FROM_CLAUSE_ENDS = new Set(['where', 'group', 'order', 'having', 'limit', 'union', 'except', 'intersect', 'on', 'using', 'window', 'select', 'offset', 'fetch']);
const NOT_AN_ALIAS = new Set([...FROM_CLAUSE_ENDS, 'join', 'inner', 'left', 'right', 'full', 'cross', 'natural', 'outer', 'lateral', 'tablesample', 'as']);

export function sqlCursor(text: string, offset: number): SqlCursor {
  const tokens = tokenize(text);
  const statement = statementAt(tokens, offset);
  const sources = sourcesOf(statement.filter(isSignificant));
  const holding = tokens.find((t) => t.start < offset && offset <= t.end);
  const none = { slot: { kind: 'none' } as const, wordStart: offset, sources };
  if (holding && insideText(holding, offset, text)) return none;

  const word = holding && holding.end === offset && (holding.kind === 'word' || holding.kind === 'number') ? holding : undefined;
  const wordStart = word ? word.start : offset;
  const before = statement.filter((t) => isSignificant(t) && t.end <= wordStart);
  const path = qualifierPath(before);
  if (path) return { slot: { kind: 'member', path }, wordStart, sources };
  return { slot: { kind: expectsTable(before) ? 'table' : 'value' }, wordStart, sources };
}

/** Inside a comment, a string or a quoted name (or right after one still open). */
function insideText(token: Token, offset: number, text: string): boolean {
  if (token.kind !== 'comment' && token.kind !== 'string' && token.kind !== 'quoted') return false;
  if (offset < token.end || token.unterminated) return true;
  // A -- comment runs to the end of its line, so its end is still inside it.
  return token.kind === 'comment' && text.startsWith('--', token.start);
}

/** The tokens of the statement (between semicolons) that holds the offset. */
function statementAt(tokens: Token[], offset: number): Token[] {
  let start = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'symbol' && token.text === ';') {
      if (token.start >= offset) return tokens.slice(start, i);
      start = i + 1;
    }
  }
  return tokens.slice(start);
}

const nameOf = (token: Token | undefined): string | undefined =>
  token?.kind === 'word' ? token.text.toLowerCase() : token?.kind === 'quoted' ? (token.value ?? '').toLowerCase() : undefined;
const isSymbol = (token: Token | undefined, symbol: string): boolean => token?.kind === 'symbol' && token.text === symbol;

/** `a.b.` right before the word: ['a', 'b']; undefined when no dot precedes it. */
function qualifierPath(before: Token[]): string[] | undefined {
  let i = before.length - 1;
  if (!isSymbol(before[i], '.')) return undefined;
  const path: string[] = [];
  while (isSymbol(before[i], '.') && nameOf(before[i - 1]) !== undefined) {
    path.unshift(nameOf(before[i - 1])!);
    i -= 2;
  }
  return path.length > 0 ? path : undefined;
}

/** Right after FROM or JOIN, or after a comma in a FROM list. */
function expectsTable(before: Token[]): boolean {
  const last = before.at(-1);
  const word = last?.kind === 'word' ? last.text.toLowerCase() : undefined;
  if (word === 'from' || word === 'join') return true;
  if (!isSymbol(last, ',')) return false;
  let depth = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const token = before[i]!;
    if (isSymbol(token, ')')) depth++;
    else if (isSymbol(token, '(')) depth--;
    if (depth !== 0 || token.kind !== 'word') continue;
    const keyword = token.text.toLowerCase();
    if (keyword === 'from') return true;
    if (FROM_CLAUSE_ENDS.has(keyword)) return false;
  }
  return false;
}

/** The tables and unnested columns a statement reads, with their aliases, from its FROM and JOIN clauses. */
function sourcesOf(tokens: Token[]): SqlSource[] {
  const sources: SqlSource[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const keyword = tokens[i]!.kind === 'word' ? tokens[i]!.text.toLowerCase() : undefined;
    const inFromList = isSymbol(tokens[i], ',') && sources.length > 0 && fromListContinues(tokens, i);
    if (keyword !== 'from' && keyword !== 'join' && !inFromList) continue;
    let j = i + 1;
    if (nameOf(tokens[j]) === 'unnest' && isSymbol(tokens[j + 1], '(')) {
      const path: string[] = [];
      j += 2;
      while (j < tokens.length && !isSymbol(tokens[j], ')')) {
        const name = nameOf(tokens[j]);
        if (name !== undefined) path.push(name);
        j++;
      }
      j++;
      if (nameOf(tokens[j]) === 'as') j++;
      // `AS t(r)`: the element is r; `AS r` alone names the element too.
      const alias = isSymbol(tokens[j + 1], '(') ? nameOf(tokens[j + 2]) : nameOf(tokens[j]);
      if (alias !== undefined && path.length > 0) sources.push({ kind: 'unnest', alias, path });
      continue;
    }
    let table = nameOf(tokens[j]);
    while (table !== undefined && isSymbol(tokens[j + 1], '.') && nameOf(tokens[j + 2]) !== undefined) {
      j += 2;
      table = nameOf(tokens[j]);
    }
    if (table === undefined) continue;
    j++;
    if (nameOf(tokens[j]) === 'as') j++;
    const alias = nameOf(tokens[j]);
    sources.push({ kind: 'table', table, alias: alias !== undefined && !NOT_AN_ALIAS.has(alias) ? alias : undefined });
  }
  return sources;
}

/** A comma continues a FROM list when FROM is the last clause keyword before it at the same depth. */
function fromListContinues(tokens: Token[], comma: number): boolean {
  let depth = 0;
  for (let i = comma - 1; i >= 0; i--) {
    const token = tokens[i]!;
    if (isSymbol(token, ')')) depth++;
    else if (isSymbol(token, '(')) depth--;
    if (depth < 0) return false;
    if (depth > 0 || token.kind !== 'word') continue;
    const keyword = token.text.toLowerCase();
    if (keyword === 'from' || keyword === 'join') return true;
    if (FROM_CLAUSE_ENDS.has(keyword)) return false;
  }
  return false;
}

/** The dotted name ending with the word at `offset` (for hover): ['useridentity', 'arn']. */
export function dottedNameAt(text: string, offset: number): { path: string[]; start: number; end: number; callee: boolean } | undefined {
  const tokens = tokenize(text).filter(isSignificant);
  const index = tokens.findIndex((t) => t.start <= offset && offset <= t.end && (t.kind === 'word' || t.kind === 'quoted'));
  if (index < 0) return undefined;
  const token = tokens[index]!;
  const path = [nameOf(token)!];
  let i = index;
  while (isSymbol(tokens[i - 1], '.') && nameOf(tokens[i - 2]) !== undefined) {
    path.unshift(nameOf(tokens[i - 2])!);
    i -= 2;
  }
  return { path, start: token.start, end: token.end, callee: isSymbol(tokens[index + 1], '(') };
}
