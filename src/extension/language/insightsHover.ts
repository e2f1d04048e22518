import * as vscode from 'vscode';
import { commandExpressions, findCommand, findFunction, parseInsightsQuery, walkExpression, type Expression, type Range } from '../../core/cwli';
import { commandAt } from './insightsCursor';
import { toRange } from './insightsDiagnostics';
import { commandDoc, functionDoc } from './insightsDocs';
import { SYSTEM_FIELDS } from './insightsFields';

const within = (range: Range, offset: number): boolean => range.start.offset <= offset && offset <= range.end.offset;

/** Hover for Logs Insights cells: commands and functions from the catalog, and the system fields. */
export class InsightsHoverProvider implements vscode.HoverProvider {
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const offset = document.offsetAt(position);
    const { ast } = parseInsightsQuery(document.getText());
    const command = commandAt(ast, offset);
    if (!command) return undefined;
    if (within(command.keyword.range, offset)) {
      const spec = findCommand(command.keyword.text);
      return spec ? new vscode.Hover(commandDoc(spec), toRange(command.keyword.range)) : undefined;
    }
    let hover: vscode.Hover | undefined;
    const visit = (e: Expression): boolean => {
      if (hover || !within(e.range, offset)) return false;
      if (e.kind === 'call' && within(e.nameRange, offset)) {
        const fn = findFunction(e.name);
        if (fn) hover = new vscode.Hover(functionDoc(fn), toRange(e.nameRange));
      } else if (e.kind === 'field') {
        const system = SYSTEM_FIELDS.find((f) => f.name.toLowerCase() === e.name.toLowerCase());
        if (system) hover = new vscode.Hover(new vscode.MarkdownString().appendCodeblock(system.name, 'cwli').appendMarkdown(system.doc), toRange(e.range));
      }
      return true;
    };
    for (const top of commandExpressions(command)) walkExpression(top, visit);
    return hover;
  }
}
