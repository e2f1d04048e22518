import * as vscode from 'vscode';
import { insightsCursor } from './insightsCursor';

/** Parameter hints for Logs Insights function calls, from the catalog's signatures. */
export class InsightsSignatureHelpProvider implements vscode.SignatureHelpProvider {
  provideSignatureHelp(document: vscode.TextDocument, position: vscode.Position): vscode.SignatureHelp | undefined {
    const { slot } = insightsCursor(document.getText(), document.offsetAt(position));
    const fn = slot.kind === 'value' ? slot.call?.fn : undefined;
    if (slot.kind !== 'value' || !slot.call || !fn) return undefined;
    const signature = new vscode.SignatureInformation(fn.signature, fn.doc);
    // Parameters are labelled by their place in the signature text, so VS Code can bold the active one.
    let from = fn.signature.indexOf('(') + 1;
    signature.parameters = fn.params.map((param) => {
      const text = `${param.variadic ? '...' : ''}${param.name}${param.optional ? '?' : ''}: ${param.type}`;
      const start = fn.signature.indexOf(text, from);
      from = start + text.length;
      return new vscode.ParameterInformation([start, start + text.length]);
    });
    const help = new vscode.SignatureHelp();
    help.signatures = [signature];
    help.activeSignature = 0;
    // A variadic last parameter takes every argument from its place on.
    help.activeParameter = Math.min(slot.call.argument, Math.max(0, fn.params.length - 1));
    return help;
  }
}
