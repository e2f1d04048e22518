/**
 * The `parse` command in its five forms:
 *   parse [field] "glob with * wildcards" as a, b, …
 *   parse [field] /regex with (?<name>…) groups/ [multi]
 *   parse [field] logfmt [as name]
 *   parse [field] csv as a, b, …
 *   parse json field=f "key.path" as name
 * The field defaults to @message. A leading logfmt/csv/json is the mode unless a pattern or another
 * mode word follows it, in which case it is the name of the field being parsed.
 */
import type { Alias, FieldRef, ParseCommand, ParseMode, RegexLiteral, StringLiteral } from './ast';
import type { CommandReader } from './commandReader';
import type { Token } from './tokens';
import { bareWord } from './tokenStream';

const MODES: ReadonlySet<string> = new Set(['logfmt', 'csv', 'json']);

function startsPatternOrMode(token: Token): boolean {
  return token.kind === 'string' || token.kind === 'slash' || MODES.has(bareWord(token) ?? '');
}

export function parseParse(r: CommandReader): ParseCommand {
  const ts = r.ts;
  let source: FieldRef | undefined;
  const first = ts.token;
  const firstIsMode = MODES.has(bareWord(first) ?? '') && !startsPatternOrMode(ts.peek());
  if (first.kind === 'identifier' && !firstIsMode) source = r.fieldRef();

  let mode: ParseMode = 'glob';
  let pattern: StringLiteral | RegexLiteral | undefined;
  let aliases: Alias[] = [];
  let multi = false;
  let jsonPath: StringLiteral | undefined;
  const token = ts.token;
  const word = ts.word();

  if (token.kind === 'string') {
    ts.advance();
    pattern = { kind: 'string', value: token.value, quote: token.quote ?? '"', range: ts.tokenRange(token) };
    if (ts.isWord('as')) {
      ts.advance();
      aliases = r.aliases();
    } else ts.errorHere('parseAliases', 'A glob pattern needs as and one name per *, e.g. parse @message "user=*" as user.');
  } else if (token.kind === 'slash' || token.kind === 'regex') {
    mode = 'regex';
    pattern = r.expr.regexLiteral();
    if (ts.isWord('multi')) {
      multi = true;
      ts.advance();
    }
    if (ts.isWord('as')) {
      ts.errorHere('parseAliases', 'In regex mode the fields are named by (?<name>…) groups in the pattern; remove the as list.');
      ts.advance();
      r.aliases();
    }
  } else if (word === 'logfmt') {
    mode = 'logfmt';
    ts.advance();
    if (ts.isWord('as')) {
      ts.advance();
      aliases = one(r.alias());
    }
  } else if (word === 'csv') {
    mode = 'csv';
    ts.advance();
    if (ts.isWord('as')) {
      ts.advance();
      aliases = r.aliases();
    } else ts.errorHere('parseAliases', 'csv mode needs as and one name per column, e.g. parse @message csv as time, level, text.');
  } else if (word === 'json') {
    mode = 'json';
    ts.advance();
    if (ts.isWord('field') && ts.peek().kind === 'eq') {
      ts.advance();
      ts.advance();
      const field = r.fieldRef();
      if (source && field) ts.sink.errorAt('parseAliases', 'Give the field either before json or as field=, not both.', field.range);
      source = source ?? field;
    }
    const path = ts.token;
    if (path.kind === 'string') {
      ts.advance();
      jsonPath = { kind: 'string', value: path.value, quote: path.quote ?? '"', range: ts.tokenRange(path) };
    } else ts.errorExpected('a quoted key path such as "detail.userName"');
    if (ts.isWord('as')) {
      ts.advance();
      aliases = one(r.alias());
    } else ts.errorHere('parseAliases', 'json mode needs as and a name for the value, e.g. as userName.');
  } else {
    ts.errorExpected('a pattern: a quoted glob such as "user=*" or a regex such as /user=(?<user>\\S+)/');
  }
  return { kind: 'parse', source, mode, pattern, aliases, multi, jsonPath, ...r.base() };
}

function one(alias: Alias | undefined): Alias[] {
  return alias ? [alias] : [];
}
