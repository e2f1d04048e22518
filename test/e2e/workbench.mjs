// The workbench gestures of the end-to-end suites, on a page that harness.mjs opened: open a notebook,
// run its cells and wait for them, find a cell and its rendered outputs, save, reload, screenshots.
// The list of cells is virtual (only rows near the view exist), hence the scrolling helpers.
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { RESULTS, debug, workbenchUrl } from './harness.mjs';

/** Notebook cell rows in the notebook editor, markdown and code alike, in list order. */
export const NOTEBOOK = '.notebookOverlay';
export const CODE_CELL = `${NOTEBOOK} .code-cell-row`;

/**
 * Opens the workbench on `folder`, then opens `name` (a file at the top of the folder) from the
 * Explorer and waits for the notebook editor. Right after start the workbench may not yet know the
 * extension's notebook type and opens the file as text: then the text editor is closed and the file
 * clicked again.
 */
export async function openNotebook(page, server, folder, name, { attempts = 4 } = {}) {
  await page.goto(workbenchUrl(server, folder));
  await waitForWorkbench(page);
  debug('workbench shown');
  await openFromExplorer(page, name, { attempts });
}

export async function openFromExplorer(page, name, { attempts = 4 } = {}) {
  const notebook = page.locator(`${NOTEBOOK} .cell-list-container`).first();
  for (let attempt = 1; ; attempt++) {
    await explorerItem(page, name).click();
    const opened = await Promise.race([
      notebook.waitFor({ state: 'visible', timeout: 15_000 }).then(() => 'notebook'),
      page.locator(`.editor-instance .monaco-editor[data-uri$="/${name}"]`).waitFor({ state: 'visible', timeout: 15_000 }).then(() => 'text'),
    ]).catch(() => 'nothing');
    if (opened === 'notebook') return debug(`${name} open as a notebook`);
    debug(`${name} opened as ${opened} (attempt ${attempt})`);
    if (attempt >= attempts) throw new Error(`${name} did not open as a notebook after ${attempts} attempts (last: ${opened})`);
    await runCommand(page, 'View: Close All Editors');
    await page.waitForTimeout(500 * attempt);
  }
}

/** A file or folder row of the Explorer, by its exact name. */
export function explorerItem(page, name) {
  return page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`);
}

export async function waitForWorkbench(page) {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: 30_000 });
}

/** Runs a command through the Command Palette, by its label as a user sees it. */
export async function runCommand(page, label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${label}`);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  // The list narrows as it filters; take the row whose label matches exactly when there is one.
  const exact = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });
  await ((await exact.count()) > 0 ? exact.first() : row).click();
  await input.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Clicks the notebook toolbar's Run All once the awsfx controller is the notebook's kernel (VS Code
 * selects it by itself, being the only one for the type); if it is not, picks it when asked.
 */
export async function runAll(page) {
  const toolbar = page.locator(`${NOTEBOOK} .notebook-toolbar-container`);
  const selected = await toolbar
    .getByText('AWS Forensics')
    .first()
    .waitFor({ state: 'visible', timeout: 10_000 })
    .then(() => true, () => false);
  await toolbar.getByRole('button', { name: /^Run All/ }).click();
  if (!selected) await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'AWS Forensics' }).first().click();
  debug('Run All clicked');
}

const LIST_ROWS = `${NOTEBOOK} .cell-list-container > .monaco-list > .monaco-scrollable-element > .monaco-list-rows > .monaco-list-row`;

/** The notebook rows currently rendered (the list is virtual: only rows near the view exist). */
function renderedRows(page) {
  return page.locator(LIST_ROWS).evaluateAll((elements) =>
    elements
      .map((row) => {
        const has = (name) => row.querySelector(`.codicon-notebook-state-${name}`) !== null;
        const state = has('executing') || has('pending') ? 'running' : has('success') ? 'success' : has('error') ? 'error' : 'idle';
        const box = row.getBoundingClientRect();
        return { index: Number(row.dataset.index), code: row.classList.contains('code-cell-row'), state, top: box.top, bottom: box.bottom };
      })
      .sort((a, b) => a.index - b.index),
  );
}

/**
 * Scrolls the notebook list by about `dy` pixels with the mouse wheel over the cells' left gutter
 * (the outputs are a webview that would take the events). The workbench moves ~50 px per wheel
 * event whatever its delta, so a long scroll is many events.
 */
async function wheelNotebook(page, dy) {
  const box = await page.locator(`${NOTEBOOK} .cell-list-container`).first().boundingBox();
  await page.mouse.move(box.x + 12, box.y + box.height / 2);
  for (let i = 0; i < Math.max(1, Math.round(Math.abs(dy) / 50)); i++) await page.mouse.wheel(0, Math.sign(dy) * 100);
  // Let the list settle and render the rows that came into view.
  await page.waitForTimeout(100);
  return box;
}

