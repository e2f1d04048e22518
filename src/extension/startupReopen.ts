import * as vscode from 'vscode';

/**
 * VS Code in the browser (code-server) restores or opens editors before it has read the extensions'
 * notebook contributions, so an .awsfx file opened at start-up (a URL's openFile, a restored tab)
 * shows as raw JSON. Once, at start-up, reopen such tabs as notebooks. Later "Reopen Editor With…
 * Text Editor" is left alone: this runs only when the extension activates.
 */
export async function reopenStartupTabsAsNotebooks(): Promise<void> {
  if (!vscode.workspace.getConfiguration('awsfx').get<boolean>('openAsNotebookOnStartup', true)) return;
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (!(tab.input instanceof vscode.TabInputText) || !tab.input.uri.path.endsWith('.awsfx') || tab.isDirty) continue;
      const uri = tab.input.uri;
      try {
        // Parse first: a file that does not parse keeps its text tab.
        const notebook = await vscode.workspace.openNotebookDocument(uri);
        await vscode.window.tabGroups.close(tab, true);
        await vscode.window.showNotebookDocument(notebook, { viewColumn: group.viewColumn, preview: false });
      } catch {
        // A file that does not parse stays open as text, which is the right editor for fixing it.
      }
    }
  }
}
