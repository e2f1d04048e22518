import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TableOutput } from '../../src/common/resultSet';

/**
 * The table renderer in a real browser (Debian's Chromium): the same ES module bundle VS Code loads
 * into the output webview, activated with the renderer API's contract.
 */

const root = join(__dirname, '../..');
const ORIGIN = 'http://renderer.awsfx.test';
let browser: Browser;
let page: Page;
let bundle: string;

const HOSTILE = ['<img src=x onerror="window.__pwned=1">', '<script>window.__pwned=2</script>', 'javascript:window.__pwned=3', '"><svg onload=window.__pwned=4>'];

function output(rows: TableOutput['result']['rows'], columns = COLUMNS): TableOutput {
  return { version: 1, elapsedMs: 42, warnings: [], result: { columns, rows, totalRows: rows.length, rowCap: 10_000, truncated: false } };
}
const COLUMNS: TableOutput['result']['columns'] = [
  { name: 'useragent', kind: 'string', engineType: 'VARCHAR' },
  { name: 'n', kind: 'integer', engineType: 'BIGINT' },
  { name: 'useridentity', kind: 'struct', engineType: 'STRUCT(arn VARCHAR)' },
];

async function render(output: TableOutput, id = 'out1'): Promise<void> {
  // Passed as JSON text: playwright's serialisable-argument types recurse too deeply on CellValue.
  await page.evaluate(
    ({ json, id }: { json: string; id: string }) => {
      const data: unknown = JSON.parse(json);
      const w = window as unknown as { renderer: { renderOutputItem(item: unknown, el: HTMLElement): void } };
      let host = document.getElementById(id);
      if (!host) {
        host = document.createElement('div');
        host.id = id;
        document.body.append(host);
      }
      w.renderer.renderOutputItem({ id, mime: 'application/vnd.awsfx.table+json', json: () => data, text: () => JSON.stringify(data) }, host);
    },
    { json: JSON.stringify(output), id },
  );
}

async function columnText(index: number): Promise<string[]> {
  return page.$$eval(`#out1 tbody tr td:nth-child(${index})`, (tds) => tds.map((td) => td.textContent ?? ''));
}

