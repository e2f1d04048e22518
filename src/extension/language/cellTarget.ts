import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { mergeTargets, resolveTarget } from '../../core/notebook/target';
import type { NotebookMetadata, TargetSpec } from '../../core/notebook';
import { NOTEBOOK_TYPE } from '../serializer';

/**
 * Where the cell being edited runs, worked out like the controller does when it runs it (the cell's
 * target over the notebook's), so that the editor checks and completes for that same place.
 */
export interface CellTarget {
  notebook: vscode.NotebookDocument | undefined;
  /** The cell runs on exported evidence with the local engine (the default). */
  local: boolean;
  /** Absolute evidence folder, when one is set and can be resolved. */
  folder: string | undefined;
  /** Log groups the cell names (Insights cells). */
  logGroups: readonly string[] | undefined;
}

export function cellTarget(document: vscode.TextDocument): CellTarget {
  const found = cellOf(document);
  if (!found) return { notebook: undefined, local: true, folder: undefined, logGroups: undefined };
  const { notebook, cell } = found;
  const meta = (notebook.metadata.metadata ?? {}) as NotebookMetadata;
  const spec = mergeTargets(meta.target, cell.metadata.target as TargetSpec | undefined);
  const local = (spec.runOn ?? 'local') === 'local';
  let folder: string | undefined;
  if (local) {
    try {
      const target = resolveTarget(spec, notebook.uri.scheme === 'untitled' ? undefined : dirname(notebook.uri.fsPath));
      if (target.kind === 'evidence') folder = target.folder;
    } catch {
      // No evidence folder yet (or an unsaved notebook with a relative one): documented names serve.
    }
  }
  return { notebook, local, folder, logGroups: spec.logGroups };
}

export function cellOf(document: vscode.TextDocument): { notebook: vscode.NotebookDocument; cell: vscode.NotebookCell } | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  for (const notebook of vscode.workspace.notebookDocuments) {
    if (notebook.notebookType !== NOTEBOOK_TYPE) continue;
    const cell = notebook.getCells().find((c) => c.document === document || c.document.uri.toString() === document.uri.toString());
    if (cell) return { notebook, cell };
  }
  return undefined;
}
