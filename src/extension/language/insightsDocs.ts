import * as vscode from 'vscode';
import type { InsightsCommand, InsightsFunction } from '../../core/cwli';

/**
 * The documentation shown for commands and functions, in completion and hover alike: the catalog's
 * syntax or signature, its one-line doc, and whether the local engine can run it.
 */

const SERVICE_ONLY = '*Not available on local evidence: needs the CloudWatch Logs service.*';

export function commandDoc(command: InsightsCommand): vscode.MarkdownString {
  const doc = new vscode.MarkdownString();
  doc.appendCodeblock(command.syntax, 'cwli');
  doc.appendMarkdown(escape(command.doc));
  if (command.aliases.length > 0) doc.appendMarkdown(`\n\nAlso written ${command.aliases.map((a) => `\`${a}\``).join(', ')}.`);
  if (command.deprecated) doc.appendMarkdown(`\n\n*${escape(command.deprecated)}*`);
  if (!command.offline) doc.appendMarkdown(`\n\n${SERVICE_ONLY}`);
  return doc;
}

export function functionDoc(fn: InsightsFunction): vscode.MarkdownString {
  const doc = new vscode.MarkdownString();
  doc.appendCodeblock(fn.signature, 'cwli');
  doc.appendMarkdown(escape(fn.doc));
  if (fn.aliases.length > 0) doc.appendMarkdown(`\n\nAlso written ${fn.aliases.map((a) => `\`${a}\``).join(', ')}.`);
  if (fn.aggregate) doc.appendMarkdown('\n\nAn aggregation: only in `stats`.');
  if (fn.onlyIn) doc.appendMarkdown(`\n\nOnly in ${fn.onlyIn.map((c) => `\`${c}\``).join(' and ')}.`);
  if (!fn.offline) doc.appendMarkdown(`\n\n${SERVICE_ONLY}`);
  return doc;
}

/** Catalog text is ours, but `*` and `_` in signatures-in-prose would still turn into emphasis. */
function escape(text: string): string {
  return text.replace(/([\\*_[\]<>])/g, '\\$1');
}
