/**
 * Trino formats dates with MySQL specifiers (date_format, date_parse) and with Joda-Time patterns
 * (format_datetime, parse_datetime). DuckDB's strftime/strptime use C specifiers. These convert a
 * format known when the query is translated; an unknown specifier is an error, not a silent guess.
 */

export class DateFormatError extends Error {
  override readonly name = 'DateFormatError';
}

export type FormatDirection = 'format' | 'parse';

/** MySQL specifier → strftime specifier. strptime accepts padded fields for unpadded input. */
const MYSQL: Record<string, { format: string; parse: string }> = {
  a: { format: '%a', parse: '%a' },
  b: { format: '%b', parse: '%b' },
  c: { format: '%-m', parse: '%m' },
  d: { format: '%d', parse: '%d' },
  e: { format: '%-d', parse: '%d' },
  f: { format: '%f', parse: '%f' },
  H: { format: '%H', parse: '%H' },
  h: { format: '%I', parse: '%I' },
  I: { format: '%I', parse: '%I' },
  i: { format: '%M', parse: '%M' },
  j: { format: '%j', parse: '%j' },
  k: { format: '%-H', parse: '%H' },
  l: { format: '%-I', parse: '%I' },
  M: { format: '%B', parse: '%B' },
  m: { format: '%m', parse: '%m' },
  p: { format: '%p', parse: '%p' },
  r: { format: '%I:%M:%S %p', parse: '%I:%M:%S %p' },
  S: { format: '%S', parse: '%S' },
  s: { format: '%S', parse: '%S' },
  T: { format: '%H:%M:%S', parse: '%H:%M:%S' },
  W: { format: '%A', parse: '%A' },
  w: { format: '%w', parse: '%w' },
  Y: { format: '%Y', parse: '%Y' },
  y: { format: '%y', parse: '%y' },
  '%': { format: '%%', parse: '%%' },
};

/** Converts a MySQL-style format (Trino date_format / date_parse) to a strftime / strptime format. */
export function mysqlToStrftime(format: string, direction: FormatDirection): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const spec = format[i + 1];
    i += 1;
    if (spec === undefined) throw new DateFormatError('the format ends with a lone %');
    const mapped = MYSQL[spec];
    if (!mapped) throw new DateFormatError(`%${spec} in a date format is not supported locally`);
    out += mapped[direction];
  }
  return out;
}

/** Joda-Time letters by run length (longest first); a run longer than listed uses the longest form. */
const JODA: Record<string, Array<[number, string, string]>> = {
  // [minimum run length, format, parse]
  y: [[3, '%Y', '%Y'], [2, '%y', '%y'], [1, '%Y', '%Y']],
  Y: [[3, '%Y', '%Y'], [2, '%y', '%y'], [1, '%Y', '%Y']],
  x: [[3, '%G', '%G'], [1, '%G', '%G']],
  M: [[4, '%B', '%B'], [3, '%b', '%b'], [2, '%m', '%m'], [1, '%-m', '%m']],
  d: [[2, '%d', '%d'], [1, '%-d', '%d']],
  D: [[1, '%j', '%j']],
  H: [[2, '%H', '%H'], [1, '%-H', '%H']],
  h: [[2, '%I', '%I'], [1, '%-I', '%I']],
  m: [[2, '%M', '%M'], [1, '%-M', '%M']],
  s: [[2, '%S', '%S'], [1, '%-S', '%S']],
  S: [[6, '%f', '%f'], [1, '%g', '%g']],
  a: [[1, '%p', '%p']],
  E: [[4, '%A', '%A'], [1, '%a', '%a']],
  Z: [[1, '%z', '%z']],
  z: [[1, '%Z', '%Z']],
};

/** Converts a Joda-Time pattern (Trino format_datetime / parse_datetime) to strftime / strptime. */
export function jodaToStrftime(pattern: string, direction: FormatDirection): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === "'") {
      // Quoted literal text; '' is a single quote.
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      let j = i + 1;
      let literal = '';
      for (;;) {
        if (j >= pattern.length) throw new DateFormatError('a quoted part of the date pattern is not closed');
        if (pattern[j] === "'") {
          if (pattern[j + 1] !== "'") break;
          literal += "'";
          j += 2;
        } else {
          literal += pattern[j];
          j += 1;
        }
      }
      out += literal.replace(/%/g, '%%');
      i = j + 1;
      continue;
    }
    if (/[A-Za-z]/.test(ch)) {
      let run = 1;
      while (pattern[i + run] === ch) run += 1;
      const forms = JODA[ch];
      if (!forms) throw new DateFormatError(`the pattern letter ${ch} is not supported locally`);
      const form = forms.find(([min]) => run >= min)!;
      out += direction === 'format' ? form[1] : form[2];
      i += run;
      continue;
    }
    out += ch === '%' ? '%%' : ch;
    i += 1;
  }
  return out;
}
