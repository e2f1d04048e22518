// Runs the mocha suite of test/extension inside the real extension host of a real VS Code
// (code-server), against the extension as it ships: the packaged .vsix, unpacked.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { format, promisify } from 'node:util';
import {
  ROOT,
  launchBrowser,
  makeWorkspace,
  removeTempDirs,
  requireVsix,
  startCodeServer,
  tempDir,
  workbenchUrl,
} from './harness.mjs';
import { screenshot } from './workbench.mjs';

const run = promisify(execFile);
const SUITE = join(ROOT, 'out/test/extension');
/** The whole in-host suite; a run longer than this is a hang. */
const SUITE_TIMEOUT_MS = 150_000;
/** Must match test/extension/index.ts. */
const REPORT_MARKER = 'mocha| ';

/**
 * The extension folder VS Code would install from the .vsix, plus the bundled tests. Loading the
 * extension from here (not from the source tree) means a file missing from the package fails the suite.
 */
async function unpackExtension() {
  const vsix = requireVsix();
  if (!existsSync(join(SUITE, 'index.js'))) throw new Error(`${SUITE}/index.js is missing: run \`npm run build\` first.`);
  const dir = await tempDir('vsix');
  await run('unzip', ['-q', vsix, 'extension/*', '-d', dir]);
  const extension = join(dir, 'extension');
  await cp(SUITE, join(extension, 'out/test/extension'), { recursive: true });
  return extension;
}

test('the in-extension-host mocha suite passes against the packaged extension', { timeout: SUITE_TIMEOUT_MS + 60_000 }, async (t) => {
  const extension = await unpackExtension();
  const workspace = await makeWorkspace();
  const server = await startCodeServer();
  const browser = await launchBrowser().catch(async (error) => {
    await server.stop();
    throw error;
  });
  let timer;
  try {
    const page = await browser.newPage();
    const report = [];
    const log = [];
    let finish;
    const finished = new Promise((resolve) => (finish = resolve));
    // The workbench forwards the extension host's console (mocha's reporter) and its exit code here.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const message = format(...(Array.isArray(args) ? args : [args]));
      log.push(`[${type}] ${message}`);
      // Mocha's report (marked by test/extension/index.ts) is shown as it comes; the rest only on failure.
      for (const line of message.split('\n')) {
        if (!line.startsWith(REPORT_MARKER)) continue;
        report.push(line.slice(REPORT_MARKER.length));
        t.diagnostic(line.slice(REPORT_MARKER.length));
      }
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    const remote = `${server.remote}${extension}`;
    await page.goto(
      workbenchUrl(server, workspace, {
        payload: [
          ['extensionDevelopmentPath', remote],
          ['extensionTestsPath', `${remote}/out/test/extension/index`],
        ],
      }),
    );
    const code = await Promise.race([
      finished,
      new Promise((resolve) => {
        timer = setTimeout(resolve, SUITE_TIMEOUT_MS, 'timeout');
      }),
    ]);
    if (code !== 0) await screenshot(page, 'exthost-failure').catch(() => undefined);
    assert.equal(code, 0, `the in-host suite ended with ${code}:\n${report.join('\n')}\n--- workbench log ---\n${log.join('\n')}\n--- code-server ---\n${server.log()}`);
    assert.match(report.join('\n'), /\d+ passing/, 'mocha reported no passing tests');
  } finally {
    clearTimeout(timer);
    await browser.close().catch(() => undefined);
    await server.stop();
    await removeTempDirs();
  }
});
