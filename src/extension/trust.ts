import * as vscode from 'vscode';

export async function showUntrustedWarning(): Promise<void> {
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(
    'awsfx runs nothing in an untrusted workspace. The notebook and its recorded outputs are shown as they are; trust the workspace to run cells.',
    manage,
  );
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
}
