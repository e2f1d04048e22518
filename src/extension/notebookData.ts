import * as vscode from 'vscode';
import {
  CELL_KINDS,
  FORMAT_VERSION,
  newCellId,
  sourceLines,
  sourceText,
  type AwsfxNotebook,
  type Cell,
  type CellKind,
  type CellOutput,
  type JsonValue,
  type OutputItem,
} from '../core/notebook';

/**
 * Converts between the file model (src/core/notebook) and VS Code's NotebookData. Everything the
 * editor has no slot for (cell id, target, unknown fields) rides in metadata, so nothing is lost.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function isJsonMime(mime: string): boolean {
  return mime === 'application/json' || mime.endsWith('+json') || mime === 'application/vnd.code.notebook.error';
}

function isTextMime(mime: string): boolean {
  return mime.startsWith('text/') || mime === 'application/vnd.code.notebook.stdout' || mime === 'application/vnd.code.notebook.stderr';
}

function toOutputItem(item: OutputItem): vscode.NotebookCellOutputItem {
  const encoding = item.encoding ?? (isJsonMime(item.mime) ? 'json' : isTextMime(item.mime) ? 'text' : 'base64');
  const bytes =
    encoding === 'json'
      ? encoder.encode(JSON.stringify(item.data))
      : encoding === 'text'
        ? encoder.encode(String(item.data))
        : Buffer.from(String(item.data), 'base64');
  return new vscode.NotebookCellOutputItem(bytes, item.mime);
}

function fromOutputItem(item: vscode.NotebookCellOutputItem): OutputItem {
  if (isJsonMime(item.mime)) {
    const text = decoder.decode(item.data);
    try {
      return { mime: item.mime, data: JSON.parse(text) as JsonValue };
    } catch {
      // A JSON MIME with text that is not JSON: keep the exact text rather than lose it.
      return { mime: item.mime, encoding: 'text', data: text };
    }
  }
  if (isTextMime(item.mime)) return { mime: item.mime, data: decoder.decode(item.data) };
  return { mime: item.mime, encoding: 'base64', data: Buffer.from(item.data).toString('base64') };
}

function kindToLanguage(kind: CellKind): string {
  return kind === 'markdown' ? 'markdown' : kind;
}

function languageToKind(cell: vscode.NotebookCellData): CellKind {
  if (cell.kind === vscode.NotebookCellKind.Markup) return 'markdown';
  return (CELL_KINDS as readonly string[]).includes(cell.languageId) ? (cell.languageId as CellKind) : 'athena-sql';
}

export function toNotebookData(file: AwsfxNotebook): vscode.NotebookData {
  const cells = file.cells.map((cell) => {
    const { kind, source, outputs, execution, ...rest } = cell;
    const data = new vscode.NotebookCellData(
      kind === 'markdown' ? vscode.NotebookCellKind.Markup : vscode.NotebookCellKind.Code,
      sourceText({ source }),
      kindToLanguage(kind),
    );
    data.metadata = rest;
    data.outputs = (outputs ?? []).map((o) => {
      const { items, metadata, id, ...extra } = o;
      const output = new vscode.NotebookCellOutput(items.map(toOutputItem), { ...(metadata ?? {}) });
      // Unknown output fields are kept under one key the editor leaves alone.
      if (Object.keys(extra).length > 0) output.metadata = { ...output.metadata, __awsfxExtra: extra };
      if (id !== undefined) output.metadata = { ...output.metadata, __awsfxId: id };
      return output;
    });
    if (execution) {
      data.executionSummary = {
        executionOrder: execution.order,
        success: execution.success,
        timing: execution.startTime !== undefined && execution.endTime !== undefined ? { startTime: execution.startTime, endTime: execution.endTime } : undefined,
      };
    }
    return data;
  });
  const { cells: _cells, ...top } = file;
  const notebook = new vscode.NotebookData(cells);
  notebook.metadata = top;
  return notebook;
}

function fromOutput(output: vscode.NotebookCellOutput): CellOutput {
  const { __awsfxExtra, __awsfxId, ...metadata } = (output.metadata ?? {}) as Record<string, unknown>;
  const result: CellOutput = { ...((__awsfxExtra as object | undefined) ?? {}), items: output.items.map(fromOutputItem) };
  if (typeof __awsfxId === 'string') result.id = __awsfxId;
  if (Object.keys(metadata).length > 0) result.metadata = metadata as { [key: string]: JsonValue };
  return result;
}

export function fromNotebookData(data: vscode.NotebookData): AwsfxNotebook {
  const top = (data.metadata ?? {}) as Record<string, unknown>;
  const seen = new Set<string>();
  const cells = data.cells.map((cellData): Cell => {
    const meta = { ...(cellData.metadata ?? {}) } as Record<string, unknown>;
    // New cells have no id yet, and a copied cell carries its original's: both get a fresh one.
    let id = typeof meta.id === 'string' ? meta.id : '';
    if (id === '' || seen.has(id)) id = newCellId();
    seen.add(id);
    const cell: Cell = { ...meta, id, kind: languageToKind(cellData), source: sourceLines(cellData.value) };
    const summary = cellData.executionSummary;
    if (summary && (summary.executionOrder !== undefined || summary.success !== undefined || summary.timing)) {
      cell.execution = {};
      if (summary.executionOrder !== undefined) cell.execution.order = summary.executionOrder;
      if (summary.success !== undefined) cell.execution.success = summary.success;
      if (summary.timing) {
        cell.execution.startTime = summary.timing.startTime;
        cell.execution.endTime = summary.timing.endTime;
      }
    }
    if (cellData.kind === vscode.NotebookCellKind.Code && cellData.outputs && cellData.outputs.length > 0) cell.outputs = cellData.outputs.map(fromOutput);
    return cell;
  });
  const metadata = (top.metadata ?? {}) as AwsfxNotebook['metadata'];
  return { ...top, awsfx: FORMAT_VERSION, metadata, cells };
}
