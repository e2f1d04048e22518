/**
 * The .awsfx file, version 1, as typed data. See docs/format.md for the prose description and
 * schemas/awsfx.schema.json for the machine-checkable one; the three must agree (a test checks).
 * Every object keeps fields it does not know, so a file written by a newer awsfx loses nothing here.
 */

export const FORMAT_VERSION = 1;

export const CELL_KINDS = ['markdown', 'athena-sql', 'cwli', 'playbook-step'] as const;
export type CellKind = (typeof CELL_KINDS)[number];

/** Kinds the file format reserves but this version cannot run yet. */
export const RESERVED_KINDS: readonly CellKind[] = ['playbook-step'];

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Where a cell runs. Moving a cell between local evidence and AWS is the one field `runOn`. */
export interface TargetSpec {
  runOn?: 'local' | 'aws';
  /** Evidence folder, relative to the notebook file. */
  evidence?: string;
  profile?: string;
  region?: string;
  accountId?: string;
  logGroups?: string[];
  workgroup?: string;
  database?: string;
  catalog?: string;
  [extra: string]: unknown;
}

/** ISO-8601 instants, or relative expressions such as `-24h` and `now` (resolved at run time). */
export interface TimeWindowSpec {
  start: string;
  end: string;
  [extra: string]: unknown;
}

export interface ParameterSpec {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'ip' | 'arn' | 'accessKeyId' | 'timestamp';
  default?: JsonValue;
  description?: string;
  [extra: string]: unknown;
}

export interface NotebookMetadata {
  title?: string;
  caseId?: string;
  investigators?: string[];
  target?: TargetSpec;
  timeWindow?: TimeWindowSpec;
  parameters?: ParameterSpec[];
  /** MITRE ATT&CK technique ids, e.g. T1098.001. */
  tags?: string[];
  [extra: string]: unknown;
}

export interface OutputItem {
  mime: string;
  /** JSON for `*json` MIME types, text for `text/*`, base64 text otherwise (see `encoding`). */
  data: JsonValue;
  encoding?: 'json' | 'text' | 'base64';
}

export interface CellOutput {
  id?: string;
  items: OutputItem[];
  metadata?: JsonObject;
  [extra: string]: unknown;
}

export interface ExecutionSummary {
  order?: number;
  success?: boolean;
  /** Epoch milliseconds. */
  startTime?: number;
  endTime?: number;
  [extra: string]: unknown;
}

export interface Cell {
  id: string;
  kind: CellKind;
  /** The cell text, one array element per line (readable diffs). */
  source: string[];
  target?: TargetSpec;
  timeWindow?: TimeWindowSpec;
  outputs?: CellOutput[];
  execution?: ExecutionSummary;
  [extra: string]: unknown;
}

export interface AwsfxNotebook {
  awsfx: typeof FORMAT_VERSION;
  metadata: NotebookMetadata;
  cells: Cell[];
  [extra: string]: unknown;
}

export function sourceText(cell: Pick<Cell, 'source'>): string {
  return cell.source.join('\n');
}

export function sourceLines(text: string): string[] {
  return text.split(/\r?\n/);
}
