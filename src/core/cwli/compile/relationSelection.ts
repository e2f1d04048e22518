/**
 * Which evidence sources a query reads. Locally a log group is an evidence source: a cell names them
 * (target.logGroups, --log-group) by log group name or by evidence type, or the query chooses them with
 * SOURCE logGroups(namePrefix: […]), which, as in StartQuery, takes the place of the named groups.
 */
import type { Query, SourceCommand } from '../ast';
import type { InsightsRelation } from '../relation';

export interface RelationSelection {
  relations: InsightsRelation[];
  /** Names the cell gave that no source answers to. */
  unknown: string[];
}

export function selectRelations(query: Query, relations: readonly InsightsRelation[], logGroups: readonly string[] | undefined): RelationSelection {
  const source = query.commands.find((c): c is SourceCommand => c.kind === 'source');
  if (source?.logGroups) return { relations: bySource(source, relations), unknown: [] };
  if (!logGroups || logGroups.length === 0) return { relations: [...relations], unknown: [] };
  const chosen = relations.filter((r) => logGroups.includes(r.logGroup) || logGroups.includes(r.evidenceType));
  const unknown = logGroups.filter((name) => !relations.some((r) => r.logGroup === name || r.evidenceType === name));
  return { relations: chosen, unknown };
}

function strings(source: SourceCommand, key: string): string[] | undefined {
  const arg = source.logGroups?.find((a) => a.name.toLowerCase() === key);
  if (arg?.value.kind !== 'list') return undefined;
  return arg.value.items.flatMap((i) => (i.kind === 'string' ? [i.value] : []));
}

function bySource(source: SourceCommand, relations: readonly InsightsRelation[]): InsightsRelation[] {
  const prefixes = strings(source, 'nameprefix');
  const classes = strings(source, 'class') ?? strings(source, 'loggroupclass');
  // Local evidence is all of the Standard class: asking only for Infrequent Access finds nothing.
  if (classes && !classes.some((c) => c.toUpperCase() === 'STANDARD')) return [];
  return relations.filter((r) => !prefixes || prefixes.some((p) => r.logGroup.startsWith(p)));
}
