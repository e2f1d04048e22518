/**
 * A cell's Athena SQL as the local engine will run it: statements split and classified, queries and
 * utility statements translated to DuckDB, problems reported as AwsfxError with the place in the cell.
 */
import { AwsfxError, type SourceRange } from '../errors';
import { splitStatements, type SqlStatement } from './statements';
import { TranslationError } from './trinoFunctions';
import { translateStatement, type TranslateOptions, type TranslatedSql } from './trinoRewrite';
import type { Token } from './tokenizer';

export interface ScriptStep {
  statement: SqlStatement;
  /** For 'query' and 'utility' statements: the DuckDB SQL to run. */
  translated?: TranslatedSql;
}

/** Splits and translates a script. Throws AwsfxError ('query.syntax' / 'query.unsupported'). */
export function translateScript(sql: string, options: TranslateOptions = {}): ScriptStep[] {
  const steps: ScriptStep[] = [];
  // A CloudTrail table declared earlier in the script is a local table for the statements after it.
  const tables = new Set(options.tables ?? []);
  for (const statement of splitStatements(sql)) {
    const open = statement.tokens.find((t) => t.unterminated);
    if (open) {
      const what = open.kind === 'string' ? 'string' : open.kind === 'quoted' ? 'quoted identifier' : 'comment';
      throw new AwsfxError('query.syntax', `This ${what} is not closed (line ${open.line}, column ${open.column}).`, { range: rangeOf(open) });
    }
    if (statement.kind === 'unsupported') {
      throw new AwsfxError('query.unsupported', `${statement.keyword} is not run locally: ${statement.reason}.`, { range: statement.range });
    }
    if (statement.kind === 'ddl') {
      if (statement.declares?.cloudTrail) tables.add(statement.declares.name);
      steps.push({ statement });
      continue;
    }
    try {
      steps.push({ statement, translated: translateStatement(statement, { ...options, tables }) });
    } catch (error) {
      if (!(error instanceof TranslationError)) throw error;
      const where = error.token ? ` (line ${error.token.line}, column ${error.token.column})` : '';
      throw new AwsfxError(error.problem === 'syntax' ? 'query.syntax' : 'query.unsupported', `${error.message}${where}.`, error.token ? { range: rangeOf(error.token) } : {});
    }
  }
  return steps;
}

export function rangeOf(token: Token): SourceRange {
  return { line: token.line, column: token.column, endLine: token.line, endColumn: token.column + [...token.text.split('\n')[0]!].length };
}
