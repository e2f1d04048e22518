/**
 * What an evidence folder offers, for people and for the editor: one entry per log group its
 * evidence stands in for, with the SQL tables of that evidence, its files and the fields a Logs
 * Insights query can name (system fields, the relation's own fields, and the JSON keys the type's
 * events usually have; any other key is discovered too).
 */
import type { InsightsRelation } from '../../core/cwli/relation';
import type { PreparedEvidence } from './evidenceEngine';
import type { EvidenceType } from './sources/evidenceSource';
import { SYSTEM_FIELDS } from './sources/jsonInsights';
import { sourceOf } from './sources/sourceRegistry';

export interface EvidenceSourceInfo {
  evidenceType: EvidenceType;
  /** What the evidence is, e.g. "VPC flow logs". */
  title: string;
  /** The log group name an Insights query selects it by. */
  logGroup: string;
  /** SQL tables holding this evidence (the AWS-documented name first), with their columns. */
  tables: string[];
  columns: Array<{ name: string; type: string }>;
  /** Files feeding this log group, relative to the evidence folder. */
  files: string[];
  bytes: number;
  /** Field names for completion: system fields first, then the type's fields. */
  fields: string[];
  /** True when fields not listed are discovered from each event's JSON. */
  discoversJson: boolean;
}

export function listEvidenceSources(prepared: PreparedEvidence, relations: readonly InsightsRelation[], tables: { presentTables(): string[]; typeOfTable(name: string): EvidenceType | undefined }): EvidenceSourceInfo[] {
  const present = tables.presentTables();
  return relations.map((relation) => {
    const type = relation.evidenceType as EvidenceType;
    const source = sourceOf(type);
    const files = (prepared.byType.get(type) ?? []).filter((file) => {
      const group = source.logGroupOf?.(file);
      return group === undefined || group === relation.logGroup;
    });
    const fields = [...new Set([...SYSTEM_FIELDS, ...Object.keys(relation.fields), ...(source.documentedFields ?? [])])];
    return {
      evidenceType: type,
      title: source.title,
      logGroup: relation.logGroup,
      tables: [...source.tables, ...present.filter((name) => !source.tables.includes(name) && tables.typeOfTable(name) === type)],
      columns: source.columns.map(([name, columnType]) => ({ name, type: columnType })),
      files: files.map((f) => f.relative),
      bytes: files.reduce((sum, f) => sum + f.size, 0),
      fields,
      discoversJson: relation.jsonColumn !== undefined,
    };
  });
}
