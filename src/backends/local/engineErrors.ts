/**
 * DuckDB's errors, in DuckDB's words, told about the SQL the user wrote: our macro names become the
 * Trino names again, and the position DuckDB reports in the translated statement is moved to the
 * line and column of the cell.
 */
import { AwsfxError, type SourceRange } from '../../core/errors';
import { sourceOffsetOf, untranslateNames, type TranslatedSql } from '../../core/sql';

export interface EngineFailure {
  /** DuckDB's exception type: Binder, Parser, Catalog, Conversion, IO, Invalid Input, INTERRUPT, … */
  type: string;
  message: string;
  /** Offset in the executed SQL, when DuckDB names one. */
  position?: number;
}

/** Reads a DuckDB error; with errors_as_json it carries a JSON object, possibly after a prefix. */
export function parseEngineError(error: unknown): EngineFailure {
  const text = error instanceof Error ? error.message : String(error);
  const brace = text.indexOf('{');
  if (brace !== -1) {
    try {
      const json = JSON.parse(text.slice(brace)) as Record<string, string | undefined>;
      if (typeof json.exception_message === 'string') {
        const position = json.position === undefined ? undefined : Number(json.position);
        return { type: json.exception_type ?? 'Error', message: json.exception_message, ...(Number.isFinite(position) ? { position } : {}) };
      }
    } catch {
      // Not JSON after all: fall through to the plain message.
    }
  }
  const typed = /^([A-Za-z ]+?) Error: ([\s\S]*)$/.exec(text);
  return typed ? { type: typed[1]!, message: typed[2]!.split('\n\nLINE ')[0]!.trim() } : { type: 'Error', message: text };
}

export function isInterrupt(failure: EngineFailure): boolean {
  return failure.type.toUpperCase() === 'INTERRUPT';
}

/** The AwsfxError for a failed statement; `script` is the whole cell text the statement came from. */
export function engineError(failure: EngineFailure, translated: TranslatedSql, script: string, cause: unknown): AwsfxError {
  const message = `${failure.type} Error: ${untranslateNames(failure.message)}`;
  const range = failure.position === undefined ? undefined : rangeInScript(translated, failure.position, script);
  const where = range ? ` (line ${range.line}, column ${range.column})` : '';
  return new AwsfxError('query.engine', `${message}${where}`, range ? { cause, range } : { cause });
}

/** Where a byte position of the translated statement was written in the cell. */
export function rangeInScript(translated: TranslatedSql, bytePosition: number, script: string): SourceRange | undefined {
  // DuckDB counts bytes of UTF-8; the pieces count UTF-16 characters.
  const charPosition = Buffer.from(translated.sql, 'utf8').subarray(0, bytePosition).toString('utf8').length;
  const offset = sourceOffsetOf(translated, charPosition);
  if (offset === undefined) return undefined;
  const before = script.slice(0, offset).split('\n');
  return { line: before.length, column: [...before[before.length - 1]!].length + 1 };
}
