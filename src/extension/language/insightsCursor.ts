/**
 * What can be written at a place in a Logs Insights query, worked out by the parser itself: the word
 * under the cursor is replaced by a marker name and the text up to there is parsed. Where the marker
 * lands in the syntax tree (a command word, a field in a stats' by list, the second argument of
 * pct(), an alias, a token the parser did not expect after a finished expression) says what fits.
 * So completion and signature help can never disagree with the diagnostics about the grammar.
 */
import {
  childExpressions,
  commandExpressions,
  findFunction,
  formatExpression,
  parseInsightsQuery,
  type Command,
  type CommandKind,
  type Expression,
  type InsightsFunction,
  type Query,
} from '../../core/cwli';

/** A field name no one writes; it stands in for the word being typed. */
const MARKER = 'awsfxCursorQ7';

export type InsightsSlot =
  /** Inside a comment, string, regex or backtick name, or where a new name is being given. */
  | { kind: 'none' }
  /** The start of a command: after `|` or at the start of the query. */
  | { kind: 'command' }
  /** Where a value goes: a field, a function call, a literal. */
  | { kind: 'value'; command: CommandKind; clause: Clause; call: EnclosingCall | undefined }
  /** Right after a finished expression: an operator or a command's keyword comes next. */
  | { kind: 'afterValue'; command: CommandKind; clause: Clause };

/** The part of a stats command, which decides between aggregations and grouping keys. */
export type Clause = 'aggregation' | 'groupBy' | 'other';

export interface EnclosingCall {
  name: string;
  fn: InsightsFunction | undefined;
  /** 0-based index of the argument the cursor is in. */
  argument: number;
}

export interface InsightsCursor {
  slot: InsightsSlot;
  /** Offset where the word under the cursor starts (the completion replaces from here). */
  wordStart: number;
  /** Fields defined earlier in the query (aliases, parse names, stats outputs). */
  defined: string[];
  /** A stats comes before the cursor, so only its outputs and later definitions exist. */
  afterStats: boolean;
}

// A word being typed: a field name with dots and @, possibly just begun.
const WORD_BEFORE = /[@\w.]*$/;
const LITERAL_CODES = new Set(['unterminatedString', 'unterminatedRegex', 'unterminatedBacktick']);

export function insightsCursor(text: string, offset: number): InsightsCursor {
  const prefix = text.slice(0, offset);
  const wordStart = offset - (WORD_BEFORE.exec(prefix)?.[0].length ?? 0);
  const none: InsightsCursor = { slot: { kind: 'none' }, wordStart, defined: [], afterStats: false };
  if (insideLiteralOrComment(prefix)) return none;

  const probe = prefix.slice(0, wordStart) + MARKER;
  const parsed = parseInsightsQuery(probe);
  const commands = parsed.ast.commands;
  // The command holding the marker, or, where the parser dropped it, the last one before it.
  const holding = commands.findIndex((c) => c.range.start.offset <= wordStart && wordStart <= c.range.end.offset);
  const index = holding >= 0 ? holding : commands.length - 1;
  const current = commands[index];
  const { defined, afterStats } = definedBefore(commands, Math.max(0, index));
  const result = (slot: InsightsSlot): InsightsCursor => ({ slot, wordStart, defined, afterStats });

  if (current === undefined) return result({ kind: 'command' });
  if (current.kind === 'unsupported' && current.keyword.text === MARKER) {
    // A marker read as a command word after a finished command means no | came before it.
    const missingPipe = parsed.diagnostics.some((d) => d.code === 'missingPipe' && d.range.start.offset === wordStart);
    const previous = commands[commands.indexOf(current) - 1];
    return missingPipe && previous ? result({ kind: 'afterValue', command: previous.kind, clause: 'other' }) : result({ kind: 'command' });
  }
  if (namesMarker(current)) return none;

  const found = findMarker(current);
  if (found) return result({ kind: 'value', command: current.kind, clause: found.clause, call: found.call });
  const unexpected = parsed.diagnostics.some((d) => d.code === 'unexpectedToken' && d.range.start.offset === wordStart);
  if (unexpected) return result({ kind: 'afterValue', command: current.kind, clause: clauseAfter(current, wordStart) });
  return result({ kind: 'value', command: current.kind, clause: clauseAfter(current, wordStart), call: undefined });
}

