// Drives a real VS Code for the end-to-end suites: code-server (VS Code's server and web workbench, with
// the real Node extension host) on 127.0.0.1, and Debian's Chromium through playwright-core.
// Recipe and pitfalls: docs/testing.md.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
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
