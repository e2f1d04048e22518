import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import Ajv from 'ajv';
import { parseNotebook, serializeNotebook, newCellId } from '../../../src/core/notebook';
import { AwsfxError } from '../../../src/core/errors';
import { notebook } from './arbitraries';

const root = join(__dirname, '../../..');
const schema = JSON.parse(readFileSync(join(root, 'schemas/awsfx.schema.json'), 'utf8'));
const validateSchema = new Ajv({ strict: false }).compile(schema);

function rejects(content: string, code: string, pattern: RegExp): AwsfxError {
  try {
    parseNotebook(content);
  } catch (error) {
    assert.ok(error instanceof AwsfxError, `expected AwsfxError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return error;
  }
  assert.fail(`parsed without error: ${content.slice(0, 80)}`);
}

describe('core/notebook format', () => {
  it('round-trips random notebooks: serialize → parse gives the same notebook, and serialize is byte-stable', () => {
    fc.assert(
      fc.property(notebook, (nb) => {
        const bytes = serializeNotebook(nb);
        const back = parseNotebook(new TextEncoder().encode(bytes));
        assert.deepEqual(back, JSON.parse(JSON.stringify(nb)));
        assert.equal(serializeNotebook(back), bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('every serialized random notebook satisfies the shipped JSON Schema', () => {
    fc.assert(
      fc.property(notebook, (nb) => {
        const ok = validateSchema(JSON.parse(serializeNotebook(nb)));
        assert.ok(ok, JSON.stringify(validateSchema.errors));
      }),
      { numRuns: 100 },
    );
  });

  it('writes diff-friendly layout: keys in fixed order, one source line and one result row per line', () => {
    const nb = parseNotebook(JSON.stringify({
      cells: [{ source: ['select 1', 'from t'], kind: 'athena-sql', id: 'a1', outputs: [{ items: [{ data: { result: { rows: [[1, 'x'], [2, 'y']], columns: [], totalRows: 2, rowCap: 10, truncated: false }, version: 1, elapsedMs: 3, warnings: [] }, mime: 'application/vnd.awsfx.table+json' }] }] }],
      metadata: { tags: ['T1098'], title: 'Case' },
      awsfx: 1,
    }));
    const text = serializeNotebook(nb);
    assert.ok(text.startsWith('{\n  "awsfx": 1,\n  "metadata": {\n    "title": "Case",\n    "tags": ["T1098"]'), text);
    assert.match(text, /"source": \[\n\s+"select 1",\n\s+"from t"\n\s+\]/);
    assert.match(text, /"rows": \[\n\s+\[1,"x"\],\n\s+\[2,"y"\]\n\s+\]/);
    assert.ok(text.endsWith('}\n'));
    assert.ok(text.indexOf('"id": "a1"') < text.indexOf('"kind"'));
  });

  it('keeps unknown fields at every level through a round trip', () => {
    const input = { awsfx: 1, futureTop: { a: [1, 2] }, metadata: { title: 't', futureMeta: true }, cells: [{ id: 'c1', kind: 'markdown', source: ['# hi'], futureCell: 'keep', outputs: [{ items: [{ mime: 'text/plain', data: 'x', futureItem: 1 }], futureOutput: 2 }] }] };
    const back = JSON.parse(serializeNotebook(parseNotebook(JSON.stringify(input))));
    assert.deepEqual(back, input);
  });

  it('opens an empty file as a new empty notebook', () => {
    assert.deepEqual(parseNotebook(''), { awsfx: 1, metadata: {}, cells: [] });
    assert.deepEqual(parseNotebook(new Uint8Array()), { awsfx: 1, metadata: {}, cells: [] });
  });

  it('accepts a cell source written as one string and stores it as lines', () => {
    const nb = parseNotebook(JSON.stringify({ awsfx: 1, cells: [{ id: 'x', kind: 'athena-sql', source: 'select 1\nfrom t' }] }));
    assert.deepEqual(nb.cells[0]!.source, ['select 1', 'from t']);
  });

  describe('broken files give a clear error naming the problem', () => {
    it('not JSON, with line and column', () => {
      const error = rejects('{\n  "awsfx": 1,\n  "cells": [,]\n}', 'notebook.notJson', /not valid JSON at line 3, column 13/);
      assert.deepEqual(error.range, { line: 3, column: 13 });
    });
    it('truncated JSON', () => rejects('{"awsfx": 1, "cells": [', 'notebook.notJson', /not valid JSON/));
    it('not UTF-8', () => assert.throws(() => parseNotebook(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), /not UTF-8/));
    it('top level is not an object', () => rejects('[1,2]', 'notebook.invalid', /holds an array/));
    it('missing version', () => rejects('{"cells": []}', 'notebook.invalid', /awsfx: missing/));
    it('newer version', () => rejects('{"awsfx": 2, "cells": []}', 'notebook.version', /format version 2.*up to 1.*left unchanged/));
    it('version that is not a number', () => rejects('{"awsfx": "1", "cells": []}', 'notebook.version', /not a format version/));
    it('missing cells', () => rejects('{"awsfx": 1}', 'notebook.invalid', /cells: missing/));
    it('unknown cell kind', () => rejects('{"awsfx": 1, "cells": [{"id": "a", "kind": "python", "source": []}]}', 'notebook.invalid', /cells\[0\]\.kind: unknown cell kind string "python"/));
    it('missing kind', () => rejects('{"awsfx": 1, "cells": [{"id": "a", "source": []}]}', 'notebook.invalid', /cells\[0\]\.kind: missing/));
    it('missing source', () => rejects('{"awsfx": 1, "cells": [{"id": "a", "kind": "markdown"}]}', 'notebook.invalid', /cells\[0\]\.source: missing/));
    it('missing id', () => rejects('{"awsfx": 1, "cells": [{"kind": "markdown", "source": []}]}', 'notebook.invalid', /cells\[0\]\.id: missing/));
    it('duplicate ids', () => rejects('{"awsfx": 1, "cells": [{"id": "a", "kind": "markdown", "source": []}, {"id": "a", "kind": "markdown", "source": []}]}', 'notebook.invalid', /cells\[1\]\.id: "a" is used by another cell/));
    it('bad target', () => rejects('{"awsfx": 1, "metadata": {"target": {"runOn": "cloud"}}, "cells": []}', 'notebook.invalid', /metadata\.target\.runOn: expected "local" or "aws"/));
    it('bad output item', () => rejects('{"awsfx": 1, "cells": [{"id": "a", "kind": "athena-sql", "source": [], "outputs": [{"items": [{"mime": "x"}]}]}]}', 'notebook.invalid', /outputs\[0\]\.items\[0\]\.mime: expected a MIME type/));
    it('the schema rejects what the parser rejects', () => {
      for (const bad of [{ cells: [] }, { awsfx: 1, cells: [{ id: 'a', kind: 'python', source: [] }] }, { awsfx: 1, cells: [{ kind: 'markdown', source: [] }] }]) {
        assert.equal(validateSchema(bad), false, JSON.stringify(bad));
      }
    });
  });

  it('makes sortable, unique cell ids', () => {
    const a = newCellId(1_700_000_000_000);
    const b = newCellId(1_700_000_000_001);
    assert.match(a, /^[0-9A-HJKMNP-TV-Z]{26}$/);
    assert.ok(a < b);
    assert.notEqual(newCellId(5), newCellId(5));
  });
});
