import * as vscode from 'vscode';
import { BackendRegistry } from './backends';
import { registerCommands } from './commands';
import { AwsfxController } from './controller';
import { registerLanguageFeatures } from './language/languageFeatures';
import { registerSerializer } from './serializer';
import { reopenStartupTabsAsNotebooks } from './startupReopen';

/** Composition root: every part registers itself and returns one disposable. */
export function activate(context: vscode.ExtensionContext): void {
  // Remembering evidence files' types needs a folder on the extension host's disk.
  const storage = context.globalStorageUri;
  const backends = new BackendRegistry(storage.scheme === 'file' ? storage.fsPath : undefined);
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
  context.subscriptions.push(registerSerializer(), backends, new AwsfxController(backends, version), registerCommands(), registerLanguageFeatures(backends));
  void reopenStartupTabsAsNotebooks();
}

export function deactivate(): void {}
