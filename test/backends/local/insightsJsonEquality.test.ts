/**
 * `field = 'text'` on a field read from JSON compares the value's compact JSON text with `"text"`
 * (compile/comparisons.ts, jsonEqualityText) instead of unquoting every value. These events hold the
 * value in every shape JSON allows; the answers must be the language's (A.2), whichever way the
 * comparison compiles, and the fast way must be the one taken when it applies.
 */
import assert from 'node:assert/strict';
import { InsightsFixture, inlineRelation } from './insightsEvidence';

const SHAPES = [
  '{"v":"x"}',
  '{"v":"\\u0078"}',
  '{"v":{"x":1}}',
  '{"v":["x"]}',
  '{"v":"true"}',
  '{"v":true}',
  '{"v":5}',
  '{"v":"5"}',
  '{"v":null}',
  '{"w":"x"}',
  '{"v":"x y\\"z"}',
  '{"v":"X"}',
].map((message, i) => ({ time: `2024-06-01 10:${String(i).padStart(2, '0')}:00`, message }));

describe('backends/local Logs Insights: = on JSON fields', function () {
  this.timeout(60_000);
  const events = new InsightsFixture([inlineRelation('shapes', SHAPES)]);
  after(() => events.dispose());
  const count = async (query: string) => Number((await events.result(`${query} | stats count(*) as n`)).rows[0]![0]);
  const sql = async (query: string) => (await events.run(query)).facts.executedQuery ?? '';

  it('matches the string, however it is escaped, and nothing else: not objects, lists, other case or absent', async () => {
    assert.equal(await count(`filter v = 'x'`), 2);
    assert.equal(await count(`filter 'x' = v`), 2);
    assert.match(await sql(`filter v = 'x'`), /= '"x"'/, 'compared as JSON text');
  });

  it('keeps not, and and or as the language has them: not of a comparison on an absent field is true', async () => {
    assert.equal(await count(`filter not (v = 'x')`), SHAPES.length - 2);
    assert.equal(await count(`filter v = 'x' or v = 'X'`), 3);
    assert.equal(await count(`filter v = 'x' and @logStream = 'stream-1'`), 2);
  });

  it('leaves numbers, true and false and texts JSON escapes to the general comparison', async () => {
    assert.equal(await count(`filter v = '5'`), 2, 'the number 5 and the string "5"');
    assert.doesNotMatch(await sql(`filter v = '5'`), /'"5"'/);
    assert.equal(await count(`filter v = 'true'`), 2, 'true and "true"');
    assert.doesNotMatch(await sql(`filter v = 'true'`), /'"true"'/);
    assert.equal(await count(`filter v = 'x y"z'`), 1);
  });

  it('compares a name the query redefined by its new value, not the event field', async () => {
    assert.equal(await count(`fields 'x' as v | filter v = 'x'`), SHAPES.length);
    assert.doesNotMatch(await sql(`fields 'x' as v | filter v = 'x'`), /'"x"'/);
  });
});
