// Drives a real VS Code for the end-to-end suites: code-server (VS Code's server and web workbench, with
// the real Node extension host) on 127.0.0.1, and Debian's Chromium through playwright-core.
// Recipe and pitfalls: docs/testing.md.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const run = promisify(execFile);

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The packaged extension under test; AWSFX_VSIX points elsewhere (e.g. a release artefact). */
export const VSIX = process.env.AWSFX_VSIX ?? join(ROOT, 'out/awsfx.vsix');
export const SAMPLE = join(ROOT, 'examples/investigation.awsfx');
export const RESULTS = join(ROOT, 'test-results');
export const EXTENSION_ID = 'awsfx.awsfx';

const started = Date.now();
/** With AWSFX_E2E_DEBUG set, prints a step with the seconds since the test file started. */
export function debug(message) {
  if (process.env.AWSFX_E2E_DEBUG) console.error(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
}

/** Anything slower than this is a hang, not a slow machine. */
const SERVER_START_MS = 30_000;
const STOP_GRACE_MS = 5_000;

let codeServerPath;
/** The code-server binary: $CODE_SERVER_BIN, else the pinned install (installed on first use). */
export function codeServerBin() {
  codeServerPath ??=
    process.env.CODE_SERVER_BIN ||
    execFileSync('bash', [join(ROOT, 'scripts/install-code-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  return codeServerPath;
}

/** Fails early with the command to run, rather than deep inside a test. */
export function requireVsix() {
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run \`npm run build && npm run package\` first.`);
  return VSIX;
}

// Every process group and temp folder this module made, so that even a crashing run leaves none behind.
const liveGroups = new Set();
const tempDirs = [];
function killGroups(signal) {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  }
}
process.on('exit', () => {
  killGroups('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killGroups('SIGKILL');
    process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 })[signal]);
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A fresh temporary folder; every one is removed by `removeTempDirs()` or, at the latest, on exit. */
export async function tempDir(prefix) {
  const dir = await mkdtemp(join(tmpdir(), `awsfx-e2e-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}
export async function removeTempDirs() {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/**
 * Settings for a reproducible workbench. Hot exit is off so that a reloaded window can only show what
 * is on disk; nothing reaches out to the network.
 */
const USER_SETTINGS = {
  'files.hotExit': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'workbench.editor.enablePreview': false,
};

/** Installs a .vsix into an extensions folder with code-server's own CLI, as a user would. */
export async function installVsix(extensionsDir, vsix = requireVsix()) {
  const { stdout, stderr } = await run(codeServerBin(), ['--extensions-dir', extensionsDir, '--install-extension', vsix], {
    env: { ...process.env, EXTENSIONS_GALLERY: '{}' },
  });
  const installed = await readdir(extensionsDir);
  if (!installed.some((name) => name.startsWith(`${EXTENSION_ID}-`))) {
    throw new Error(`installing ${vsix} left no ${EXTENSION_ID} in ${extensionsDir}:\n${stdout}\n${stderr}`);
  }
}

/**
 * Starts code-server on a free 127.0.0.1 port in its own process group and waits until it listens.
 * `trust: true` keeps workspace trust on (and its start-up prompt); otherwise trust is disabled.
 */
export async function startCodeServer({ extensionsDir, trust = false, settings = {} } = {}) {
  const userDataDir = await tempDir('user');
  extensionsDir ??= await tempDir('ext');
  await mkdir(join(userDataDir, 'User'), { recursive: true });
  await writeFile(join(userDataDir, 'User/settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2));
  const port = await freePort();
  const args = [
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--bind-addr', `127.0.0.1:${port}`,
  ];
  if (!trust) args.push('--disable-workspace-trust');
  // The binary itself, never npx: killing npx would orphan the server (docs/testing.md).
  const child = spawn(codeServerBin(), args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, EXTENSIONS_GALLERY: '{}' },
  });
  liveGroups.add(child.pid);
  let log = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  exited.then(() => liveGroups.has(child.pid) && setTimeout(() => reapGroup(child.pid), 0));
  const listening = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      log += chunk;
      if (log.includes('HTTP server listening on')) resolve();
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    exited.then(({ code, signal }) => reject(new Error(`code-server exited (${code ?? signal}) before listening:\n${log}`)));
  });
  const server = {
    port,
    pid: child.pid,
    userDataDir,
    extensionsDir,
    origin: `http://127.0.0.1:${port}`,
    /** The URI authority the workbench uses for files on the server. */
    remote: `vscode-remote://127.0.0.1:${port}`,
    log: () => log,
    async stop() {
      if (!liveGroups.has(child.pid)) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // The group is already gone.
      }
      const timer = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS, 'timeout'));
      await Promise.race([exited, timer]);
      reapGroup(child.pid);
    },
  };
  try {
    await withTimeout(listening, SERVER_START_MS, 'code-server did not start listening');
    debug(`code-server ${child.pid} listening on ${port}`);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** Kills whatever is left of a process group (an extension host still shutting down, a pty host). */
function reapGroup(pid) {
  liveGroups.delete(pid);
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Nothing left.
  }
}

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
    }),
  ]);
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.AWSFX_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A session for the enclosing `describe`, opened before its tests and closed after them; returns a getter. */
export function sessionForSuite(options) {
  let session;
  before(async () => {
    session = await openSession(options);
  });
  after(async () => {
    await session?.close();
    await removeTempDirs();
  });
  return () => session;
}

/**
 * One code-server plus one browser page, torn down in reverse order whatever happens. Use from a
 * node:test `before`/`after` pair: `const s = await openSession(opts); … await s.close()`.
 */
export async function openSession({ trust = false, settings } = {}) {
  const extensionsDir = await tempDir('ext');
  await installVsix(extensionsDir);
  const server = await startCodeServer({ extensionsDir, trust, settings });
  let browser;
  try {
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1600, height: 1100 } });
    const page = await context.newPage();
    return {
      server,
      browser,
      page,
      async close() {
        await browser.close().catch(() => undefined);
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server.stop();
    throw error;
  }
}

/**
 * The workbench URL for a folder, with extra `payload` entries (e.g. the in-host test options). Files
 * are not opened through the payload's `openFile`: that always raced the extension's notebook type and
 * opened the file as text.
 */
export function workbenchUrl(server, folder, { payload = [] } = {}) {
  const entries = [...payload, ['skipWelcome', 'true']];
  return `${server.origin}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(entries))}`;
}

/** A temp workspace with a copy of the sample notebook and, unless told otherwise, generated evidence. */
export async function makeWorkspace({ sample = true, evidence = true, seed = 7 } = {}) {
  const folder = await tempDir('ws');
  if (sample) await cp(SAMPLE, join(folder, 'investigation.awsfx'));
  if (evidence) await generateEvidence(join(folder, 'evidence'), seed);
  return folder;
}

/** The evidence generator CLI, exactly as a trainer would run it. */
export async function generateEvidence(out, seed = 7) {
  await run(process.execPath, [join(ROOT, 'bin/awsfx.js'), 'generate', '--out', out, '--seed', String(seed)], { cwd: ROOT });
}

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