async function scrollNotebookToTop(page) {
  for (let step = 0; step < 100; step++) {
    const box = await page.locator(`${NOTEBOOK} .cell-list-container`).first().boundingBox();
    const rows = await renderedRows(page);
    if (rows[0]?.index === 0 && rows[0].top >= box.y - 1) return;
    await wheelNotebook(page, -2_000);
  }
  throw new Error('could not scroll the notebook to its top');
}

/** The state of every code cell ('success' | 'error' | 'running' | 'idle'), in notebook order. */
export async function cellStates(page) {
  await page.locator(LIST_ROWS).first().waitFor({ state: 'attached' });
  await scrollNotebookToTop(page);
  const states = new Map();
  let signature;
  for (let step = 0; step < 200; step++) {
    const rows = await renderedRows(page);
    for (const row of rows) if (row.code) states.set(row.index, row.state);
    const now = rows.map((row) => `${row.index}@${Math.round(row.top)}`).join(',');
    if (now === signature) break; // the wheel no longer moves the list: this is the bottom
    signature = now;
    const box = await page.locator(`${NOTEBOOK} .cell-list-container`).first().boundingBox();
    await wheelNotebook(page, box.height * 0.6);
  }
  return [...states.entries()].sort((a, b) => a[0] - b[0]).map(([, state]) => state);
}

/** Waits until every code cell has a result (none queued, running or never run) and returns the states. */
export async function waitForCellsDone(page, { timeout = 60_000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const states = await cellStates(page);
    if (states.length > 0 && states.every((state) => state === 'success' || state === 'error')) {
      debug(`cells done: ${states.join(', ')}`);
      return states;
    }
    if (Date.now() > deadline) throw new Error(`cells still not done after ${timeout} ms: ${states.join(', ')}`);
    await page.waitForTimeout(250);
  }
}

/**
 * Scrolls the notebook until the code cell whose text contains `text` is near the top of the view
 * (its outputs are then rendered in the webview), and returns its row.
 */
export async function revealCell(page, text) {
  const row = page.locator(CODE_CELL, { hasText: text }).first();
  await page.locator(LIST_ROWS).first().waitFor({ state: 'attached' });
  await scrollNotebookToTop(page);
  let signature;
  for (let step = 0; step < 200; step++) {
    const box = await page.locator(`${NOTEBOOK} .cell-list-container`).first().boundingBox();
    if ((await row.count()) > 0) {
      const top = (await row.boundingBox())?.y ?? box.y;
      if (top <= box.y + 150) {
        debug(`revealed the cell with ${text}`);
        return row;
      }
      await wheelNotebook(page, Math.min(top - box.y - 50, box.height * 0.6));
    } else {
      await wheelNotebook(page, box.height * 0.6);
    }
    const now = (await renderedRows(page)).map((r) => `${r.index}@${Math.round(r.top)}`).join(',');
    if (now === signature && (await row.count()) > 0) return row; // at the bottom: as near the top as it gets
    if (now === signature) break;
    signature = now;
  }
  throw new Error(`no code cell containing ${JSON.stringify(text)} in the notebook`);
}

/**
 * The rendered awsfx table that has all of `columns` and contains `text` (outputs of different cells
 * share one webview, so a table is picked by what it shows).
 */
export function tableIn(frame, columns, text) {
  let table = frame.locator('div.awsfx-table-output');
  for (const column of columns) table = table.filter({ has: frame.locator(`th[data-column="${column}"]`) });
  if (text) table = table.filter({ hasText: text });
  return table.first();
}

/** The frame that holds the notebook's rendered outputs (one webview per notebook editor). */
export function outputFrame(page) {
  return page.frameLocator(`${NOTEBOOK} iframe.webview.ready`).frameLocator('#active-frame');
}

/** Saves the active editor through the Command Palette (no reliance on a browser key binding). */
export async function save(page) {
  await runCommand(page, 'File: Save');
  debug('saved');
}

/** Reloads the window the way a user does, and waits for the workbench to be back. */
export async function reloadWindow(page) {
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: 30_000 });
  await runCommand(page, 'Developer: Reload Window');
  await navigated;
  await waitForWorkbench(page);
  debug('window reloaded');
}

export async function screenshot(page, name) {
  await mkdir(RESULTS, { recursive: true });
  const path = join(RESULTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Every CloudTrail record under an evidence folder, read with Node alone: the tests' oracle. */
export async function evidenceRecords(folder) {
  const records = [];
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.json(\.gz)?$/.test(entry.name)) continue;
    const bytes = await readFile(join(entry.parentPath ?? entry.path, entry.name));
    records.push(...JSON.parse((entry.name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')).Records);
  }
  return records;
}
