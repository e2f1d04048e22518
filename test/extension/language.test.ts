import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { INSIGHTS_COMMANDS, INSIGHTS_FUNCTIONS } from '../../src/core/cwli';
import { MACRO_FUNCTIONS } from '../../src/core/sql';
import { SQL_FUNCTIONS } from '../../src/extension/language/sqlFunctions';
import { EXTENSION_ID, openNotebook, waitFor, workspaceDir, writeNotebook } from './support/notebooks';

/**
 * Editing support as VS Code itself delivers it: completion, hover and parameter hints through the
 * commands VS Code's own UI calls, and diagnostics as the Problems view reads them.
 */

const labelOf = (item: vscode.CompletionItem): string => (typeof item.label === 'string' ? item.label : item.label.label);

async function complete(document: vscode.TextDocument, position = document.positionAt(document.getText().length)): Promise<vscode.CompletionList> {
  return vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
}

/** A CloudTrail evidence folder of our own (two events), so the test knows exactly what it holds. */
function cloudTrailOnlyFolder(): string {
  const folder = join(workspaceDir(), 'trail-only');
  mkdirSync(folder, { recursive: true });
  const event = (eventName: string, sourceIPAddress: string): object => ({
    eventVersion: '1.08',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/analyst', accountId: '111122223333', accessKeyId: 'AKIAEXAMPLE' },
    eventTime: '2024-05-13T08:00:00Z',
    eventSource: 'iam.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress,
    userAgent: 'aws-cli/2.15.0',
    requestParameters: { userName: 'backdoor', tags: [{ key: 'case', value: 'IR-7' }] },
    eventID: `e-${eventName}`,
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
  });
  writeFileSync(join(folder, 'trail.json'), JSON.stringify({ Records: [event('CreateUser', '203.0.113.7'), event('CreateAccessKey', '203.0.113.7')] }));
  return folder;
}

