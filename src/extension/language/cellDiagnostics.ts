import * as vscode from 'vscode';
import { cellTarget } from './cellTarget';
import { insightsDiagnostics } from './insightsDiagnostics';
import { sqlDiagnostics } from './sqlDiagnostics';

/** Pause in typing before a cell is checked again: fast enough to feel live, slow enough not to flicker. */
const DEBOUNCE_MS = 250;

const CHECKERS: Readonly<Record<string, (document: vscode.TextDocument, local: boolean) => vscode.Diagnostic[]>> = {
  cwli: (document, local) => insightsDiagnostics(document.getText(), local),
  'athena-sql': sqlDiagnostics,
};

/**
 * Keeps the Problems of every open cwli and athena-sql document current: checked when opened, again
 * shortly after each edit, again when the notebook's target changes (local evidence or AWS), and
 * cleared when the cell or its notebook closes.
 */
export function registerCellDiagnostics(): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('awsfx');
  const timers = new Map<string, NodeJS.Timeout>();

  const check = (document: vscode.TextDocument): void => {
    const checker = CHECKERS[document.languageId];
    if (!checker || document.isClosed) {
      collection.delete(document.uri);
      return;
    }
    collection.set(document.uri, checker(document, cellTarget(document).local));
  };
  const schedule = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      check(document);
    }, DEBOUNCE_MS));
  };
  const forget = (uri: vscode.Uri): void => {
    clearTimeout(timers.get(uri.toString()));
    timers.delete(uri.toString());
    collection.delete(uri);
  };

  for (const document of vscode.workspace.textDocuments) check(document);
  return vscode.Disposable.from(
    collection,
    // A cell whose language changes is closed and opened again under its new language.
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (CHECKERS[event.document.languageId]) schedule(event.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => forget(document.uri)),
    vscode.workspace.onDidCloseNotebookDocument((notebook) => notebook.getCells().forEach((cell) => forget(cell.document.uri))),
    vscode.workspace.onDidChangeNotebookDocument((event) => {
      const targetsMayHaveChanged = event.metadata !== undefined || event.cellChanges.some((change) => change.metadata !== undefined);
      if (targetsMayHaveChanged) for (const cell of event.notebook.getCells()) check(cell.document);
    }),
    { dispose: () => timers.forEach((timer) => clearTimeout(timer)) },
  );
}
