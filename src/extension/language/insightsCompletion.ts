import * as vscode from 'vscode';
import { INSIGHTS_COMMANDS, INSIGHTS_FUNCTIONS, formatFieldName, type CommandKind, type InsightsFunction } from '../../core/cwli';
import type { EvidenceSchemas } from './evidenceSchema';
import { schemaFor, sourcesFor } from './cellSchema';
import { commandDoc, functionDoc } from './insightsDocs';
import { insightsCursor, type Clause, type InsightsCursor } from './insightsCursor';
import { EVIDENCE_TYPE_NAMES, SYSTEM_FIELDS } from './insightsFields';

/** Keywords that may follow a finished expression, per command. */
const KEYWORDS_AFTER: Partial<Record<CommandKind, readonly string[]>> = {
  filter: ['and', 'or', 'like', 'not like', 'in', 'not in'],
  filterIndex: ['and', 'or', 'in'],
  fields: ['as'],
  display: ['as'],
  sort: ['asc', 'desc'],
  parse: ['as'],
  unnest: ['into'],
};

const PERIOD_EXAMPLES = ['1m', '5m', '15m', '1h', '1d'];

/** Ranks: items earlier in this order come first in the list (VS Code sorts by sortText). */
const RANK = { keyword: '0', preferredFunction: '1', defined: '2', field: '3', system: '4', documentedField: '5', function: '6' } as const;

/**
 * Completion for Logs Insights cells: commands where a command starts, and where a value goes the
 * fields of the notebook's evidence, the system fields, names defined earlier in the query and the
 * functions that are valid there (aggregations in stats, bin() after by); after a value, the keywords
 * that can follow it.
 */
export class InsightsCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly schemas: EvidenceSchemas) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionList> {
    const cursor = insightsCursor(document.getText(), document.offsetAt(position));
    const range = new vscode.Range(document.positionAt(cursor.wordStart), position);
    const slot = cursor.slot;
    switch (slot.kind) {
      case 'none':
        return new vscode.CompletionList([]);
      case 'command':
        return new vscode.CompletionList(commandItems(range));
      case 'afterValue':
        return new vscode.CompletionList(keywordItems(keywordsAfter(slot.command, slot.clause), range));
      case 'value': {
        const items = functionItems(slot.clause, slot.call !== undefined, range);
        if (slot.call?.fn?.params[Math.min(slot.call.argument, slot.call.fn.params.length - 1)]?.type === 'period') {
          items.unshift(...PERIOD_EXAMPLES.map((p, i) => item(p, vscode.CompletionItemKind.Value, range, `0${i}`, 'period')));
        }
        const { list, pending } = await this.fieldItems(document, cursor, range);
        if (slot.command === 'filter') items.push(...keywordItems(['not'], range));
        return new vscode.CompletionList([...list, ...items], pending);
      }
    }
  }

  private async fieldItems(document: vscode.TextDocument, cursor: InsightsCursor, range: vscode.Range): Promise<{ list: vscode.CompletionItem[]; pending: boolean }> {
    const list = cursor.defined.map((name) => item(formatFieldName(name.split('.')), vscode.CompletionItemKind.Variable, range, RANK.defined, 'defined earlier in this query', name));
    // After a stats only its outputs exist (the parser says so too), so evidence fields would mislead.
    if (cursor.afterStats) return { list, pending: false };
    const seen = new Set(cursor.defined);
    for (const field of SYSTEM_FIELDS) {
      const system = item(field.name, vscode.CompletionItemKind.Constant, range, RANK.system, 'system field');
      system.documentation = field.doc;
      list.push(system);
      seen.add(field.name);
    }
    const { schema, pending } = await schemaFor(document, this.schemas);
    const documented = schema.origin === 'evidence' ? 'documented' : `documented${schema.note ? ` (the evidence folder was not read: ${schema.note})` : ''}`;
    for (const source of sourcesFor(document, schema)) {
      const typeName = EVIDENCE_TYPE_NAMES[source.evidenceType] ?? source.evidenceType;
      for (const name of source.fields) {
        if (seen.has(name)) continue;
        seen.add(name);
        const found = source.found?.has(name) === true;
        const detail = `${typeName} field, ${found ? 'in the evidence folder' : documented}`;
        const field = item(formatFieldName(name.split('.')), vscode.CompletionItemKind.Field, range, found ? RANK.field : RANK.documentedField, detail, name);
        field.label = { label: name, description: source.logGroup };
        list.push(field);
      }
    }
    return { list, pending };
  }
}

function item(insert: string, kind: vscode.CompletionItemKind, range: vscode.Range, rank: string, detail: string, label = insert): vscode.CompletionItem {
  const completion = new vscode.CompletionItem(label, kind);
  completion.insertText = insert;
  completion.range = range;
  completion.sortText = `${rank}${label.toLowerCase()}`;
  completion.detail = detail;
  return completion;
}

function commandItems(range: vscode.Range): vscode.CompletionItem[] {
  return INSIGHTS_COMMANDS.flatMap((command) =>
    [command.name, ...command.aliases].map((name) => {
      // Core commands first; deprecated and service-only ones last.
      const rank = command.deprecated ? '2' : command.offline ? '0' : '1';
      const completion = item(name, vscode.CompletionItemKind.Keyword, range, rank, command.syntax);
      completion.documentation = commandDoc(command);
      if (command.deprecated) completion.tags = [vscode.CompletionItemTag.Deprecated];
      return completion;
    }),
  );
}

function keywordsAfter(command: CommandKind, clause: Clause): readonly string[] {
  if (command === 'stats') return clause === 'groupBy' ? ['as'] : ['as', 'by'];
  return KEYWORDS_AFTER[command] ?? [];
}

function keywordItems(words: readonly string[], range: vscode.Range): vscode.CompletionItem[] {
  return words.map((word) => item(word, vscode.CompletionItemKind.Keyword, range, RANK.keyword, 'keyword'));
}

/**
 * Functions valid at a value: in a stats' aggregation list the aggregations (other functions only
 * inside them), after by the grouping functions with bin() first, elsewhere no aggregation.
 */
function functionItems(clause: Clause, insideCall: boolean, range: vscode.Range): vscode.CompletionItem[] {
  const aggregating = clause === 'aggregation' && !insideCall;
  return INSIGHTS_FUNCTIONS.filter((fn) => aggregating || !fn.aggregate).flatMap((fn) => {
    const preferred = (aggregating && fn.aggregate) || (clause === 'groupBy' && fn.name === 'bin');
    return [fn.name, ...fn.aliases].map((name) => {
      const completion = item(name, vscode.CompletionItemKind.Function, range, preferred ? RANK.preferredFunction : RANK.function, fn.signature);
      completion.insertText = callSnippet(name, fn);
      completion.documentation = functionDoc(fn);
      completion.command = { command: 'editor.action.triggerParameterHints', title: 'Show the parameters' };
      return completion;
    });
  });
}

/** `name(${1:required}, …)`: the required parameters as tab stops; `count(*)` is how count is written. */
function callSnippet(name: string, fn: InsightsFunction): vscode.SnippetString {
  const snippet = new vscode.SnippetString(`${name}(`);
  if (fn.name === 'count') snippet.appendPlaceholder('*');
  else {
    fn.params
      .filter((p) => !p.optional && !p.variadic)
      .forEach((p, i) => {
        if (i > 0) snippet.appendText(', ');
        snippet.appendPlaceholder(p.name);
      });
  }
  return snippet.appendText(')');
}
