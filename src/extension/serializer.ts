import * as vscode from 'vscode';
import { parseNotebook, serializeNotebook } from '../core/notebook';
import { fromNotebookData, toNotebookData } from './notebookData';

export const NOTEBOOK_TYPE = 'awsfx-notebook';

/**
 * Reads and writes .awsfx files. A file that cannot be read throws: VS Code then shows the error and
 * opens nothing, so an empty notebook can never be saved over the investigator's file.
 */
export class AwsfxSerializer implements vscode.NotebookSerializer {
  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    return toNotebookData(parseNotebook(content));
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    return new TextEncoder().encode(serializeNotebook(fromNotebookData(data)));
  }
}

export function registerSerializer(): vscode.Disposable {
  // Outputs are the record, so they are not transient.
  return vscode.workspace.registerNotebookSerializer(NOTEBOOK_TYPE, new AwsfxSerializer(), { transientOutputs: false });
}
