import type { LineIndex, Range } from './position';

export type Severity = 'error' | 'warning';

/** Stable identifiers: tests, quick fixes and the CLI key on these, never on the message text. */
export type DiagnosticCode =
  // lexical
  | 'unterminatedString'
  | 'unterminatedRegex'
  | 'unterminatedBacktick'
  | 'invalidCharacter'
  | 'invalidNumber'
  | 'invalidFieldName'
  | 'regexFlags'
  | 'multilineLiteral'
  | 'invalidOperator'
  // syntax
  | 'expectedExpression'
  | 'expectedToken'
  | 'unexpectedToken'
  | 'missingPipe'
  | 'emptyCommand'
  | 'leadingPipe'
  | 'unknownCommand'
  | 'tooDeep'
  | 'chainedComparison'
  | 'hyphenatedField'
  | 'regexUnsupported'
  | 'regexNoGroups'
  // validation
  | 'emptyQuery'
  | 'queryTooLong'
  | 'tooManyStats'
  | 'sortLimitBeforeSecondStats'
  | 'binInSecondStats'
  | 'fieldNotAvailable'
  | 'afterDedup'
  | 'dedupField'
  | 'globAliasCount'
  | 'parseAliases'
  | 'periodCapped'
  | 'periodExpected'
  | 'periodNotAllowed'
  | 'unknownFunction'
  | 'arity'
  | 'aggregateOutsideStats'
  | 'aggregateInGroupBy'
  | 'nestedAggregate'
  | 'notAggregated'
  | 'starNotAllowed'
  | 'structuredValue'
  | 'functionContext'
  | 'limitValue'
  | 'limitAboveApiMax'
  | 'deprecated'
  | 'sourcePosition'
  | 'sourceArgument'
  | 'nestedSubquery'
  | 'tooManyProblems'
  | 'internalError';

export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  /** Written for the investigator: what is wrong and what to write instead. */
  message: string;
  range: Range;
}

/** Enough to fix a query by; a 1 MB paste of garbage must not produce a million squiggles. */
export const MAX_DIAGNOSTICS = 200;

/** Collects diagnostics, dropping repeats of the same problem at the same place. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  private full = false;

  constructor(private readonly lines: LineIndex) {}

  error(code: DiagnosticCode, message: string, start: number, end: number): void {
    this.add('error', code, message, start, end);
  }

  warning(code: DiagnosticCode, message: string, start: number, end: number): void {
    this.add('warning', code, message, start, end);
  }

  /** Same as error(), for callers that already hold a Range. */
  errorAt(code: DiagnosticCode, message: string, range: Range): void {
    this.add('error', code, message, range.start.offset, range.end.offset);
  }

  warningAt(code: DiagnosticCode, message: string, range: Range): void {
    this.add('warning', code, message, range.start.offset, range.end.offset);
  }

  /** Some error already starts at this offset (so a follow-on complaint there would be noise). */
  hasErrorAt(offset: number): boolean {
    return this.items.some((d) => d.severity === 'error' && d.range.start.offset === offset);
  }

  private add(severity: Severity, code: DiagnosticCode, message: string, start: number, end: number): void {
    if (this.full) return;
    const key = `${code}@${start}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (this.items.length === MAX_DIAGNOSTICS) {
      this.full = true;
      this.items.push({
        severity: 'error',
        code: 'tooManyProblems',
        message: `More than ${MAX_DIAGNOSTICS} problems; fix these first and the rest will be checked again.`,
        range: this.lines.range(start, Math.max(start, end)),
      });
      return;
    }
    this.items.push({ severity, code, message, range: this.lines.range(start, Math.max(start, end)) });
  }
}
