import * as vscode from 'vscode';
import { findTable } from './athenaTables';
import { DOCUMENTED_SCHEMA, type EvidenceSchemas } from './evidenceSchema';
import { cellTarget } from './cellTarget';
import { resolvePath } from './sqlColumns';
import { dottedNameAt, sqlCursor } from './sqlCursor';
import { columnDoc, functionDoc, tableDoc } from './sqlDocs';
import { findSqlFunction } from './sqlFunctions';

/**
 * Hover for Athena SQL cells: the Trino functions the local engine runs, tables, and the type of a
 * column or struct field (through aliases and unnested arrays). It uses what is already known about
 * the evidence folder and never waits for it.
 */
export class SqlHoverProvider implements vscode.HoverProvider {
  constructor(private readonly schemas: EvidenceSchemas) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const text = document.getText();
    const offset = document.offsetAt(position);
    const name = dottedNameAt(text, offset);
    if (!name) return undefined;
    const range = new vscode.Range(document.positionAt(name.start), document.positionAt(name.end));
    const last = name.path.at(-1)!;
    if (name.callee) {
      const fn = findSqlFunction(last);
      return fn ? new vscode.Hover(functionDoc(fn), range) : undefined;
    }
    const folder = cellTarget(document).folder;
    const schema = (folder && this.schemas.known(folder)) || DOCUMENTED_SCHEMA;
    const { sources } = sqlCursor(text, offset);
    const column = resolvePath(name.path, sources, schema);
    if (column && column.type !== 'table') return new vscode.Hover(columnDoc(column, name.path), range);
    const table = name.path.length === 1 ? findTable(last) : undefined;
    return table ? new vscode.Hover(tableDoc(table), range) : undefined;
  }
}
