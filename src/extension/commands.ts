import * as vscode from 'vscode';
import { newCellId } from '../core/notebook';
import { NOTEBOOK_TYPE } from './serializer';

const STARTER_SQL = [
  '-- Access keys created, newest first',
  'select eventtime, useridentity.arn, sourceipaddress,',
  "       json_extract_scalar(responseelements, '$.accessKey.accessKeyId') as access_key",
  'from cloudtrail_logs',
  "where eventname = 'CreateAccessKey'",
  'order by eventtime desc',
].join('\n');

async function newNotebook(): Promise<void> {
  const intro = new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, '# Investigation\n\nWhat happened, what we looked at, what we found.', 'markdown');
  intro.metadata = { id: newCellId() };
  const query = new vscode.NotebookCellData(vscode.NotebookCellKind.Code, STARTER_SQL, 'athena-sql');
  query.metadata = { id: newCellId() };
  const data = new vscode.NotebookData([intro, query]);
  data.metadata = { awsfx: 1, metadata: { title: 'Investigation', target: { runOn: 'local', evidence: 'evidence' } } };
  const document = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, data);
  await vscode.window.showNotebookDocument(document);
}

export function registerCommands(): vscode.Disposable {
  return vscode.Disposable.from(vscode.commands.registerCommand('awsfx.newNotebook', newNotebook));
}
