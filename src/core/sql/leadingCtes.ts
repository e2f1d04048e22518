/**
 * Puts table definitions in front of a query as common table expressions. The local engine defines
 * the CloudTrail tables this way rather than as views: a view is bound once when it is created and
 * again by the query, and over thousands of evidence files each bind is a measurable part of a run.
 */
import type { Piece } from './trinoFunctions';
import type { TranslatedSql } from './trinoRewrite';
import { isSignificant, isSymbol, quoteIdentifier, tokenize, wordOf, type Token } from './tokenizer';

export interface TableDefinition {
  name: string;
  sql: string;
}

/**
 * The query with `WITH name AS (sql), …` in front (or merged into its own WITH), or undefined when the
 * query does not start with SELECT or WITH, or defines a CTE of one of the same names itself.
 */
export function withLeadingCtes(query: TranslatedSql, tables: readonly TableDefinition[]): TranslatedSql | undefined {
  if (tables.length === 0) return query;
  const tokens = tokenize(query.sql);
  const significant = tokens.filter(isSignificant);
  const first = significant[0];
  const definitions = tables.map((t) => `${quoteIdentifier(t.name)} AS (\n${t.sql}\n)`).join(',\n');
  if (wordOf(first) === 'select') return insertAt(query, first!.start, `WITH ${definitions}\n`);
  if (wordOf(first) !== 'with') return undefined;
  const recursive = wordOf(significant[1]) === 'recursive';
  const own = cteNames(significant, recursive ? 2 : 1);
  if (own === undefined || tables.some((t) => own.has(t.name.toLowerCase()))) return undefined;
  const after = significant[recursive ? 1 : 0]!;
  return insertAt(query, after.end, ` ${definitions},`);
}

/** Names of the query's own CTEs, or undefined when the WITH clause is not one we can read. */
function cteNames(tokens: Token[], from: number): Set<string> | undefined {
  const names = new Set<string>();
  let i = from;
  for (;;) {
    const name = tokens[i];
    if (name?.kind !== 'word' && name?.kind !== 'quoted') return undefined;
    names.add((name.kind === 'quoted' ? name.value ?? '' : name.text).toLowerCase());
    i += 1;
    if (isSymbol(tokens[i], '(')) i = closing(tokens, i) + 1;
    if (wordOf(tokens[i]) !== 'as') return undefined;
    i += 1;
    if (wordOf(tokens[i]) === 'not') i += 1;
    if (wordOf(tokens[i]) === 'materialized') i += 1;
    if (!isSymbol(tokens[i], '(')) return undefined;
    i = closing(tokens, i) + 1;
    if (!isSymbol(tokens[i], ',')) return names;
    i += 1;
  }
}

function closing(tokens: Token[], open: number): number {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    if (isSymbol(tokens[j], '(')) depth += 1;
    else if (isSymbol(tokens[j], ')') && --depth === 0) return j;
  }
  return tokens.length;
}

/** Inserts text at a character offset, keeping the map from translated text back to the cell. */
function insertAt(query: TranslatedSql, offset: number, text: string): TranslatedSql {
  const pieces: Piece[] = [];
  let at = 0;
  let inserted = false;
  for (const piece of query.pieces) {
    if (!inserted && at + piece.text.length > offset) {
      const cut = offset - at;
      if (cut > 0) pieces.push({ text: piece.text.slice(0, cut), src: piece.src });
      pieces.push({ text, src: piece.src });
      pieces.push({ text: piece.text.slice(cut), src: piece.src });
      inserted = true;
    } else {
      pieces.push(piece);
    }
    at += piece.text.length;
  }
  if (!inserted) pieces.push({ text, src: query.pieces.at(-1)?.src ?? 0 });
  return { sql: pieces.map((p) => p.text).join(''), pieces };
}
