import * as vscode from 'vscode';
import { hostname, userInfo } from 'node:os';
import { dirname } from 'node:path';
import { isCancelled, throwIfAborted } from '../core/errors';
import { mergeTargets, resolveTarget } from '../core/notebook/target';
import type { NotebookMetadata, TargetSpec } from '../core/notebook';
import { describeTarget, type QueryLanguage, type QueryRequest } from '../core/query';
import { sha256, type Provenance } from '../core/provenance';
import { DEFAULT_ROW_CAP } from '../common/resultSet';
import type { BackendRegistry } from './backends';
import { NOTEBOOK_TYPE } from './serializer';
import { errorOutput, resultOutput } from './outputs';
import { showUntrustedWarning } from './trust';

const LANGUAGES: readonly QueryLanguage[] = ['athena-sql', 'cwli'];

/**
 * Runs cells. Executions are queued and awaited one at a time, in order, and every execution is ended
 * in `finally`, so a cell can never be left spinning. Cancelling a cell aborts its backend call.
 */
export class AwsfxController implements vscode.Disposable {
  private readonly controller: vscode.NotebookController;
  private order = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly backends: BackendRegistry,
    private readonly toolVersion: string,
  ) {
    this.controller = vscode.notebooks.createNotebookController('awsfx', NOTEBOOK_TYPE, 'AWS Forensics');
    this.controller.supportedLanguages = [...LANGUAGES];
    this.controller.supportsExecutionOrder = true;
    this.controller.description = 'Exported evidence (DuckDB) and AWS';
    this.controller.executeHandler = (cells, notebook) => this.execute(cells, notebook);
  }

  dispose(): void {
    this.controller.dispose();
  }

  private execute(cells: vscode.NotebookCell[], notebook: vscode.NotebookDocument): Promise<void> {
    // Shared notebooks are untrusted input: in an untrusted workspace nothing runs and the recorded
    // outputs are left exactly as they are.
    if (!vscode.workspace.isTrusted) {
      void showUntrustedWarning();
      return Promise.resolve();
    }
    const executions = cells
      .filter((cell) => cell.kind === vscode.NotebookCellKind.Code)
      .map((cell) => this.controller.createNotebookCellExecution(cell));
    const run = this.queue.then(async () => {
      for (const execution of executions) await this.runCell(execution, notebook);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runCell(execution: vscode.NotebookCellExecution, notebook: vscode.NotebookDocument): Promise<void> {
    const abort = new AbortController();
    const subscription = execution.token.onCancellationRequested(() => abort.abort());
    execution.executionOrder = ++this.order;
    const started = Date.now();
    execution.start(started);
    let success: boolean | undefined = false;
    const cell = execution.cell;
    const partial: Partial<Provenance> = { cellId: String(cell.metadata.id ?? ''), startedAt: new Date(started).toISOString() };
    try {
      throwIfAborted(abort.signal);
      await execution.clearOutput();
      const request = this.request(cell, notebook);
      const backend = await this.backends.forTarget(request.target);
      const result = await backend.run(request, { signal: abort.signal });
      const ended = Date.now();
      const provenance: Provenance = {
        cellId: partial.cellId!,
        language: request.language,
        queryHash: sha256(request.query),
        target: describeTarget(request.target),
        engine: result.facts.engine,
        engineVersion: result.facts.engineVersion,
        ...(result.facts.executedQuery !== undefined ? { executedQuery: result.facts.executedQuery } : {}),
        startedAt: result.facts.startedAt,
        endedAt: result.facts.endedAt,
        ranBy: userInfo().username,
        host: hostname(),
        tool: `awsfx ${this.toolVersion}`,
        rows: result.result.rows.length,
        totalRows: result.result.totalRows,
        truncated: result.result.truncated,
        warnings: result.warnings.length,
        statistics: result.facts.statistics,
      };
      await execution.replaceOutput(resultOutput(result, provenance, ended - started));
      success = true;
    } catch (error) {
      if (isCancelled(error)) {
        // A cancel is the investigator's choice, not a failure: no error output, no red mark.
        success = undefined;
      } else {
        await execution.replaceOutput(errorOutput(error, { ...partial, ranBy: userInfo().username, tool: `awsfx ${this.toolVersion}` }));
      }
    } finally {
      subscription.dispose();
      execution.end(success, Date.now());
    }
  }

  private request(cell: vscode.NotebookCell, notebook: vscode.NotebookDocument): QueryRequest {
    const language = cell.document.languageId as QueryLanguage;
    const meta = (notebook.metadata.metadata ?? {}) as NotebookMetadata;
    const spec = mergeTargets(meta.target, cell.metadata.target as TargetSpec | undefined);
    const folder = notebook.uri.scheme === 'untitled' ? undefined : dirname(notebook.uri.fsPath);
    const rowCap = vscode.workspace.getConfiguration('awsfx.results').get<number>('rowCap', DEFAULT_ROW_CAP);
    return { language, query: cell.document.getText(), target: resolveTarget(spec, folder), rowCap };
  }
}
