import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

export const REPORT_MARKER = 'mocha| ';

/**
 * Entry point the extension host calls when started with `extensionTestsPath` (the contract of
 * @vscode/test-electron and of VS Code's own remote integration tests). Runs every bundled
 * `*.test.js` next to this file with mocha; a rejected promise makes the workbench report exit code 1.
 */
export function run(): Promise<void> {
  // The workbench forwards the extension host's console together with its own log lines; a marker
  // lets the e2e runner pick out mocha's report.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args).replace(/^/gm, REPORT_MARKER));
  // No colours: the report reaches the e2e runner as plain log lines.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  const grep = process.env.AWSFX_EXTHOST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} in-host test(s) failed`)) : resolve()));
  });
}
