import * as vscode from 'vscode';
import { MARKDOWN_MIME, TABLE_MIME } from '../common/mime';
import type { TableOutput } from '../common/resultSet';
import type { QueryResult } from '../backends/queryBackend';
import { AwsfxError } from '../core/errors';
import type { Provenance } from '../core/provenance';
import { codeSpan, toMarkdownTable } from '../core/report/markdownTable';

/**
 * Cell outputs: the result as data under our own MIME type (drawn by the table renderer), a markdown
 * fallback for any other viewer, and the provenance record in the output metadata.
 */

export function resultOutput(result: QueryResult, provenance: Provenance, elapsedMs: number): vscode.NotebookCellOutput {
  const table: TableOutput = { version: 1, result: result.result, warnings: result.warnings, elapsedMs };
  const warnings = result.warnings.map((w) => `- ${codeSpan(w.message)}`);
  const markdown = [toMarkdownTable(result.result), ...(warnings.length ? ['', '**Warnings**', ...warnings] : [])].join('\n');
  return new vscode.NotebookCellOutput(
    [vscode.NotebookCellOutputItem.json(table, TABLE_MIME), vscode.NotebookCellOutputItem.text(markdown, MARKDOWN_MIME)],
    { awsfx: { provenance } },
  );
}

/** An error as the cell shows it: the engine's own message, no stack of ours. */
export function errorOutput(error: unknown, provenance?: Partial<Provenance>): vscode.NotebookCellOutput {
  const e = new Error(error instanceof Error ? error.message : String(error));
  e.name = error instanceof AwsfxError ? errorTitle(error) : 'Error';
  e.stack = undefined;
  return new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error(e)], provenance ? { awsfx: { provenance } } : undefined);
}

function errorTitle(error: AwsfxError): string {
  switch (error.code) {
    case 'query.syntax':
    case 'query.engine':
      return 'Query failed';
    case 'query.unsupported':
      return 'Not supported';
    case 'evidence.missing':
    case 'evidence.empty':
      return 'Evidence not found';
    default:
      return 'awsfx';
  }
}
