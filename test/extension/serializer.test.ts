import * as assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { TABLE_MIME, cellIndex, item, openNotebook, runCells, tableOf, text, workspaceDir } from './support/notebooks';

describe('serializer', () => {
  // Editors stay open: closing a notebook editor and at once showing another one now and then
  // stalled the workbench for 30 s (docs/testing.md).

  it('keeps outputs and their provenance through save and reopen', async () => {
    const uri = vscode.Uri.file(join(workspaceDir(), 'saved.awsfx'));
    copyFileSync(join(workspaceDir(), 'investigation.awsfx'), uri.fsPath);
    const document = await openNotebook(uri);
    const index = cellIndex(document, (cell) => cell.document.getText().includes('CreateAccessKey'), 'queries CreateAccessKey');
    await runCells(document, index);
    const ran = document.cellAt(index);
    const table = tableOf(ran);
    assert.ok(table.result.rows.length > 0, 'the query found nothing, so there is nothing to keep');
    assert.equal(await document.save(), true);

    // On disk: the cell, found by its stable id, holds the same table and provenance.
    const onDisk = JSON.parse(readFileSync(uri.fsPath, 'utf8')) as { cells: Array<{ id: string; outputs?: Array<{ items: Array<{ mime: string; data: unknown }>; metadata?: Record<string, unknown> }> }> };
    const saved = onDisk.cells.find((cell) => cell.id === ran.metadata.id);
    assert.ok(saved?.outputs?.length, 'the saved cell has no outputs');
    assert.deepEqual(saved.outputs[0]!.items.find((i) => i.mime === TABLE_MIME)?.data, table);
    assert.deepEqual(saved.outputs[0]!.metadata, ran.outputs[0]!.metadata);

    // A second copy of those bytes is read back through the serializer, as after a restart.
    const copy = vscode.Uri.file(join(workspaceDir(), 'saved-reopened.awsfx'));
    copyFileSync(uri.fsPath, copy.fsPath);
    const reopened = await vscode.workspace.openNotebookDocument(copy);
    const back = reopened.cellAt(index);
    assert.equal(back.metadata.id, ran.metadata.id);
    assert.deepEqual(tableOf(back), table);
    assert.equal(text(item(back, 'text/markdown')!), text(item(ran, 'text/markdown')!));
    assert.deepEqual(back.outputs[0]!.metadata, ran.outputs[0]!.metadata);
    assert.equal(back.executionSummary?.success, true);
  });

  for (const [name, content, problem] of [
    ['not-json.awsfx', '{"awsfx": 1, "cells": [ oops ]}\n', /not valid JSON at line 1, column \d+/],
    ['future.awsfx', '{\n  "awsfx": 99,\n  "metadata": {},\n  "cells": []\n}\n', /format version 99/],
  ] as const) {
    it(`refuses ${name} with an error naming the problem and leaves its bytes alone`, async () => {
      const uri = vscode.Uri.file(join(workspaceDir(), name));
      writeFileSync(uri.fsPath, content);
      await assert.rejects(Promise.resolve(vscode.workspace.openNotebookDocument(uri)), problem);
      assert.equal(readFileSync(uri.fsPath, 'utf8'), content);
    });
  }
});
