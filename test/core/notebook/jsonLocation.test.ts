import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findJsonError } from '../../../src/core/notebook/jsonLocation';
import { json } from './arbitraries';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('core/notebook/jsonLocation', () => {
  it('agrees with JSON.parse on valid JSON and on random damage to it', () => {
    fc.assert(
      fc.property(json, fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '\\', 'x', '\n'), (value, at, insert) => {
        const good = JSON.stringify(value, null, 2);
        assert.equal(findJsonError(good), undefined);
        const cut = at % (good.length + 1);
        const damaged = good.slice(0, cut) + insert + good.slice(cut);
        assert.equal(findJsonError(damaged) === undefined, parses(damaged), damaged);
      }),
      { numRuns: 500 },
    );
  });

  it('points at the first offending character', () => {
    assert.deepEqual(findJsonError('{"a": 1,}'), { offset: 8, expected: 'a quoted key' });
    assert.deepEqual(findJsonError('[1 2]'), { offset: 3, expected: '"," or "]"' });
    assert.deepEqual(findJsonError('{"a": tru}'), { offset: 6, expected: 'a value' });
  });
});
