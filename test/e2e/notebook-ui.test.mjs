// The packaged extension in a real VS Code (code-server) driven through Chromium, as an investigator
// uses it: open the sample notebook, Run All, read and sort the table, save, reload; broken files,
// an untrusted workspace and hostile log content.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SAMPLE, makeWorkspace, sessionForSuite, tempDir, workbenchUrl } from './harness.mjs';
import {
  NOTEBOOK,
  cellStates,
  evidenceRecords,
  explorerItem,
  openFromExplorer,
  openNotebook,
  outputFrame,
  reloadWindow,
  revealCell,
  runAll,
  save,
  screenshot,
  tableIn,
  waitForCellsDone,
  waitForWorkbench,
} from './workbench.mjs';

const TABLE_MIME = 'application/vnd.awsfx.table+json';

const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** The rows the sample's CreateAccessKey cell must show, computed from the evidence files alone. */
function expectedAccessKeys(records) {
  return records
    .filter((r) => r.eventName === 'CreateAccessKey')
    .map((r) => ({ eventtime: r.eventTime, arn: r.userIdentity.arn, eventname: r.eventName, sourceipaddress: r.sourceIPAddress }))
    .sort((a, b) => byText(JSON.stringify(a), JSON.stringify(b)));
}

/** Calls made with the leaked key, per source address (the sample's second query), in the engine's order. */
function expectedKeySources(records) {
  const calls = new Map();
  for (const r of records.filter((r) => r.userIdentity?.userName === 'alex.morgan')) {
    const entry = calls.get(r.sourceIPAddress) ?? { sourceipaddress: r.sourceIPAddress, calls: 0, first_seen: r.eventTime };
    entry.calls += 1;
    if (r.eventTime < entry.first_seen) entry.first_seen = r.eventTime;
    calls.set(r.sourceIPAddress, entry);
  }
  return [...calls.values()].sort((a, b) => byText(a.first_seen, b.first_seen)).map((e) => ({ sourceipaddress: e.sourceipaddress, calls: String(e.calls), first_seen: e.first_seen }));
}

/** Reads a rendered awsfx table: summary, column names and cell texts. */
function readTable(table) {
  return table.evaluate((root) => ({
    summary: root.querySelector('.awsfx-summary')?.textContent ?? '',
    columns: [...root.querySelectorAll('thead th')].map((th) => th.getAttribute('data-column')),
    rows: [...root.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent)),
  }));
}

/** A table's rows as objects keyed by the columns the test checks. */
function pick(table, columns) {
  return table.rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[table.columns.indexOf(c)]])));
}

/** A UI scenario: bounded in time, and a screenshot of the workbench when it fails. */
function scenario(getSession, name, fn) {
  test(name, { timeout: 120_000 }, async (t) => {
    try {
      await fn(getSession());
    } catch (error) {
      const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 60);
      const page = getSession()?.page;
      const path = page && (await screenshot(page, `failure-${slug}`).catch(() => undefined));
      if (path) t.diagnostic(`screenshot: ${path}`);
      throw error;
    }
  });
}

