import fc from 'fast-check';
import { CELL_KINDS, type AwsfxNotebook, type Cell, type JsonValue } from '../../../src/core/notebook';

/** Random but valid notebooks, including unknown fields that must survive a round trip. */

const text = fc.string({ unit: 'grapheme', maxLength: 30 });
const line = fc.string({ unit: 'grapheme', maxLength: 60 }).map((s) => s.replace(/[\r\n]/g, ' '));
const key = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,10}$/);

export const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
    text,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;

const unknownFields = fc.dictionary(key.map((k) => `x_${k}`), json, { maxKeys: 2 });

const target = fc.record(
  { runOn: fc.constantFrom('local' as const, 'aws' as const), evidence: text, region: text, logGroups: fc.array(text, { maxLength: 3 }), database: text },
  { requiredKeys: [] },
);

const tableOutput = fc.record({
  version: fc.constant(1),
  elapsedMs: fc.nat(),
  warnings: fc.array(fc.record({ code: text, message: text }), { maxLength: 2 }),
  result: fc.record({
    columns: fc.array(fc.record({ name: text, kind: fc.constantFrom('string', 'integer', 'struct'), engineType: text }), { maxLength: 3 }),
    totalRows: fc.nat(),
    rowCap: fc.nat(),
    truncated: fc.boolean(),
    rows: fc.array(fc.array(json, { maxLength: 3 }), { maxLength: 4 }),
  }),
});

const output = fc.record({
  id: text,
  metadata: fc.dictionary(key, json, { maxKeys: 3 }),
  items: fc.array(
    fc.oneof(
      fc.record({ mime: fc.constant('application/vnd.awsfx.table+json'), data: tableOutput as fc.Arbitrary<JsonValue> }),
      fc.record({ mime: fc.constant('text/markdown'), encoding: fc.constant('text' as const), data: text as fc.Arbitrary<JsonValue> }),
    ),
    { minLength: 1, maxLength: 2 },
  ),
});

let counter = 0;
const cell: fc.Arbitrary<Cell> = fc
  .tuple(
    fc.constantFrom(...CELL_KINDS),
    fc.array(line, { minLength: 1, maxLength: 5 }),
    fc.option(target, { nil: undefined }),
    fc.option(fc.array(output, { maxLength: 2 }), { nil: undefined }),
    fc.option(fc.record({ order: fc.nat(), success: fc.boolean(), startTime: fc.nat(), endTime: fc.nat() }), { nil: undefined }),
    unknownFields,
  )
  .map(([kind, source, t, outputs, execution, extra]) => {
    const c: Cell = { ...extra, id: `c${(counter++).toString(36)}`, kind, source };
    if (t) c.target = t;
    if (outputs) c.outputs = outputs;
    if (execution) c.execution = execution;
    return c;
  });

export const notebook: fc.Arbitrary<AwsfxNotebook> = fc
  .tuple(
    fc.record(
      { title: text, caseId: text, investigators: fc.array(text, { maxLength: 3 }), tags: fc.array(text, { maxLength: 3 }), target },
      { requiredKeys: [] },
    ),
    fc.array(cell, { maxLength: 6 }),
    unknownFields,
    unknownFields,
  )
  .map(([metadata, cells, extraTop, extraMeta]) => ({ ...extraTop, awsfx: 1 as const, metadata: { ...extraMeta, ...metadata }, cells }));
