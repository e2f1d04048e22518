import * as vscode from 'vscode';
import { ATHENA_TABLES, findTable, type SqlColumn } from './athenaTables';
import type { EvidenceSchema, EvidenceSchemas } from './evidenceSchema';
import { schemaFor } from './cellSchema';
import { statementColumns, resolvePath } from './sqlColumns';
import { sqlCursor } from './sqlCursor';
import { SQL_FUNCTIONS, type SqlFunction } from './sqlFunctions';
import { columnDoc, functionDoc, tableDoc } from './sqlDocs';

const KEYWORDS = [
  'select', 'distinct', 'from', 'where', 'and', 'or', 'not', 'in', 'like', 'between', 'is null', 'is not null',
  'group by', 'having', 'order by', 'asc', 'desc', 'limit', 'as', 'join', 'left join', 'cross join unnest', 'on',
  'case', 'when', 'then', 'else', 'end', 'with', 'union all', 'cast', 'try_cast', 'over', 'partition by',
];

const RANK = { column: '0', table: '1', function: '2', keyword: '3', elsewhere: '4' } as const;

/**
 * Completion for Athena SQL cells: tables after FROM and JOIN (those the evidence folder provides
 * first), struct fields and columns after `name.`, and elsewhere the columns of the statement's
 * tables, the Trino functions the local engine runs, and SQL keywords.
 */
export class SqlCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly schemas: EvidenceSchemas) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionList> {
    const cursor = sqlCursor(document.getText(), document.offsetAt(position));
    const range = new vscode.Range(document.positionAt(cursor.wordStart), position);
    if (cursor.slot.kind === 'none') return new vscode.CompletionList([]);
    const { schema, pending } = await schemaFor(document, this.schemas);
    const item = (label: string, kind: vscode.CompletionItemKind, rank: string, detail: string): vscode.CompletionItem => {
      const completion = new vscode.CompletionItem(label, kind);
      completion.range = range;
      completion.sortText = `${rank}${label}`;
      completion.detail = detail;
      return completion;
    };
    const items: vscode.CompletionItem[] = [];
    switch (cursor.slot.kind) {
      case 'table':
        items.push(...tableItems(schema, item));
        break;
      case 'member': {
        const owner = resolvePath(cursor.slot.path, cursor.sources, schema);
        for (const field of owner?.fields ?? []) items.push(columnItem(field, item));
        break;
      }
      case 'value':
        for (const { column } of statementColumns(cursor.sources, schema)) items.push(columnItem(column, item));
        items.push(...SQL_FUNCTIONS.map((fn) => functionItem(fn, item)));
        items.push(...KEYWORDS.map((word) => item(word, vscode.CompletionItemKind.Keyword, RANK.keyword, 'keyword')));
        break;
    }
    return new vscode.CompletionList(items, pending);
  }
}

type MakeItem = (label: string, kind: vscode.CompletionItemKind, rank: string, detail: string) => vscode.CompletionItem;

function tableItems(schema: EvidenceSchema, item: MakeItem): vscode.CompletionItem[] {
  const here = new Set(schema.tables);
  const names = [...schema.tables, ...ATHENA_TABLES.map((t) => t.name).filter((name) => !here.has(name))];
  return names.map((name) => {
    const inFolder = here.has(name) && schema.origin === 'evidence';
    const table = findTable(name);
    const detail = inFolder ? 'table in the evidence folder' : schema.origin === 'evidence' ? 'Athena table (none of this evidence in the folder)' : 'Athena table';
    const completion = item(name, vscode.CompletionItemKind.Class, inFolder || schema.origin !== 'evidence' ? RANK.table : RANK.elsewhere, detail);
    if (table) completion.documentation = tableDoc(table);
    return completion;
  });
}

function columnItem(column: SqlColumn, item: MakeItem): vscode.CompletionItem {
  const completion = item(column.name, column.fields ? vscode.CompletionItemKind.Struct : vscode.CompletionItemKind.Field, RANK.column, column.type);
  // Reserved words as column names must be quoted in a SELECT ("timestamp", "end").
  if (['timestamp', 'end', 'date'].includes(column.name)) completion.insertText = `"${column.name}"`;
  completion.documentation = columnDoc(column);
  return completion;
}

function functionItem(fn: SqlFunction, item: MakeItem): vscode.CompletionItem {
  const completion = item(fn.name, vscode.CompletionItemKind.Function, RANK.function, fn.signature);
  completion.insertText = new vscode.SnippetString(`${fn.name}($0)`);
  completion.documentation = functionDoc(fn);
  return completion;
}
