import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import {
  ERROR_MIME,
  EXTENSION_ID,
  MARKDOWN_MIME,
  TABLE_MIME,
  cellIndex,
  copySample,
  describeOutputs,
  evidenceRecords,
  item,
  openNotebook,
  records,
  runCells,
  tableOf,
  text,
  waitFor,
  workspaceDir,
  writeNotebook,
} from './support/notebooks';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('controller', () => {
  // Editors stay open: closing a notebook editor and at once showing another one now and then
  // stalled the workbench for 30 s (docs/testing.md).

  it('runs the sample\'s CreateAccessKey cell: typed table, markdown fallback, provenance', async () => {
    const document = await openNotebook(copySample('access-keys'));
    const index = cellIndex(document, (cell) => cell.metadata.id === 'access-keys-created', 'has the id access-keys-created');
    const cell = document.cellAt(index);
    const before = Date.now();
    await runCells(document, index);
    const after = Date.now();
    assert.equal(cell.executionSummary?.success, true, describeOutputs(cell));

    const expected = evidenceRecords()
      .filter((r) => r.eventName === 'CreateAccessKey')
      .sort((a, b) => (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0))
      .map((r) => ({ eventtime: r.eventTime, arn: r.userIdentity.arn, eventname: r.eventName, sourceipaddress: r.sourceIPAddress }));
    // The attacker's key for the backdoor user, made from the attacker's address with the leaked key.
    assert.ok(expected.some((row) => row.sourceipaddress === '203.0.113.77' && row.arn.endsWith(':user/alex.morgan')), 'the evidence lacks the story\'s CreateAccessKey');

    const table = tableOf(cell);
    assert.equal(table.version, 1);
    assert.deepEqual(
      table.result.columns.map((c) => [c.name, c.kind]),
      [['eventtime', 'string'], ['arn', 'string'], ['eventname', 'string'], ['sourceipaddress', 'string']],
    );
    assert.deepEqual(records(table), expected);
    assert.equal(table.result.totalRows, expected.length);
    assert.equal(table.result.truncated, false);
    assert.deepEqual(table.warnings, []);

    const markdown = text(item(cell, MARKDOWN_MIME)!);
    assert.ok(markdown.startsWith('| `eventtime` | `arn` | `eventname` | `sourceipaddress` |\n'), markdown);
    for (const row of expected) assert.ok(markdown.includes(`| \`${row.eventtime}\` | \`${row.arn}\` | \`CreateAccessKey\` | \`${row.sourceipaddress}\` |`), markdown);

    const provenance = (cell.outputs[0]!.metadata as { awsfx: { provenance: Record<string, unknown> } }).awsfx.provenance;
    const version = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.version as string;
    assert.equal(provenance.cellId, 'access-keys-created');
    assert.equal(provenance.language, 'athena-sql');
    assert.equal(provenance.queryHash, createHash('sha256').update(cell.document.getText(), 'utf8').digest('hex'));
    assert.equal(provenance.target, `evidence:${join(workspaceDir(), 'evidence')}`);
    assert.equal(provenance.engine, 'duckdb');
    assert.match(String(provenance.engineVersion), /\d+\.\d+/);
    assert.equal(provenance.ranBy, userInfo().username);
    assert.equal(provenance.tool, `awsfx ${version}`);
    assert.equal(provenance.rows, expected.length);
    assert.equal(provenance.totalRows, expected.length);
    assert.equal(provenance.truncated, false);
    assert.equal(provenance.warnings, 0);
    for (const key of ['startedAt', 'endedAt'] as const) {
      assert.match(String(provenance[key]), ISO_INSTANT);
      const ms = Date.parse(String(provenance[key]));
      assert.ok(ms >= before - 1_000 && ms <= after + 1_000, `${key} ${provenance[key]} is not the time of this run`);
    }
  });

  it('types aggregate columns: integers and lists, per source address of the leaked key', async () => {
    const document = await openNotebook(copySample('key-sources'));
    const index = cellIndex(document, (cell) => cell.metadata.id === 'leaked-key-sources', 'has the id leaked-key-sources');
    await runCells(document, index);
    const table = tableOf(document.cellAt(index));
    assert.deepEqual(
      table.result.columns.map((c) => [c.name, c.kind]),
      [['sourceipaddress', 'string'], ['calls', 'integer'], ['first_seen', 'string'], ['last_seen', 'string'], ['calls_made', 'list']],
    );
    const bySource = new Map<string, Array<Record<string, any>>>();
    for (const r of evidenceRecords().filter((r) => r.userIdentity?.userName === 'alex.morgan')) {
      bySource.set(r.sourceIPAddress, [...(bySource.get(r.sourceIPAddress) ?? []), r]);
    }
    const expected = [...bySource.entries()]
      .map(([source, calls]) => {
        const times = calls.map((c) => c.eventTime as string).sort();
        return { sourceipaddress: source, calls: calls.length, first_seen: times[0], last_seen: times.at(-1), calls_made: [...new Set(calls.map((c) => c.eventName as string))].sort() };
      })
      .sort((a, b) => (a.first_seen! < b.first_seen! ? -1 : 1));
    assert.ok(expected.some((row) => row.sourceipaddress === '203.0.113.77'), 'the leaked key was never used by the attacker in this evidence');
    assert.deepEqual(records(table), expected);
  });

  it('shows an engine error as an error output carrying DuckDB\'s own message', async () => {
    const document = await openNotebook(writeNotebook('bad-sql', [{ id: 'bad', kind: 'athena-sql', source: ['select no_such_column from cloudtrail_logs'] }]));
    await runCells(document, 0);
    const cell = document.cellAt(0);
    assert.equal(cell.executionSummary?.success, false);
    const error = item(cell, ERROR_MIME);
    assert.ok(error, `no error output: ${describeOutputs(cell)}`);
    const { message } = JSON.parse(text(error)) as { name: string; message: string };
    // DuckDB's binder names the column it could not find, in its own words.
    assert.match(message, /Binder Error: Referenced column "no_such_column" not found/);
    assert.equal(item(cell, TABLE_MIME), undefined);
  });

  it('ends a cancelled long-running cell without an error output, and runs the next one', async () => {
    // Five-way cross join of the evidence: hours of work for DuckDB, so only an interrupt ends it.
    const heavy = 'select count(*) as n from cloudtrail_logs a, cloudtrail_logs b, cloudtrail_logs c, cloudtrail_logs d, cloudtrail_logs e where a.eventtime <> e.eventtime';
    const document = await openNotebook(
      writeNotebook('cancel', [
        { id: 'warm', kind: 'athena-sql', source: ['select count(*) as n from cloudtrail_logs'] },
        { id: 'heavy', kind: 'athena-sql', source: [heavy] },
        { id: 'after', kind: 'athena-sql', source: ['select 42 as answer'] },
      ]),
    );
    // Warm the engine so that the cancel below lands while DuckDB is executing, not while it loads.
    await runCells(document, 0);
    const cell = document.cellAt(1);
    const since = Date.now();
    const running = vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: 1, end: 2 }], document: document.uri });
    await waitFor(() => cell.executionSummary?.executionOrder !== undefined && cell.executionSummary.executionOrder > (document.cellAt(0).executionSummary?.executionOrder ?? 0), 30_000, 'the heavy cell to start');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    assert.equal(cell.executionSummary?.timing, undefined, 'the heavy query finished before it could be cancelled');
    await vscode.commands.executeCommand('notebook.cell.cancelExecution', { ranges: [{ start: 1, end: 2 }], document: document.uri });
    await running;
    await waitFor(() => (cell.executionSummary?.timing?.endTime ?? 0) >= since, 30_000, 'the cancelled cell to end');
    assert.equal(cell.executionSummary?.success, undefined, 'a cancel is not a failure');
    assert.equal(cell.outputs.length, 0, `a cancelled cell has no output: ${describeOutputs(cell)}`);

    await runCells(document, 2);
    assert.equal(document.cellAt(2).executionSummary?.success, true, describeOutputs(document.cellAt(2)));
  });
});
