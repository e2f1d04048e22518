import { columnAt, findTable, type SqlColumn } from './athenaTables';
import type { EvidenceSchema } from './evidenceSchema';
import type { SqlSource } from './sqlCursor';

/**
 * Columns as a statement sees them: the columns of the tables it reads (documented, or as the local
 * engine describes a table of its own), struct fields by dotted path, and through aliases and
 * unnested arrays.
 */

export function tableColumns(table: string, schema: EvidenceSchema): readonly SqlColumn[] | undefined {
  return findTable(table)?.columns ?? schema.extraColumns.get(table.toLowerCase());
}

/** Columns of every table the statement reads; when it reads none yet, of every table there is. */
export function statementColumns(sources: readonly SqlSource[], schema: EvidenceSchema): Array<{ table: string; column: SqlColumn }> {
  const tables = sources.flatMap((s) => (s.kind === 'table' ? [s.table] : []));
  const names = tables.length > 0 ? tables : schema.tables;
  const seen = new Set<string>();
  const out: Array<{ table: string; column: SqlColumn }> = [];
  for (const table of names) {
    for (const column of tableColumns(table, schema) ?? []) {
      if (seen.has(column.name)) continue;
      seen.add(column.name);
      out.push({ table, column });
    }
  }
  for (const source of sources) {
    if (source.kind === 'unnest') out.push({ table: 'unnest', column: resolvePath(source.path, sources, schema) ?? { name: source.alias, type: 'unknown' } });
  }
  return out;
}

/**
 * The column or field a dotted path names in the statement: `c.useridentity.arn` through the alias
 * c, `useridentity.sessioncontext` through a column of a table read, `r.arn` through `UNNEST(resources)
 * AS t(r)`. The last element may also be a table (its columns are then the fields).
 */
export function resolvePath(path: readonly string[], sources: readonly SqlSource[], schema: EvidenceSchema, depth = 0): SqlColumn | undefined {
  const [head, ...rest] = path;
  if (head === undefined || depth > 8) return undefined;
  for (const source of sources) {
    if (source.kind === 'table' && (source.alias === head || (source.alias === undefined && source.table === head))) {
      const columns = tableColumns(source.table, schema);
      if (!columns) return undefined;
      const asColumn: SqlColumn = { name: source.table, type: 'table', fields: columns };
      return rest.length === 0 ? asColumn : columnAt(columns, rest);
    }
    if (source.kind === 'unnest' && source.alias === head) {
      const array = resolvePath(source.path, sources, schema, depth + 1);
      return rest.length === 0 ? array : array?.fields && columnAt(array.fields, rest);
    }
  }
  for (const source of sources) {
    if (source.kind !== 'table') continue;
    const found = columnAt(tableColumns(source.table, schema) ?? [], path);
    if (found) return found;
  }
  return undefined;
}
