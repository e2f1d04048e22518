import * as vscode from 'vscode';
import { cellTarget } from './cellTarget';
import { DOCUMENTED_SCHEMA, type EvidenceSchema, type EvidenceSchemas } from './evidenceSchema';

/** How long a completion waits for a folder being read before it answers with what it has. */
const WAIT_MS = 1_500;

export interface SchemaAnswer {
  schema: EvidenceSchema;
  /** The folder is still being read: the answer is the documented names, ask again shortly. */
  pending: boolean;
}

/**
 * The schema for the cell being completed: the evidence folder's, when the cell runs on local
 * evidence in a trusted workspace (reading evidence loads the engine, and an untrusted workspace runs
 * nothing); the documented names otherwise, and while the folder is read.
 */
export async function schemaFor(document: vscode.TextDocument, schemas: EvidenceSchemas): Promise<SchemaAnswer> {
  const target = cellTarget(document);
  if (!target.folder || !vscode.workspace.isTrusted) return { schema: DOCUMENTED_SCHEMA, pending: false };
  const known = schemas.known(target.folder);
  const loading = schemas.get(target.folder);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), WAIT_MS)));
  const schema = await Promise.race([loading, timeout]);
  clearTimeout(timer);
  if (schema) return { schema, pending: false };
  return { schema: known ?? DOCUMENTED_SCHEMA, pending: known === undefined };
}

/** The sources a cell's Insights query reads: the log groups it names, else every source. */
export function sourcesFor(document: vscode.TextDocument, schema: EvidenceSchema): EvidenceSchema['sources'] {
  const wanted = cellTarget(document).logGroups;
  if (!wanted || wanted.length === 0) return schema.sources;
  const named = schema.sources.filter((source) => wanted.includes(source.logGroup));
  return named.length > 0 ? named : schema.sources;
}
