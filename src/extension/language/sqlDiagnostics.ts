import * as vscode from 'vscode';
import { AwsfxError } from '../../core/errors';
import { isSignificant, splitStatements, translateScript, type SqlStatement } from '../../core/sql';

/**
 * Cheap checks of an Athena SQL cell while it is typed, with no engine: strings, quoted names and
 * comments left open, and, when the cell runs on local evidence, what the local engine would refuse
 * (statements it does not run, functions it cannot translate) or skip (DDL, shown as information).
 * Column and table names are DuckDB's to check when the cell runs.
 */
export function sqlDiagnostics(document: vscode.TextDocument, local: boolean): vscode.Diagnostic[] {
  const text = document.getText();
  const found: vscode.Diagnostic[] = [];
  const add = (range: vscode.Range, message: string, severity: vscode.DiagnosticSeverity, code: string): void => {
    const diagnostic = new vscode.Diagnostic(range, message, severity);
    diagnostic.code = code;
    diagnostic.source = 'Athena SQL';
    found.push(diagnostic);
  };
  for (const statement of splitStatements(text)) {
    const open = statement.tokens.filter((t) => t.unterminated);
    for (const token of open) {
      const what = token.kind === 'string' ? 'string' : token.kind === 'quoted' ? 'quoted name' : 'comment';
      const closer = token.kind === 'comment' ? '*/' : token.kind === 'string' ? "'" : token.quote ?? '"';
      const start = document.positionAt(token.start);
      // The rest of the cell belongs to the open token; underlining its first line is enough to find it.
      add(new vscode.Range(start, document.lineAt(start.line).range.end), `This ${what} is not closed: add ${closer} where it ends.`, vscode.DiagnosticSeverity.Error, 'unterminated');
    }
    if (!local || open.length > 0) continue;
    const keyword = keywordRange(document, statement);
    if (statement.kind === 'unsupported') {
      add(keyword, `${statement.keyword} is not run on local evidence: ${statement.reason}.`, vscode.DiagnosticSeverity.Error, 'notRunLocally');
    } else if (statement.kind === 'ddl') {
      add(keyword, `${statement.keyword} is skipped on local evidence: ${statement.reason}.`, vscode.DiagnosticSeverity.Information, 'skippedLocally');
    } else {
      const problem = translationProblem(text, statement);
      if (problem) add(problem.range ? fromCodePoints(document, problem.range) : keyword, problem.message, vscode.DiagnosticSeverity.Error, problem.code);
    }
  }
  return found;
}

function keywordRange(document: vscode.TextDocument, statement: SqlStatement): vscode.Range {
  const first = statement.tokens.find(isSignificant)!;
  return new vscode.Range(document.positionAt(first.start), document.positionAt(first.end));
}

/**
 * Translates one statement as the local engine would. The other statements are blanked out (line
 * breaks kept) so that the error's line and column are the cell's, and one bad statement does not
 * hide the problems of the next.
 */
function translationProblem(text: string, statement: SqlStatement): AwsfxError | undefined {
  const start = statement.tokens[0]!.start;
  const end = statement.tokens.at(-1)!.end;
  const blank = (part: string): string => part.replace(/[^\r\n]/g, ' ');
  try {
    translateScript(blank(text.slice(0, start)) + text.slice(start, end) + blank(text.slice(end)));
    return undefined;
  } catch (error) {
    if (error instanceof AwsfxError) return error;
    throw error;
  }
}

/** The SQL tokenizer counts columns in code points; VS Code counts UTF-16 units. */
function fromCodePoints(document: vscode.TextDocument, range: NonNullable<AwsfxError['range']>): vscode.Range {
  const at = (line: number, column: number): vscode.Position => {
    const lineIndex = Math.min(Math.max(0, line - 1), document.lineCount - 1);
    const chars = [...document.lineAt(lineIndex).text];
    return new vscode.Position(lineIndex, chars.slice(0, Math.max(0, column - 1)).join('').length);
  };
  const start = at(range.line, range.column);
  const end = range.endLine !== undefined && range.endColumn !== undefined ? at(range.endLine, range.endColumn) : start;
  return new vscode.Range(start, end.isAfter(start) ? end : start.translate(0, 1));
}
