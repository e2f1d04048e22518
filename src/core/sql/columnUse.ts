/**
 * Which columns, and which fields of struct columns, a statement can refer to. The local engine reads
 * only those from the evidence files, which is most of what makes it fast: CloudTrail events are wide
 * and a query usually touches a handful of fields.
 *
 * The answer errs on the side of reading more: any identifier with a column's name counts, wherever
 * it stands, and a `*` that selects columns means everything.
 */
import { isSignificant, isSymbol, type Token } from './tokenizer';

/** For a name: the dotted field paths used after it, or 'all' when the value itself is used. */
export type FieldUse = 'all' | Set<string>;

export interface ColumnUse {
  /** A select-star (`*`, `t.*`): every column is needed. */
  star: boolean;
  /** Lowercase identifier → how it is used. */
  names: Map<string, FieldUse>;
}

export function columnUse(tokens: readonly Token[]): ColumnUse {
  const significant = tokens.filter(isSignificant);
  const names = new Map<string, FieldUse>();
  // `TABLE t` is `SELECT * FROM t`.
  let star = significant[0]?.kind === 'word' && significant[0].text.toLowerCase() === 'table';
  for (let i = 0; i < significant.length; i++) {
    const token = significant[i]!;
    if (isSymbol(token, '*')) {
      if (isSelectStar(significant[i - 1])) star = true;
      continue;
    }
    const name = identifier(token);
    if (name === undefined) continue;
    const path: string[] = [];
    let j = i + 1;
    while (isSymbol(significant[j], '.') && identifier(significant[j + 1]) !== undefined) {
      path.push(identifier(significant[j + 1])!);
      j += 2;
    }
    // `name.*`, `name[...]` or a bare name use the whole value.
    const whole = path.length === 0 || isSymbol(significant[j], '.') || isSymbol(significant[j], '[');
    record(names, name, whole ? undefined : path.join('.'));
    // Every part of a chain may itself be a column (`t.eventname` names the column eventname).
    path.forEach((part, k) => record(names, part, k + 1 < path.length ? path.slice(k + 1).join('.') : undefined));
    i = j - 1;
  }
  return { star, names };
}

function identifier(token: Token | undefined): string | undefined {
  if (token?.kind === 'word') return token.text.toLowerCase();
  if (token?.kind === 'quoted') return (token.value ?? '').toLowerCase();
  return undefined;
}

/** `*` after SELECT, DISTINCT, ALL, a comma or a dot selects columns; after `(` it is count(*). */
function isSelectStar(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (isSymbol(previous, ',') || isSymbol(previous, '.')) return true;
  const word = previous.kind === 'word' ? previous.text.toLowerCase() : undefined;
  return word === 'select' || word === 'distinct' || word === 'all';
}

function record(names: Map<string, FieldUse>, name: string, path: string | undefined): void {
  const current = names.get(name);
  if (current === 'all') return;
  if (path === undefined) {
    names.set(name, 'all');
    return;
  }
  const paths = current ?? new Set<string>();
  paths.add(path);
  names.set(name, paths);
}

/** Merges the uses of several statements. */
export function mergeColumnUse(uses: readonly ColumnUse[]): ColumnUse {
  const names = new Map<string, FieldUse>();
  for (const use of uses) {
    for (const [name, fieldUse] of use.names) {
      if (fieldUse === 'all') record(names, name, undefined);
      else for (const path of fieldUse) record(names, name, path);
    }
  }
  return { star: uses.some((u) => u.star), names };
}
