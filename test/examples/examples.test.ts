/**
 * The bundled example notebooks run as a trainer meets them after `npm start`: evidence generated
 * with seed 7 into the folder each notebook names (scripts/start.sh writes examples/evidence), every
 * query cell run through the local backend with the target the extension's controller would give it.
 * A cell that errs, reads evidence it cannot parse, or comes back empty breaks the walk-through: a
 * step of a sample investigation that shows nothing teaches nothing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LocalBackend } from '../../src/backends/local/localBackend';
import { generateEvidence } from '../../src/core/generator';
import { parseNotebook, sourceText, type AwsfxNotebook, type Cell } from '../../src/core/notebook';
import { mergeTargets, resolveTarget } from '../../src/core/notebook/target';
import type { QueryLanguage } from '../../src/core/query';

const EXAMPLES = resolve(__dirname, '../../examples');
/** The seed scripts/start.sh generates the examples' evidence with. */
const SEED = 7;
/** Cells with a query to run; markdown explains, and playbook steps are not queries. */
const QUERY_KINDS: ReadonlySet<Cell['kind']> = new Set<Cell['kind']>(['athena-sql', 'cwli']);

const notebooks: Array<{ name: string; notebook: AwsfxNotebook }> = readdirSync(EXAMPLES)
  .filter((name) => name.endsWith('.awsfx'))
  .sort()
  .map((name) => ({ name, notebook: parseNotebook(readFileSync(join(EXAMPLES, name))) }));

describe('examples: every query cell of every example notebook answers on the generated evidence', function () {
  // Generating the corpus and opening it in DuckDB takes seconds on a busy 2-core machine.
  this.timeout(120_000);
  const backend = new LocalBackend({ threads: 2 });
  // Stands in for examples/: each notebook's relative evidence folder resolves inside it.
  const notebookFolder = mkdtempSync(join(tmpdir(), 'awsfx-examples-'));

  before(async () => {
    // Every example names the same folder (`evidence`), so one corpus serves them all.
    const folders = new Set(notebooks.map(({ notebook }) => notebook.metadata.target?.evidence));
    assert.deepEqual([...folders], ['evidence'], 'the examples read the folder scripts/start.sh generates');
    await generateEvidence({ outDir: join(notebookFolder, 'evidence'), seed: SEED });
  });
  after(async () => {
    await backend.dispose();
    rmSync(notebookFolder, { recursive: true, force: true });
  });

  it('finds the example notebooks, each with query cells', () => {
    // The two scripts/start.sh and docs point at; a new example is picked up without editing this.
    for (const name of ['investigation.awsfx', 'multi-source.awsfx']) assert.ok(notebooks.some((n) => n.name === name), name);
    for (const { name, notebook } of notebooks) assert.ok(notebook.cells.some((c) => QUERY_KINDS.has(c.kind)), name);
  });

  for (const { name, notebook } of notebooks) {
    for (const cell of notebook.cells.filter((c) => QUERY_KINDS.has(c.kind))) {
      it(`${name} ${cell.id}`, async () => {
        // As the controller builds the request: the cell's target fields over the notebook's.
        const target = resolveTarget(mergeTargets(notebook.metadata.target, cell.target), notebookFolder);
        const result = await backend.run({ language: cell.kind as QueryLanguage, query: sourceText(cell), target });
        // Generated evidence is all well-formed: any note about a file (unreadable, skipped, partial) is a fault.
        assert.deepEqual(result.warnings, []);
        assert.ok(result.result.rows.length > 0, `${cell.kind} cell ${cell.id} returned no row`);
      });
    }
  }
});
