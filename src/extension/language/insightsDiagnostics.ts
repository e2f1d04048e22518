import * as vscode from 'vscode';
import { parseInsightsQuery, serviceOnlyFeatures, type Range } from '../../core/cwli';

/**
 * The parser's diagnostics for a Logs Insights cell, with its messages and ranges, plus a warning on
 * each part that needs the CloudWatch Logs service when the cell runs on local evidence (the local
 * engine would refuse it). An empty cell is not a mistake yet, so "empty query" is not shown.
 */
export function insightsDiagnostics(text: string, local: boolean): vscode.Diagnostic[] {
  const { ast, diagnostics } = parseInsightsQuery(text);
  const shown = diagnostics
    .filter((d) => d.code !== 'emptyQuery')
    .map((d) => {
      const diagnostic = new vscode.Diagnostic(toRange(d.range), d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      diagnostic.code = d.code;
      diagnostic.source = 'Logs Insights';
      return diagnostic;
    });
  if (local) {
    for (const feature of serviceOnlyFeatures(ast)) {
      const what = feature.kind === 'subquery' ? 'A subquery' : `${feature.name}`;
      const diagnostic = new vscode.Diagnostic(
        toRange(feature.range),
        `${what} is not available on local evidence: it needs the CloudWatch Logs service. Run this cell on AWS (target.runOn "aws") or do without it.`,
        vscode.DiagnosticSeverity.Warning,
      );
      diagnostic.code = 'serviceOnly';
      diagnostic.source = 'Logs Insights';
      shown.push(diagnostic);
    }
  }
  return shown;
}

/** Parser ranges are 1-based and count UTF-16 units, like VS Code's, so this is a plain shift. */
export function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line - 1, range.start.column - 1, range.end.line - 1, range.end.column - 1);
}
