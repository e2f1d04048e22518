/**
 * Regexes as DuckDB (RE2) takes them. Logs Insights documents RE2 syntax, so constructs RE2 lacks are
 * refused with the place they are at, rather than failing inside the engine or matching differently.
 */
import type { Range } from '../position';
import type { RegexLiteral } from '../ast';
import { analyzeRegex } from '../regexPattern';
import { queryError } from './compileError';

/** Checks a pattern written in the query; throws query.unsupported on backreferences and lookaround. */
export function checkRe2(pattern: string, range: Range): void {
  const issue = analyzeRegex(pattern).unsupported[0];
  if (issue) {
    throw queryError('query.unsupported', `${capitalise(issue.what)} is not available: Logs Insights regexes use RE2 syntax, which has no backreferences or lookaround. Rewrite the pattern without it.`, range);
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface CaptureGroups {
  /** The pattern with named groups turned into plain groups (DuckDB addresses groups by position). */
  pattern: string;
  /** Each named group's 1-based position among all capturing groups. */
  named: Array<{ name: string; index: number }>;
  /** How many capturing groups the pattern has. */
  count: number;
}

/** Numbers every capturing group, named or not, in the order RE2 does (by opening parenthesis). */
export function captureGroups(regex: RegexLiteral): CaptureGroups {
  checkRe2(regex.pattern, regex.range);
  const source = regex.pattern;
  let out = '';
  let count = 0;
  const named: CaptureGroups['named'] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      out += source.slice(i, i + 2);
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A ']' first in a class is a member, not its end.
      const start = source[i + 1] === '^' ? 2 : 1;
      if (source[i + start] === ']') {
        out += source.slice(i + 1, i + start + 1);
        i += start;
      }
      continue;
    }
    if (c === '(') {
      const name = /^\(\?P?<(\w+)>/.exec(source.slice(i));
      if (name) {
        count += 1;
        named.push({ name: name[1]!, index: count });
        out += '(';
        i += name[0].length - 1;
        continue;
      }
      if (source[i + 1] !== '?') count += 1;
    }
    out += c;
  }
  return { pattern: out, named, count };
}

const RE2_SPECIAL = /[\\^$.|?*+()[\]{}]/g;

/**
 * A glob of `parse` as a regex: each * captures, lazily so that the text after it ends it, except a *
 * that ends the pattern, which takes the rest. The match may start anywhere (the documented example
 * "[*] * The error was: *" matches a line that begins with a date) and `.` crosses line breaks.
 */
export function globRegex(glob: string): { pattern: string; count: number } {
  const pieces = glob.split('*');
  let pattern = '(?s)';
  pieces.forEach((piece, i) => {
    pattern += piece.replace(RE2_SPECIAL, (m) => `\\${m}`);
    if (i < pieces.length - 1) pattern += i === pieces.length - 2 && pieces[pieces.length - 1] === '' ? '(.*)' : '(.*?)';
  });
  return { pattern, count: pieces.length - 1 };
}
