import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, evidenceRecords, openNotebook, records, runCells, tableOf, writeNotebook } from './support/notebooks';

// Runs first (files run in name order): nothing else may have run a cell before it.
describe('activation', () => {
  const duckdbModules = (): string[] => Object.keys(require.cache).filter((key) => key.includes('@duckdb'));

  it('is the packaged extension, loaded lazily, and leaves DuckDB unloaded until a cell runs', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in this extension host`);
    // The e2e runner loads the extension from the unpacked .vsix, never from the source tree.
    assert.match(extension.extensionPath, /awsfx-e2e-vsix-/);
    // The workspace holds .awsfx files, so `workspaceContains` may already have activated us: cheap
    // by design, because activation registers providers only and never loads DuckDB.
    const events = (extension.packageJSON as { activationEvents: string[] }).activationEvents;
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), `activates for every workspace: ${events.join(', ')}`);
    assert.deepEqual(duckdbModules(), [], 'DuckDB was loaded before any cell ran');

    const document = await openNotebook(writeNotebook('activation', [{ id: 'count', kind: 'athena-sql', source: ['select count(*) as n from cloudtrail_logs'] }]));
    await extension.activate();
    assert.equal(extension.isActive, true);
    assert.deepEqual(duckdbModules(), [], 'DuckDB was loaded on activation');

    await runCells(document, 0);
    assert.deepEqual(records(tableOf(document.cellAt(0))), [{ n: evidenceRecords().length }]);
    assert.ok(duckdbModules().length > 0, 'running a cell did not load DuckDB, so this test could not have seen it');
  });
});
