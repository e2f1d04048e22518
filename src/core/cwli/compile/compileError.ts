import { AwsfxError, type ErrorCode } from '../../errors';
import type { Range } from '../position';

/** An error about a place in the query, with the range the editor underlines. */
export function queryError(code: Extract<ErrorCode, 'query.syntax' | 'query.unsupported'>, message: string, range: Range): AwsfxError {
  return new AwsfxError(code, message, {
    range: { line: range.start.line, column: range.start.column, endLine: range.end.line, endColumn: range.end.column },
  });
}

/** The ending every "needs the service" message shares, so the investigator knows what to do next. */
export const LOCAL_ALTERNATIVE = 'Run this cell against CloudWatch Logs, or rewrite it without that part.';