describe('renderers/table in Chromium', function () {
  this.timeout(60_000);

  before(async () => {
    const built = await esbuild.build({ entryPoints: [join(root, 'renderers/table/index.ts')], bundle: true, format: 'esm', write: false, platform: 'browser' });
    bundle = built.outputFiles[0]!.text;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    page = await browser.newPage();
    await page.route(`${ORIGIN}/**`, (route) => {
      const url = route.request().url();
      if (url.endsWith('/table.js')) return route.fulfill({ contentType: 'text/javascript', body: bundle });
      return route.fulfill({
        contentType: 'text/html',
        // tsx compiles the page.evaluate callbacks with esbuild's keepNames, which calls a __name helper.
        body: `<!doctype html><html><body style="--vscode-foreground: rgb(10, 20, 30); --vscode-contrastBorder: rgb(255, 0, 255)"><script>window.__name = (f) => f;</script><script type="module">
          import { activate } from '${ORIGIN}/table.js';
          window.renderer = activate({ workspace: { isTrusted: true } });
          window.ready = true;
        </script></body></html>`,
      });
    });
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  });

  afterEach(async () => {
    await page.close();
  });

  it('draws columns, rows and a summary', async () => {
    await render(output([['aws-cli/2.15', 3, { arn: 'arn:aws:iam::111122223333:user/dev' }], ['Boto3/1.34', 12, null]]));
    assert.deepEqual(await page.$$eval('#out1 thead th', (ths) => ths.map((th) => (th as HTMLElement).dataset.column)), ['useragent', 'n', 'useridentity']);
    assert.deepEqual(await columnText(1), ['aws-cli/2.15', 'Boto3/1.34']);
    assert.deepEqual(await columnText(2), ['3', '12']);
    assert.equal(await page.textContent('#out1 .awsfx-summary'), '2 rows · 42 ms');
    assert.equal(await page.textContent('#out1 tbody tr:nth-child(2) td.awsfx-null'), 'null');
  });

  it('shows hostile log content as text: no element, no script, no link is created from it', async () => {
    await render(output(HOSTILE.map((h, i) => [h, i, { arn: h }])));
    assert.deepEqual(await columnText(1), HOSTILE);
    const created = await page.$$eval('#out1 img, #out1 script, #out1 svg, #out1 a, #out1 iframe', (nodes) => nodes.length);
    assert.equal(created, 0);
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.match((await page.textContent('#out1 tbody tr:first-child td.awsfx-nested pre')) ?? '', /"arn": "<img src=x onerror=/);
  });

  it('sorts by a column on click, numerically for numbers, and reverses on a second click', async () => {
    await render(output([['b', 10, null], ['a', 2, null], ['c', 1, null], ['d', null, null]]));
    await page.click('#out1 th[data-column="n"] button');
    assert.equal(await page.getAttribute('#out1 th[data-column="n"]', 'aria-sort'), 'ascending');
    assert.deepEqual(await columnText(2), ['1', '2', '10', 'null']);
    await page.click('#out1 th[data-column="n"] button');
    assert.equal(await page.getAttribute('#out1 th[data-column="n"]', 'aria-sort'), 'descending');
    assert.deepEqual(await columnText(2), ['null', '10', '2', '1']);
    await page.click('#out1 th[data-column="useragent"] button');
    assert.deepEqual(await columnText(1), ['a', 'b', 'c', 'd']);
    assert.equal(await page.getAttribute('#out1 th[data-column="n"]', 'aria-sort'), 'none');
  });

  it('folds nested values and shows them in full when opened', async () => {
    const identity = { type: 'AssumedRole', sessioncontext: { sessionissuer: { arn: 'arn:aws:iam::111122223333:role/Admin' } } };
    await render(output([['x', 1, identity]]));
    const summary = await page.textContent('#out1 td.awsfx-nested summary');
    assert.equal(summary, JSON.stringify(identity));
    assert.equal(await page.isVisible('#out1 td.awsfx-nested pre'), false);
    await page.click('#out1 td.awsfx-nested summary');
    assert.equal(await page.isVisible('#out1 td.awsfx-nested pre'), true);
    assert.equal(await page.textContent('#out1 td.awsfx-nested pre'), JSON.stringify(identity, null, 2));
  });

  it('follows the theme through VS Code colour variables, including the high-contrast border', async () => {
    await render(output([['x', 1, null]]));
    assert.equal(await page.$eval('#out1 th button', (b) => getComputedStyle(b).color), 'rgb(10, 20, 30)');
    assert.equal(await page.$eval('#out1 .awsfx-table-scroll', (d) => getComputedStyle(d).borderTopColor), 'rgb(255, 0, 255)');
    await page.evaluate(() => document.body.style.setProperty('--vscode-foreground', 'rgb(200, 201, 202)'));
    assert.equal(await page.$eval('#out1 th button', (b) => getComputedStyle(b).color), 'rgb(200, 201, 202)');
  });

  it('adds large results a page at a time, and says when the output was capped', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => [`ua${i}`, i, null]);
    await render({ ...output(rows), result: { columns: COLUMNS, rows, totalRows: 250_000, rowCap: 1200, truncated: true } });
    assert.equal(await page.$$eval('#out1 tbody tr', (t) => t.length), 500);
    assert.equal(await page.textContent('#out1 .awsfx-summary'), '1,200 of 250,000 rows (output capped at 1,200) · 42 ms');
    await page.click('#out1 .awsfx-more button');
    assert.equal(await page.$$eval('#out1 tbody tr', (t) => t.length), 1000);
    await page.click('#out1 .awsfx-more button');
    assert.equal(await page.$$eval('#out1 tbody tr', (t) => t.length), 1200);
    assert.equal(await page.$$eval('#out1 .awsfx-more button', (b) => b.length), 0);
  });

  it('lists warnings as text and removes the view when the output is disposed', async () => {
    await render({ ...output([['x', 1, null]]), warnings: [{ code: 'evidence.unreadable', message: 'bad.json.gz: <b>truncated</b> gzip', subject: 'bad.json.gz' }] });
    assert.equal(await page.textContent('#out1 .awsfx-warnings li'), 'bad.json.gz: <b>truncated</b> gzip');
    assert.equal(await page.$$eval('#out1 .awsfx-warnings b', (b) => b.length), 0);
    await page.evaluate(() => (window as unknown as { renderer: { disposeOutputItem(id?: string): void } }).renderer.disposeOutputItem('out1'));
    assert.equal(await page.$$eval('#out1 .awsfx-table-output', (n) => n.length), 0);
  });
});
