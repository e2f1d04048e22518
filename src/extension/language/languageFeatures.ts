import * as vscode from 'vscode';
import type { BackendRegistry } from '../backends';
import { registerCellDiagnostics } from './cellDiagnostics';
import { EvidenceSchemas } from './evidenceSchema';
import { InsightsCompletionProvider } from './insightsCompletion';
import { InsightsHoverProvider } from './insightsHover';
import { InsightsSignatureHelpProvider } from './insightsSignatureHelp';
import { SqlCompletionProvider } from './sqlCompletion';
import { SqlHoverProvider } from './sqlHover';

const CWLI: vscode.DocumentSelector = { language: 'cwli' };
const SQL: vscode.DocumentSelector = { language: 'athena-sql' };

/**
 * Editing support for query cells: diagnostics, completion, hover and parameter hints. Nothing here
 * loads the local engine; the evidence folder is read (through the shared backend) the first time a
 * completion needs its field names.
 */
export function registerLanguageFeatures(backends: BackendRegistry): vscode.Disposable {
  const schemas = new EvidenceSchemas((folder) => backends.forTarget({ kind: 'evidence', folder }));
  return vscode.Disposable.from(
    schemas,
    registerCellDiagnostics(),
    vscode.languages.registerCompletionItemProvider(CWLI, new InsightsCompletionProvider(schemas), '@', '.', '('),
    vscode.languages.registerHoverProvider(CWLI, new InsightsHoverProvider()),
    vscode.languages.registerSignatureHelpProvider(CWLI, new InsightsSignatureHelpProvider(), '(', ','),
    vscode.languages.registerCompletionItemProvider(SQL, new SqlCompletionProvider(schemas), '.'),
    vscode.languages.registerHoverProvider(SQL, new SqlHoverProvider(schemas)),
  );
}
