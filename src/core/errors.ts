/**
 * One error type for everything awsfx reports to a person. `code` is stable (tests and the CLI key on it);
 * `message` is written for the investigator and keeps the engine's or service's own words.
 */
export type ErrorCode =
  | 'notebook.notJson'
  | 'notebook.invalid'
  | 'notebook.version'
  | 'query.syntax'
  | 'query.engine'
  | 'query.unsupported'
  | 'evidence.missing'
  | 'evidence.empty'
  | 'input.invalid'
  | 'cancelled';

export interface SourceRange {
  /** 1-based line and column of the first character. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export class AwsfxError extends Error {
  override readonly name: string = 'AwsfxError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { cause?: unknown; range?: SourceRange; subject?: string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.range = options.range;
    this.subject = options.subject;
  }
  readonly range: SourceRange | undefined;
  /** The file, cell or resource the error is about. */
  readonly subject: string | undefined;
}

/** The user stopped the work. Never shown as a failure. */
export class CancelledError extends AwsfxError {
  override readonly name = 'CancelledError';
  constructor(message = 'Cancelled.') {
    super('cancelled', message);
  }
}

export function isCancelled(error: unknown): error is CancelledError {
  return error instanceof CancelledError || (error instanceof Error && error.name === 'AbortError');
}

/** Throws CancelledError when the signal has fired; call between steps of long work. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}
