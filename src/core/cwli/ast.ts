/**
 * The Logs Insights syntax tree. Every node carries the source range it was read from. Node shapes
 * are a public contract of the parser (the local engine, the editor and the CLI read them); add
 * fields, never repurpose them.
 */
import type { PeriodUnit } from './periods';
import type { Range } from './position';

export interface Node {
  range: Range;
}

// ---------------------------------------------------------------- expressions

/**
 * A field name as written: `@message`, `requestParameters.userName`, `` `detail-type` ``,
 * `` @`aws.tag.a:b` ``, `` json_message.`user.id` ``. `name` is the flattened name (backticks removed,
 * segments joined with dots); `path` keeps the segments, so `` a.`b.c` `` is ["a", "b.c"]. Whether a
 * dotted name is a discovered flat field or a key inside a jsonParse() map is the engine's call.
 */
export interface FieldRef extends Node {
  kind: 'field';
  name: string;
  path: readonly string[];
}

export interface NumberLiteral extends Node {
  kind: 'number';
  value: number;
  raw: string;
}

export interface StringLiteral extends Node {
  kind: 'string';
  /** Decoded: \\ \" \' \n \t \r are replaced; any other backslash pair is kept as written. */
  value: string;
  quote: '"' | "'";
}

export interface NamedGroup extends Node {
  name: string;
}

export interface RegexLiteral extends Node {
  kind: 'regex';
  /** The text between the slashes, exactly as written (escapes included). */
  pattern: string;
  /** The pattern starts with an inline (?i) flag. */
  caseInsensitive: boolean;
  /** Named groups `(?<name>…)` / `(?P<name>…)`, in order; `parse` turns each into a field. */
  groups: NamedGroup[];
}

/** `5m`, `1h`, `300s`: only valid where a function parameter is a period (bin, datefloor, dateceil). */
export interface PeriodLiteral extends Node {
  kind: 'period';
  amount: number;
  unit: PeriodUnit;
  raw: string;
}

export interface ListLiteral extends Node {
  kind: 'list';
  items: Expression[];
}

/** The `*` of `count(*)`. */
export interface StarArgument extends Node {
  kind: 'star';
}

export interface CallExpression extends Node {
  kind: 'call';
  /** As written (`BIN`, `isIpv4InSubnet`). */
  name: string;
  /** The catalog spelling when the function is known (`bin`), else undefined. */
  canonicalName: string | undefined;
  nameRange: Range;
  args: Expression[];
}

export type UnaryOperator = '-' | 'not';

export interface UnaryExpression extends Node {
  kind: 'unary';
  op: UnaryOperator;
  operand: Expression;
}

export type BinaryOperator =
  | 'or'
  | 'and'
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'like'
  | 'not like'
  | '=~'
  | 'in'
  | 'not in'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^';

export interface BinaryExpression extends Node {
  kind: 'binary';
  op: BinaryOperator;
  left: Expression;
  right: Expression;
  opRange: Range;
}

/** `jsonParse(x).key`, `list[0].name`: key access on a computed value. */
export interface MemberExpression extends Node {
  kind: 'member';
  object: Expression;
  property: string;
  propertyRange: Range;
}

export interface IndexExpression extends Node {
  kind: 'index';
  object: Expression;
  index: Expression;
}

/** `x in (SOURCE … | … | fields x)`: runs on the service only. */
export interface SubqueryExpression extends Node {
  kind: 'subquery';
  query: Query;
}

/** Stands where an expression could not be read; a diagnostic explains why. */
export interface ErrorExpression extends Node {
  kind: 'error';
}

export type Expression =
  | FieldRef
  | NumberLiteral
  | StringLiteral
  | RegexLiteral
  | PeriodLiteral
  | ListLiteral
  | StarArgument
  | CallExpression
  | UnaryExpression
  | BinaryExpression
  | MemberExpression
  | IndexExpression
  | SubqueryExpression
  | ErrorExpression;

// ---------------------------------------------------------------- commands

export interface Alias extends Node {
  name: string;
}

/** `expr [as alias]` in fields, display and stats. */
export interface Projection extends Node {
  expression: Expression;
  alias: Alias | undefined;
}

export interface Keyword extends Node {
  /** As written (`FILTER`, `where`). */
  text: string;
}

interface CommandBase extends Node {
  keyword: Keyword;
  /** Needs the CloudWatch Logs service; the local engine answers "not available on local evidence". */
  serviceOnly: boolean;
}