describe('language features', () => {
  let notebook: vscode.NotebookDocument;
  const cell = (id: string): vscode.NotebookCell => notebook.getCells().find((c) => c.metadata.id === id)!;

  before(async () => {
    cloudTrailOnlyFolder();
    const onTrail = { target: { evidence: 'trail-only' } };
    notebook = await openNotebook(
      writeNotebook('language', [
        { id: 'empty', kind: 'cwli', source: [] },
        { id: 'pipe', kind: 'cwli', source: ['fields @timestamp | '] },
        { id: 'group', kind: 'cwli', source: ['stats count(*) by '], ...onTrail },
        { id: 'stats3', kind: 'cwli', source: ['stats count(*) | stats count(*) | stats count(*)'] },
        { id: 'hover', kind: 'cwli', source: ['stats count_distinct(sourceIPAddress) as ips, pct(@duration, 95) by bin(5m)'] },
        { id: 'sql-member', kind: 'athena-sql', source: ['select useridentity. from cloudtrail_logs'], ...onTrail },
        { id: 'sql-open', kind: 'athena-sql', source: ["select 'unclosed from cloudtrail_logs"] },
        { id: 'sql-ddl', kind: 'athena-sql', source: ['MSCK REPAIR TABLE cloudtrail_logs;', "select date_format(from_iso8601_timestamp(eventtime), eventname) from cloudtrail_logs"] },
      ]),
    );
  });

  it('completes commands where a command starts, with the catalog\'s syntax', async () => {
    for (const id of ['empty', 'pipe']) {
      const list = await complete(cell(id).document);
      const labels = list.items.map(labelOf);
      for (const name of ['stats', 'filter', 'fields', 'sort', 'limit', 'parse', 'dedup']) assert.ok(labels.includes(name), `${id}: ${name} missing from ${labels.join(', ')}`);
      const stats = list.items.find((i) => labelOf(i) === 'stats')!;
      assert.match(String(stats.detail), /^stats agg\(expr\)/);
      assert.ok(!labels.includes('count_distinct'), 'functions offered where a command starts');
    }
  });

  it('completes the fields found in the notebook\'s evidence after stats … by', async () => {
    const document = cell('group').document;
    let list = await complete(document);
    // The first request may answer before the folder is read; the list then says it is incomplete.
    for (let i = 0; i < 60 && list.isIncomplete; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      list = await complete(document);
    }
    const byLabel = new Map(list.items.map((item) => [labelOf(item), item]));
    // requestParameters.tags.0.key is in no documented list: only these events can have named it.
    for (const field of ['eventName', 'sourceIPAddress', 'userIdentity.arn', 'requestParameters.tags.0.key']) {
      const item = byLabel.get(field);
      assert.ok(item, `${field} missing: ${[...byLabel.keys()].slice(0, 40).join(', ')}`);
      assert.match(String(item.detail), /CloudTrail field, in the evidence folder/);
    }
    // The folder holds only CloudTrail: no VPC flow log fields, and no aggregations after by.
    assert.ok(!byLabel.has('dstPort'), 'fields of evidence the folder does not hold');
    assert.ok(!byLabel.has('count_distinct'), 'an aggregation offered as a grouping key');
    assert.ok(byLabel.has('bin') && byLabel.has('@timestamp'));
  });

  it('completes struct fields after useridentity. and tables after from in SQL', async () => {
    const document = cell('sql-member').document;
    const labels = (await complete(document, document.positionAt('select useridentity.'.length))).items.map(labelOf);
    for (const field of ['arn', 'accesskeyid', 'type', 'sessioncontext']) assert.ok(labels.includes(field), `${field} missing from ${labels.join(', ')}`);
    assert.ok(!labels.includes('eventname'), 'a column offered as a field of useridentity');
    const tables = (await complete(document, document.positionAt('select useridentity. from '.length))).items.map(labelOf);
    assert.ok(tables.includes('cloudtrail_logs'), tables.join(', '));
    const values = (await complete(document, document.positionAt('select '.length))).items.map(labelOf);
    for (const name of ['eventname', 'useridentity', 'json_extract_scalar', 'from_iso8601_timestamp']) assert.ok(values.includes(name), `${name} missing`);
  });

  it('underlines the parser\'s error at its range, and clears it when the query is fixed', async () => {
    const document = cell('stats3').document;
    await waitFor(() => vscode.languages.getDiagnostics(document.uri).length > 0, 10_000, 'diagnostics for the three-stats cell');
    const [problem, ...rest] = vscode.languages.getDiagnostics(document.uri);
    assert.equal(rest.length, 0);
    assert.equal(problem!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(problem!.code, 'tooManyStats');
    assert.match(problem!.message, /stats may appear at most twice/);
    // The third `stats` keyword, characters 34 to 39 of the line.
    assert.deepEqual([problem!.range.start.line, problem!.range.start.character, problem!.range.end.line, problem!.range.end.character], [0, 34, 0, 39]);

    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 15, 0, 32), '');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(document.getText(), 'stats count(*) | stats count(*)');
    await waitFor(() => vscode.languages.getDiagnostics(document.uri).length === 0, 10_000, 'the diagnostic to clear');
    assert.deepEqual(vscode.languages.getDiagnostics(cell('empty').document.uri), [], 'an empty cell was flagged');
  });

  it('checks SQL cells cheaply: open strings, statements the local engine refuses or skips', async () => {
    const open = cell('sql-open').document.uri;
    await waitFor(() => vscode.languages.getDiagnostics(open).length > 0, 10_000, 'diagnostics for the open string');
    assert.deepEqual(vscode.languages.getDiagnostics(open).map((d) => [d.severity, d.message, d.range.start.character]), [[vscode.DiagnosticSeverity.Error, "This string is not closed: add ' where it ends.", 7]]);
    const ddl = cell('sql-ddl').document.uri;
    await waitFor(() => vscode.languages.getDiagnostics(ddl).length >= 2, 10_000, 'diagnostics for the DDL cell');
    const [skipped, refused] = vscode.languages.getDiagnostics(ddl);
    assert.equal(skipped!.severity, vscode.DiagnosticSeverity.Information);
    assert.match(skipped!.message, /^MSCK REPAIR TABLE is skipped on local evidence/);
    assert.equal(refused!.severity, vscode.DiagnosticSeverity.Error);
    assert.match(refused!.message, /date_format needs its format as a string literal/);
    assert.equal(refused!.range.start.line, 1);
  });

  it('shows the catalog\'s doc on hover, and parameter hints inside a call', async () => {
    const document = cell('hover').document;
    const text = document.getText();
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(text.indexOf('count_distinct') + 3));
    const shown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(shown, /count_distinct\(field: any\): number/);
    assert.match(shown, /Number of distinct values/);
    const stats = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(0, 2));
    assert.match(stats.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'), /at most two stats per query/);
    const help = await vscode.commands.executeCommand<vscode.SignatureHelp>('vscode.executeSignatureHelpProvider', document.uri, document.positionAt(text.indexOf('95')), ',');
    assert.equal(help.signatures[0]!.label, 'pct(value: number, percentile: number): number');
    assert.equal(help.activeParameter, 1);

    const sql = cell('sql-member').document;
    const column = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', sql.uri, sql.positionAt('select use'.length));
    assert.match(column.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'), /useridentity: struct<type:string,principalid:string,arn:string/);
  });

  it('ships grammars that name every command and function the editor knows', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributes = (extension.packageJSON as { contributes: { grammars: Array<{ language: string; path: string }>; snippets: Array<{ language: string }> } }).contributes;
    const grammar = (language: string): string => readFileSync(join(extension.extensionPath, contributes.grammars.find((g) => g.language === language)!.path), 'utf8');
    const cwli = grammar('cwli');
    for (const name of [...INSIGHTS_COMMANDS, ...INSIGHTS_FUNCTIONS].flatMap((x) => [x.name, ...x.aliases])) assert.match(cwli, new RegExp(`[(|]${name}[|)]`), `${name} is not in the cwli grammar`);
    const sql = grammar('athena-sql');
    for (const fn of SQL_FUNCTIONS) assert.match(sql, new RegExp(`[(|]${fn.name}[|)]`), `${fn.name} is not in the athena-sql grammar`);
    // Every function the translation maps to a macro is documented for completion and hover.
    for (const name of Object.keys(MACRO_FUNCTIONS)) assert.ok(SQL_FUNCTIONS.some((fn) => fn.name === name), `${name} has no doc`);
    assert.deepEqual(contributes.snippets.map((s) => s.language).sort(), ['athena-sql', 'cwli']);
  });
});
