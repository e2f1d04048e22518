import type { DiagnosticCode, Severity } from './diagnostics';
import type { PeriodUnit } from './periods';

export type TokenKind =
  | 'identifier'
  | 'number'
  | 'period'
  | 'string'
  | 'regex'
  | 'pipe'
  | 'comma'
  | 'colon'
  | 'dot'
  | 'lparen'
  | 'rparen'
  | 'lbracket'
  | 'rbracket'
  | 'plus'
  | 'minus'
  | 'star'
  | 'slash'
  | 'percent'
  | 'caret'
  | 'eq'
  | 'neq'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'match'
  | 'invalid'
  | 'eof';

/** A lexical problem found while scanning; reported when the token becomes current, so a peek never reports twice. */
export interface TokenProblem {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  start: number;
  end: number;
}

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /**
   * identifier: the field name without backticks; string: the decoded value; regex: the pattern
   * between the slashes, as written; number and period: the source text.
   */
  value: string;
  /** identifier: name segments split at unquoted dots (`` a.`b.c` `` → ["a", "b.c"]). */
  path?: readonly string[];
  /** identifier: some part was written in backticks, so it is never a keyword. */
  backticked?: boolean;
  /** number: its value; period: the amount. */
  number?: number;
  unit?: PeriodUnit;
  /** string: the quote character used. */
  quote?: '"' | "'";
  /** Whitespace or a comment comes right before this token. */
  spaceBefore: boolean;
  problem?: TokenProblem;
}

/** Tokens after which a `/` divides; anywhere else a `/` opens a regex literal. */
export function endsOperand(token: Token | undefined): boolean {
  if (!token) return false;
  switch (token.kind) {
    case 'number':
    case 'period':
    case 'string':
    case 'regex':
    case 'rparen':
    case 'rbracket':
      return true;
    case 'identifier':
      return token.backticked === true || !OPERATOR_WORDS.has(token.value.toLowerCase());
    default:
      return false;
  }
}

/** Words that act as operators inside expressions; written in backticks they are field names. */
export const OPERATOR_WORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'like', 'in']);

/** Words that end an expression inside a command; a field with one of these names needs backticks. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'like', 'in', 'as', 'by']);
