// Editing a Logs Insights cell in the packaged extension, in a real VS Code (code-server) through
// Chromium: what the investigator sees while typing — the grammar's colours, the parser's squiggle
// appearing and going away, the suggest widget offering commands and the evidence's fields, and the
// hover documenting a function.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeWorkspace, sessionForSuite } from './harness.mjs';
import { CODE_CELL, openNotebook, screenshot } from './workbench.mjs';

/** A notebook with one empty Logs Insights cell over generated evidence, and nothing run. */
async function editorWorkspace() {
  const folder = await makeWorkspace({ sample: false, evidence: true });
  const notebook = {
    awsfx: 1,
    metadata: { title: 'editor', target: { evidence: 'evidence' } },
    cells: [
      { id: 'intro', kind: 'markdown', source: ['# Typing a query'] },
      { id: 'query', kind: 'cwli', source: [] },
    ],
  };
  await writeFile(join(folder, 'editor.awsfx'), JSON.stringify(notebook, null, 2) + '\n');
  return folder;
}

/** Replaces the cell's text by typing, as a person would (the editor auto-closes brackets as they go). */
async function retype(page, editor, text) {
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text, { delay: 15 });
}

/** The token classes of the cell's first line, word by word: one class for all means no grammar. */
function tokenClasses(editor) {
  return editor.locator('.view-line').first().evaluate((line) => Object.fromEntries([...line.querySelectorAll('span > span')].map((span) => [span.textContent.trim(), span.className])));
}

describe('editing a Logs Insights cell', () => {
  const session = sessionForSuite();

  test('squiggles the parser\'s error while typing, colours the query, suggests commands and fields, documents on hover', { timeout: 120_000 }, async (t) => {
    const { page, server } = session();
    try {
      const folder = await editorWorkspace();
      await openNotebook(page, server, folder, 'editor.awsfx');
      const editor = page.locator(`${CODE_CELL} .monaco-editor`).first();
      await editor.waitFor({ state: 'visible' });

      await retype(page, editor, 'stats count(*) | stats count(*) | stats count(*)');
      await page.keyboard.press('Escape');
      const squiggle = editor.locator('.squiggly-error');
      await squiggle.first().waitFor({ state: 'visible', timeout: 15_000 });
      // The editor draws spaces as no-break spaces.
      const line = (await editor.locator('.view-line').first().textContent()).replace(/\u00a0/g, ' ');
      assert.equal(line, 'stats count(*) | stats count(*) | stats count(*)');
      await screenshot(page, 'editor-squiggle');

      await retype(page, editor, 'stats count(*) by eventName');
      await page.keyboard.press('Escape');
      await squiggle.first().waitFor({ state: 'detached', timeout: 15_000 });
      const classes = await tokenClasses(editor);
      assert.ok(classes.stats && classes.eventName, `tokens: ${JSON.stringify(classes)}`);
      assert.notEqual(classes.stats, classes.eventName, 'the command and the field have the same colour: the cwli grammar is not applied');

      await retype(page, editor, 'st');
      const widget = page.locator('.editor-widget.suggest-widget.visible');
      // Quick suggestions open the list as the word is typed; nothing else asks for it.
      await widget.locator('.monaco-list-row[aria-label^="stats"]').first().waitFor({ state: 'visible', timeout: 15_000 });
      await screenshot(page, 'editor-suggest');
      await page.keyboard.press('Escape');

      // After `by`, the list offers the fields found in the notebook's evidence folder.
      await retype(page, editor, 'stats count(*) by event');
      await widget.locator('.monaco-list-row[aria-label^="eventName"]').first().waitFor({ state: 'visible', timeout: 30_000 });
      await page.keyboard.press('Escape');

      // Resting the mouse on a function shows the catalog's documentation.
      await retype(page, editor, 'stats count_distinct(sourceIPAddress) by eventName');
      await page.keyboard.press('Escape');
      await editor.locator('.view-line span > span', { hasText: 'count_distinct' }).first().hover();
      const hover = page.locator('.monaco-hover', { hasText: 'Number of distinct values' });
      await hover.first().waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(await hover.first().textContent(), /count_distinct\(field: any\): number/);
      await screenshot(page, 'editor-hover');
    } catch (error) {
      const path = await screenshot(page, 'failure-editor').catch(() => undefined);
      if (path) t.diagnostic(`screenshot: ${path}`);
      throw error;
    }
  });
});