/** The cursor sits in a comment, or in a string, regex or backtick name that is still open. */
function insideLiteralOrComment(prefix: string): boolean {
  const { ast, diagnostics } = parseInsightsQuery(prefix);
  if (ast.comments.some((c) => c.end.offset >= prefix.length && c.start.offset < prefix.length)) return true;
  return diagnostics.some((d) => LITERAL_CODES.has(d.code) && d.range.end.offset >= prefix.length);
}

/** The marker is a name being given (`as x`, `into x`, a parse target): nothing to suggest. */
function namesMarker(command: Command): boolean {
  const aliases: (string | undefined)[] = [];
  if (command.kind === 'fields' || command.kind === 'display') aliases.push(...command.items.map((i) => i.alias?.name));
  if (command.kind === 'stats') aliases.push(...[...command.aggregations, ...command.groupBy].map((p) => p.alias?.name));
  if (command.kind === 'parse') aliases.push(...command.aliases.map((a) => a.name));
  if (command.kind === 'unnest') aliases.push(command.into?.name);
  return aliases.includes(MARKER);
}

interface Found {
  clause: Clause;
  call: EnclosingCall | undefined;
}

function findMarker(command: Command): Found | undefined {
  if (command.kind === 'stats') {
    for (const [clause, list] of [['aggregation', command.aggregations], ['groupBy', command.groupBy]] as const) {
      for (const projection of list) {
        const path = pathToMarker(projection.expression);
        if (path) return { clause, call: enclosingCall(path) };
      }
    }
    return undefined;
  }
  for (const top of commandExpressions(command)) {
    const path = pathToMarker(top);
    if (path) return { clause: 'other', call: enclosingCall(path) };
  }
  return undefined;
}

/** Expressions from `root` down to the marker field, or undefined when it is not below `root`. */
function pathToMarker(root: Expression): Expression[] | undefined {
  if (root.kind === 'field' && root.path[0] === MARKER) return [root];
  for (const child of childExpressions(root)) {
    const below = pathToMarker(child);
    if (below) return [root, ...below];
  }
  return undefined;
}

function enclosingCall(path: Expression[]): EnclosingCall | undefined {
  for (let i = path.length - 2; i >= 0; i--) {
    const node = path[i]!;
    if (node.kind === 'call') {
      return { name: node.name, fn: findFunction(node.name), argument: Math.max(0, node.args.indexOf(path[i + 1]!)) };
    }
  }
  return undefined;
}

/** For a marker the parser dropped: whether it came after a stats' `by`. */
function clauseAfter(command: Command, offset: number): Clause {
  if (command.kind !== 'stats') return 'other';
  const lastAggregation = command.aggregations.at(-1);
  if (command.groupBy.length > 0 && command.groupBy[0]!.range.start.offset <= offset) return 'groupBy';
  return lastAggregation && lastAggregation.range.end.offset <= offset && command.groupBy.length > 0 ? 'groupBy' : 'aggregation';
}

/**
 * Names the commands before `index` define, as the parser's fieldNotAvailable rule sees them: after
 * a stats only its outputs exist, plus what later commands add.
 */
function definedBefore(commands: readonly Command[], index: number): { defined: string[]; afterStats: boolean } {
  let defined: string[] = [];
  let afterStats = false;
  for (const command of commands.slice(0, index)) {
    switch (command.kind) {
      case 'fields':
      case 'display':
        for (const item of command.items) if (item.alias) defined.push(item.alias.name);
        break;
      case 'parse':
        defined.push(...command.aliases.map((a) => a.name));
        if (command.pattern?.kind === 'regex') defined.push(...command.pattern.groups.map((g) => g.name));
        break;
      case 'unnest':
        if (command.into) defined.push(command.into.name);
        break;
      case 'stats':
        afterStats = true;
        defined = [...command.aggregations, ...command.groupBy].map((p) =>
          p.alias ? p.alias.name : p.expression.kind === 'field' ? p.expression.name : formatExpression(p.expression),
        );
        break;
    }
  }
  return { defined: [...new Set(defined.filter((name) => name !== MARKER && !name.includes(MARKER)))], afterStats };
}

/** The command whose text holds `offset` in a parsed query (for hover). */
export function commandAt(query: Query, offset: number): Command | undefined {
  return query.commands.find((c) => c.range.start.offset <= offset && offset <= c.range.end.offset);
}
