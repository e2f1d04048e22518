/**
 * Every fenced block of the AWS Logs Insights docs snapshot (../shared/data/cwl-insights-docs) is read
 * in place and parsed. Blocks that are not queries are classified here with the reason; the one
 * documented query with a syntax defect must be reported precisely, with the rest still read.
 */
import assert from 'node:assert/strict';
import { readDocBlocks } from './docBlocks';
import { covered, parse, shape } from './queryShape';

/** Blocks that are not Logs Insights queries, and why. */
const NOT_QUERIES: Readonly<Record<number, string>> = {
  40: 'the list of comparison operators from the syntax reference ("= != < <= > >="), not a query',
  41: 'a sample CloudTrail JSON log event, the input that block 42 queries, not a query',
};

/** Documented queries that are not valid syntax as printed. */
const DOC_DEFECTS: Readonly<Record<number, { reason: string; code: string; at: string; shape: string }>> = {
  22: {
    reason: 'compares with an unquoted URL (referrer= http://34.250.27.141/); the value must be quoted',
    code: 'unexpectedToken',
    at: ':',
    shape: 'fields(@timestamp, remoteIP, method, status) | filter(((status = "200") and (referrer = http))) | stats(count_distinct(remoteIP) as UniqueVisits) | limit(10)',
  },
};

/** The command sequence each valid block must parse into. */
const EXPECTED_COMMANDS: Readonly<Record<number, string>> = {
  1: 'fields sort limit', 2: 'filter stats sort', 3: 'fields filter', 4: 'filter stats', 5: 'filter stats',
  6: 'stats sort limit', 7: 'filter stats sort limit', 8: 'filter stats', 9: 'filter stats sort', 10: 'stats',
  11: 'stats sort limit', 12: 'filter stats', 13: 'stats', 14: 'filter', 15: 'filter fields', 16: 'filter stats',
  17: 'filter stats sort limit', 18: 'filter stats sort limit', 19: 'filter stats sort limit', 20: 'filter stats sort limit',
  21: 'fields sort filter limit', 23: 'fields filter sort limit', 24: 'parse stats', 25: 'parse stats',
  26: 'fields parse filter display', 27: 'stats', 28: 'stats limit', 29: 'stats', 30: 'fields filter', 31: 'fields filter',
  32: 'fields filter', 33: 'fields filter', 34: 'fields filter', 35: 'fields filter', 36: 'fields filter', 37: 'fields',
  38: 'stats sort', 39: 'fields limit', 42: 'fields filter sort',
};

/** Warnings a valid block is expected to carry (none unless listed). */
const EXPECTED_WARNINGS: Readonly<Record<number, string[]>> = {
  // The doc wraps the regex over two lines, so the line break becomes part of the pattern.
  25: ['multilineLiteral'],
};

describe('core/cwli: every query block of the AWS docs snapshot', () => {
  const blocks = readDocBlocks();

  it('finds all 42 blocks, and every block is either expected to parse or classified', () => {
    assert.equal(blocks.length, 42);
    for (const block of blocks) {
      const classified = [EXPECTED_COMMANDS[block.id], NOT_QUERIES[block.id], DOC_DEFECTS[block.id]].filter(Boolean).length;
      assert.equal(classified, 1, `block ${block.id} must be in exactly one table`);
    }
  });

  for (const block of blocks) {
    const notQuery = NOT_QUERIES[block.id];
    const defect = DOC_DEFECTS[block.id];
    if (notQuery) {
      it(`[${block.id}] is not a query (${notQuery}): reported as an error with a range, never a crash`, () => {
        const result = parse(block.query);
        assert.ok(result.diagnostics.some((d) => d.severity === 'error'));
        assert.ok(result.ast.commands.every((c) => c.kind === 'unsupported' && !c.recognized));
      });
    } else if (defect) {
      it(`[${block.id}] documented defect: ${defect.reason}`, () => {
        const result = parse(block.query);
        const found = result.diagnostics.filter((d) => d.severity === 'error');
        assert.equal(found.length, 1, JSON.stringify(found));
        assert.equal(found[0]!.code, defect.code);
        assert.equal(covered(block.query, found[0]!.range), defect.at);
        assert.equal(shape(result.ast), defect.shape);
      });
    } else {
      it(`[${block.id}] ${block.source.replace('doc_source/', '')}: ${block.query.split('\n')[0]!.slice(0, 60)}`, () => {
        const result = parse(block.query);
        assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
        assert.deepEqual(result.diagnostics.map((d) => d.code), EXPECTED_WARNINGS[block.id] ?? []);
        const commands = result.ast.commands;
        assert.equal(commands.map((c) => c.kind).join(' '), EXPECTED_COMMANDS[block.id]);
        for (const c of commands) {
          assert.equal(c.serviceOnly, false);
          assert.equal(covered(block.query, c.keyword.range).toLowerCase(), c.kind);
        }
      });
    }
  }

  it('reads the documented comment example: the commented-out filter is not a command', () => {
    const block = blocks.find((b) => b.id === 39)!;
    const result = parse(block.query);
    assert.equal(shape(result.ast), 'fields(@timestamp, @message) | limit(20)');
    assert.deepEqual(result.ast.comments.map((r) => covered(block.query, r)), ['# | filter @message like /delay/']);
  });
});