describe('notebook UI in a trusted workspace', () => {
  const session = sessionForSuite();
  const it = (name, fn) => scenario(session, name, fn);

  // First in a fresh workbench, as after `npm start`: VS Code in the browser opens a URL's file before it
  // knows the extension's notebook type, so the file first shows as JSON text; awsfx reopens it.
  it('the sample opened from the URL, as npm start does, ends up as a notebook, not as text', async ({ page, server }) => {
    const folder = await makeWorkspace({ evidence: false });
    const file = join(folder, 'investigation.awsfx');
    const before = await readFile(file, 'utf8');
    await page.goto(workbenchUrl(server, folder, { payload: [['openFile', `vscode-remote://${new URL(server.origin).host}${file}`]] }));
    await waitForWorkbench(page);
    await page.locator(`${NOTEBOOK} .cell-list-container`).first().waitFor({ state: 'visible', timeout: 60_000 });
    // Markdown renders inside the output webview; the code cells' editors are in the page itself.
    await page.locator(`${NOTEBOOK} .code-cell-row`).filter({ hasText: "eventname = 'CreateAccessKey'" }).first().waitFor({ state: 'visible' });
    assert.equal(await page.locator('.tabs-container .tab[aria-label^="investigation.awsfx"]').count(), 1, 'the text tab was left open beside the notebook');
    assert.equal(await readFile(file, 'utf8'), before);
    await screenshot(page, 'notebook-ui-opened-from-url');
  });

  it('Run All shows the backdoor key, sorts, saves, and shows the record after a reload without re-running', async ({ page, server }) => {
    const folder = await makeWorkspace();
    const file = join(folder, 'investigation.awsfx');
    const evidence = await evidenceRecords(join(folder, 'evidence'));
    const accessKeys = expectedAccessKeys(evidence);
    assert.ok(accessKeys.some((row) => row.sourceipaddress === '203.0.113.77'), 'the generated evidence lacks the attacker\'s CreateAccessKey');
    const sample = JSON.parse(await readFile(SAMPLE, 'utf8'));
    const codeCells = sample.cells.filter((cell) => cell.kind !== 'markdown').length;

    await openNotebook(page, server, folder, 'investigation.awsfx');
    await runAll(page);
    const states = await waitForCellsDone(page);
    assert.deepEqual(states, Array(codeCells).fill('success'), 'every code cell of the sample should run and succeed');

    const keyColumns = ['eventtime', 'arn', 'eventname', 'sourceipaddress'];
    await revealCell(page, "'CreateAccessKey'");
    const keys = tableIn(outputFrame(page), keyColumns, 'CreateAccessKey');
    await keys.waitFor({ state: 'visible' });
    const shown = await readTable(keys);
    assert.deepEqual(shown.columns, keyColumns);
    assert.deepEqual(pick(shown, keyColumns).sort((a, b) => byText(JSON.stringify(a), JSON.stringify(b))), accessKeys);
    assert.match(shown.summary, new RegExp(`^${accessKeys.length} rows? · [\\d,]+ ms$`));
    await screenshot(page, 'notebook-ui-run-all');

    // Sorting is the renderer's, on a copy: the engine's order (first seen), then calls ascending, then descending.
    await revealCell(page, "'alex.morgan'");
    const sources = tableIn(outputFrame(page), ['sourceipaddress', 'calls', 'first_seen'], '203.0.113.77');
    await sources.waitFor({ state: 'visible' });
    const keySources = expectedKeySources(evidence);
    assert.ok(keySources.length >= 2, 'sorting needs at least two rows');
    assert.deepEqual(pick(await readTable(sources), ['sourceipaddress', 'calls', 'first_seen']), keySources);
    const calls = sources.locator('th[data-column="calls"]');
    const counts = async () => pick(await readTable(sources), ['calls']).map((row) => Number(row.calls));
    const numeric = keySources.map((row) => Number(row.calls));
    await calls.locator('button').click();
    await sources.locator('th[data-column="calls"][aria-sort="ascending"]').waitFor();
    assert.deepEqual(await counts(), [...numeric].sort((a, b) => a - b));
    await calls.locator('button').click();
    await sources.locator('th[data-column="calls"][aria-sort="descending"]').waitFor();
    assert.deepEqual(await counts(), [...numeric].sort((a, b) => b - a));
    assert.notDeepEqual(await counts(), [...numeric].sort((a, b) => a - b));
    await screenshot(page, 'notebook-ui-sorted');

    await save(page);
    const saved = await waitForFile(file, (text) => text.includes(TABLE_MIME));
    const onDisk = JSON.parse(saved).cells.find((cell) => cell.id === 'access-keys-created');
    const output = onDisk.outputs?.[0];
    assert.ok(output, 'the saved CreateAccessKey cell has no output');
    const record = output.items.find((i) => i.mime === TABLE_MIME).data.result;
    assert.deepEqual(
      record.rows.map((row) => Object.fromEntries(record.columns.map((column, i) => [column.name, row[i]]))).sort((a, b) => byText(JSON.stringify(a), JSON.stringify(b))),
      accessKeys,
    );
    assert.equal(output.metadata.awsfx.provenance.cellId, 'access-keys-created');
    assert.equal(onDisk.execution.success, true);

    await reloadWindow(page);
    await page.locator(`${NOTEBOOK} .cell-list-container`).waitFor({ state: 'visible' });
    await revealCell(page, "'CreateAccessKey'");
    const restored = tableIn(outputFrame(page), keyColumns, 'CreateAccessKey');
    await restored.waitFor({ state: 'visible' });
    const after = await readTable(restored);
    await screenshot(page, 'notebook-ui-after-reload');
    // The same output (its summary carries the elapsed time of the run), the file untouched, the editor
    // clean and no cell running: what is shown came from disk, and nothing ran again.
    assert.equal(after.summary, shown.summary);
    assert.deepEqual(after.rows, shown.rows);
    assert.equal(await readFile(file, 'utf8'), saved);
    assert.equal(await page.locator('.tabs-container .tab.dirty').count(), 0, 'reloading made the notebook dirty');
    assert.deepEqual(await cellStates(page), states);
  });

  it('a file that cannot be read opens with an error naming the problem and stays byte-identical', async ({ page, server }) => {
    const folder = await makeWorkspace({ evidence: false });
    const broken = {
      'broken.awsfx': { bytes: 'SELECT * FROM cloudtrail_logs -- pasted into the wrong file\n', problem: /not valid JSON at line 1, column 1/ },
      'future.awsfx': { bytes: '{\n  "awsfx": 99,\n  "metadata": {},\n  "cells": []\n}\n', problem: /format version 99/ },
    };
    for (const [name, { bytes }] of Object.entries(broken)) await writeFile(join(folder, name), bytes);
    // The sample first: once it shows as a notebook the workbench knows the notebook type, so the
    // broken files below cannot open as plain text by the start-up race.
    await openNotebook(page, server, folder, 'investigation.awsfx');
    for (const [name, { bytes, problem }] of Object.entries(broken)) {
      await explorerItem(page, name).click();
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible' });
      assert.match(await dialog.locator('.dialog-message-text').innerText(), new RegExp(`Unable to open '${name}'`));
      assert.match(await dialog.locator('.dialog-message-detail').innerText(), problem);
      await screenshot(page, `notebook-ui-${name}`);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      // VS Code closes the editor it could not fill: no empty notebook is left that a save could write.
      await page.locator(`.tabs-container .tab[aria-label="${name}"]`).waitFor({ state: 'detached' });
      assert.equal(await readFile(join(folder, name), 'utf8'), bytes, `${name} changed on disk`);
    }
  });

  it('hostile log content is shown as text and never becomes markup', async ({ page, server }) => {
    const folder = await makeWorkspace({ evidence: false });
    const img = '<img src=x onerror="window.__pwned=1">';
    const script = '<script>window.__pwned=2</script>';
    await writeHostileEvidence(join(folder, 'evidence'), { img, script });
    await openNotebook(page, server, folder, 'investigation.awsfx');
    await runAll(page);
    await waitForCellsDone(page);
    await revealCell(page, 'CreateAccessKey');
    const frame = outputFrame(page);
    const table = tableIn(frame, ['arn', 'sourceipaddress'], 'CreateAccessKey');
    await table.waitFor({ state: 'visible' });
    const shown = await readTable(table);
    assert.match(shown.summary, /^1 row · /);
    assert.deepEqual(pick(shown, ['arn', 'sourceipaddress']), [{ arn: `arn:aws:iam::111122223333:user/${img}`, sourceipaddress: script }]);
    assert.equal(await frame.locator('.awsfx-table-output img, .awsfx-table-output script').count(), 0);
    assert.equal(await table.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await screenshot(page, 'notebook-ui-hostile');
  });
});

describe('notebook UI in an untrusted workspace', () => {
  const session = sessionForSuite({ trust: true });
  const it = (name, fn) => scenario(session, name, fn);

  it('Run All runs nothing, and the recorded output stays as it is on screen and on disk', async ({ page, server }) => {
    const folder = await tempDir('ws');
    const recorded = recordedNotebook();
    const file = join(folder, 'recorded.awsfx');
    await writeFile(file, recorded);
    await page.goto(workbenchUrl(server, folder));
    // VS Code asks at start-up; the investigator declines and browses in restricted mode.
    const prompt = page.locator('.monaco-dialog-box');
    await prompt.getByRole('button', { name: /No, I don't trust the authors/ }).click();
    await waitForWorkbench(page);
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ state: 'visible' });
    await openFromExplorer(page, 'recorded.awsfx');
    const table = tableIn(outputFrame(page), ['eventname'], 'CreateAccessKey');
    await table.waitFor({ state: 'visible' });
    const before = await readTable(table);
    assert.equal(before.summary, '1 row · 12 ms');

    await runAll(page);
    // VS Code asks for trust before it hands any cell to a controller; declining runs nothing.
    const request = page.locator('.monaco-dialog-box', { hasText: 'Executing a notebook cell will run code from this workspace' });
    await request.waitFor({ state: 'visible' });
    await screenshot(page, 'notebook-ui-untrusted-request');
    await request.getByRole('button', { name: 'Cancel' }).click();
    await request.waitFor({ state: 'hidden' });
    // Nothing is expected to happen, so there is nothing to wait for: give a run a moment to show.
    await page.waitForTimeout(1_000);

    assert.deepEqual(await readTable(table), before);
    assert.equal(await page.locator(`${NOTEBOOK} .codicon-notebook-state-executing, ${NOTEBOOK} .codicon-notebook-state-pending`).count(), 0);
    assert.equal(await page.locator('.tabs-container .tab.dirty').count(), 0);
    assert.equal(await readFile(file, 'utf8'), recorded);
    await screenshot(page, 'notebook-ui-untrusted');
  });
});

/** A notebook saved with one query output, as a colleague would share it. */
function recordedNotebook() {
  const table = {
    version: 1,
    result: {
      columns: [
        { name: 'eventtime', kind: 'string', engineType: 'VARCHAR' },
        { name: 'eventname', kind: 'string', engineType: 'VARCHAR' },
      ],
      rows: [['2024-05-13T08:26:46Z', 'CreateAccessKey']],
      totalRows: 1,
      rowCap: 10000,
      truncated: false,
    },
    warnings: [],
    elapsedMs: 12,
  };
  const notebook = {
    awsfx: 1,
    metadata: { title: 'Shared investigation', target: { evidence: 'evidence' } },
    cells: [
      {
        id: 'recorded',
        kind: 'athena-sql',
        source: ["select eventtime, eventname from cloudtrail_logs where eventname = 'CreateAccessKey'"],
        execution: { order: 1, success: true, startTime: 1715588806000, endTime: 1715588806012 },
        outputs: [{ items: [{ mime: TABLE_MIME, data: table }, { mime: 'text/markdown', data: '| eventtime | eventname |\n| --- | --- |\n| `2024-05-13T08:26:46Z` | `CreateAccessKey` |' }] }],
      },
    ],
  };
  return JSON.stringify(notebook, null, 2) + '\n';
}

/** One CloudTrail delivery file whose attacker-controlled fields carry markup. */
async function writeHostileEvidence(folder, { img, script }) {
  const dir = join(folder, 'AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/13');
  await mkdir(dir, { recursive: true });
  const record = {
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLEHOSTILE01', arn: `arn:aws:iam::111122223333:user/${img}`, accountId: '111122223333', accessKeyId: 'AKIAEXAMPLEHOSTILE01', userName: img },
    eventTime: '2024-05-13T08:26:46Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateAccessKey',
    awsRegion: 'us-east-1',
    sourceIPAddress: script,
    userAgent: `${img}${script}`,
    requestParameters: { userName: img },
    responseElements: { accessKey: { accessKeyId: 'AKIAEXAMPLEHOSTILE02', status: 'Active', userName: img, createDate: 'May 13, 2024, 8:26:46 AM' } },
    requestID: '0f5a3c1e-0000-4000-8000-000000000001',
    eventID: '0f5a3c1e-0000-4000-8000-000000000002',
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111122223333',
    eventCategory: 'Management',
  };
  await writeFile(join(dir, '111122223333_CloudTrail_us-east-1_20240513T0830Z_hostile.json'), JSON.stringify({ Records: [record] }));
}

async function waitForFile(path, predicate, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(path, 'utf8');
    if (predicate(text)) return text;
    if (Date.now() > deadline) throw new Error(`${path} did not change as expected within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