export interface FieldsCommand extends CommandBase {
  kind: 'fields';
  items: Projection[];
}

export interface DisplayCommand extends CommandBase {
  kind: 'display';
  items: Projection[];
}

/** `filter` and its alias `where` (keyword.text tells which was written). */
export interface FilterCommand extends CommandBase {
  kind: 'filter';
  condition: Expression;
}

export interface StatsCommand extends CommandBase {
  kind: 'stats';
  aggregations: Projection[];
  groupBy: Projection[];
  /** `by bin(5m) offset 1h`: shifts the time bins (service-only time-series feature). */
  offset: PeriodLiteral | undefined;
}

export interface SortKey extends Node {
  expression: Expression;
  direction: 'asc' | 'desc';
  /** asc/desc was written; otherwise asc is assumed. */
  explicitDirection: boolean;
}

export interface SortCommand extends CommandBase {
  kind: 'sort';
  keys: SortKey[];
}

export interface LimitCommand extends CommandBase {
  kind: 'limit';
  /** Undefined when the number is missing or not a positive integer (a diagnostic says so). */
  count: number | undefined;
  /** `limit any N`: stop scanning after N matches, in no particular order. */
  any: boolean;
}

export type ParseMode = 'glob' | 'regex' | 'logfmt' | 'csv' | 'json';

export interface ParseCommand extends CommandBase {
  kind: 'parse';
  /** The field parsed; undefined means @message. For json mode, the `field=` value. */
  source: FieldRef | undefined;
  mode: ParseMode;
  /** glob: the quoted pattern; regex: the regex literal; other modes: undefined. */
  pattern: StringLiteral | RegexLiteral | undefined;
  /** glob and csv: one per value; logfmt and json: the single target name. */
  aliases: Alias[];
  /** regex mode with `multi`: one row per match. */
  multi: boolean;
  /** json mode: the quoted key path (`"a.b"`). */
  jsonPath: StringLiteral | undefined;
}

export interface DedupCommand extends CommandBase {
  kind: 'dedup';
  fields: Expression[];
}

export interface UnnestCommand extends CommandBase {
  kind: 'unnest';
  source: Expression;
  into: Alias | undefined;
}

/** Deprecated `head N` / `tail N` (use limit). */
export interface HeadTailCommand extends CommandBase {
  kind: 'head' | 'tail';
  count: number | undefined;
}

export interface NamedArgument extends Node {
  name: string;
  nameRange: Range;
  value: Expression;
}

/**
 * `SOURCE logGroups(namePrefix: [...], accountIdentifiers: [...], class: [...])`. Other SOURCE forms
 * (data sources, `start=`…) are kept only as `raw`, with logGroups undefined.
 */
export interface SourceCommand extends CommandBase {
  kind: 'source';
  logGroups: NamedArgument[] | undefined;
  /** The text after the keyword. */
  raw: string;
}

export interface PatternCommand extends CommandBase {
  kind: 'pattern';
  source: Expression | undefined;
}

export interface DiffCommand extends CommandBase {
  kind: 'diff';
  /** Undefined: the previous window of the same length. */
  baseline: 'previousDay' | 'previousWeek' | 'previousMonth' | undefined;
}

export interface AnomalyCommand extends CommandBase {
  kind: 'anomaly';
}

export interface FilterIndexCommand extends CommandBase {
  kind: 'filterIndex';
  condition: Expression;
}

/**
 * A command kept as raw text: a documented service command whose grammar we do not model
 * (`recognized`, serviceOnly), or a word that is no command at all (an error was reported).
 */
export interface UnsupportedCommand extends CommandBase {
  kind: 'unsupported';
  name: string;
  recognized: boolean;
  /** The command's full text, keyword included. */
  raw: string;
}

export type Command =
  | FieldsCommand
  | DisplayCommand
  | FilterCommand
  | StatsCommand
  | SortCommand
  | LimitCommand
  | ParseCommand
  | DedupCommand
  | UnnestCommand
  | HeadTailCommand
  | SourceCommand
  | PatternCommand
  | DiffCommand
  | AnomalyCommand
  | FilterIndexCommand
  | UnsupportedCommand;

export type CommandKind = Command['kind'];

export interface Query extends Node {
  kind: 'query';
  commands: Command[];
  /** `#` comments, in source order. */
  comments: Range[];
}
