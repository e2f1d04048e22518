import * as vscode from 'vscode';
import type { SqlColumn, SqlTable } from './athenaTables';
import type { SqlFunction } from './sqlFunctions';

/** The documentation shown for SQL functions, tables and columns, in completion and hover alike. */

export function functionDoc(fn: SqlFunction): vscode.MarkdownString {
  const doc = new vscode.MarkdownString();
  doc.appendCodeblock(fn.signature, 'athena-sql');
  doc.appendText(fn.doc);
  if (fn.aggregate) doc.appendMarkdown('\n\nAn aggregate: with `GROUP BY`, or over the whole result.');
  doc.appendMarkdown('\n\nExample:');
  doc.appendCodeblock(fn.example, 'athena-sql');
  return doc;
}

export function columnDoc(column: SqlColumn, path: readonly string[] = [column.name]): vscode.MarkdownString {
  const doc = new vscode.MarkdownString();
  doc.appendCodeblock(`${path.join('.')}: ${column.type}`, 'athena-sql');
  if (column.doc) doc.appendText(column.doc);
  if (column.fields && !column.type.startsWith('array')) doc.appendMarkdown(`${column.doc ? '\n\n' : ''}Fields: ${column.fields.map((f) => `\`${f.name}\``).join(', ')}.`);
  return doc;
}

export function tableDoc(table: SqlTable): vscode.MarkdownString {
  const doc = new vscode.MarkdownString();
  doc.appendCodeblock(`${table.name} (${table.columns.length} columns)`, 'athena-sql');
  doc.appendText(table.doc);
  if (table.aliases.length > 0) doc.appendMarkdown(`\n\nSame data locally: ${table.aliases.map((a) => `\`${a}\``).join(', ')}.`);
  return doc;
}
