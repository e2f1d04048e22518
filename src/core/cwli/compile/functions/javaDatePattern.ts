/**
 * parseDate() takes a Java DateTimeFormatter pattern; DuckDB parses with strptime codes. The common
 * letters are translated; any other letter is refused with its place, so a date is never misread.
 */
import type { Range } from '../../position';
import { queryError } from '../compileError';

const CODES: Readonly<Record<string, (count: number) => string | undefined>> = {
  y: (n) => (n === 2 ? '%y' : '%Y'),
  u: (n) => (n === 2 ? '%y' : '%Y'),
  M: (n) => (n >= 4 ? '%B' : n === 3 ? '%b' : '%m'),
  d: () => '%d',
  H: () => '%H',
  h: () => '%I',
  m: () => '%M',
  s: () => '%S',
  S: (n) => (n === 3 ? '%g' : n === 6 ? '%f' : n === 9 ? '%n' : undefined),
  a: () => '%p',
  E: (n) => (n >= 4 ? '%A' : '%a'),
  Z: () => '%z',
  X: () => '%z',
  x: () => '%z',
  z: () => '%Z',
};

const ZONE_LETTERS = new Set(['Z', 'X', 'x', 'z']);

export function strptimeFormat(pattern: string, range: Range): { strptime: string; hasZone: boolean } {
  let out = '';
  let hasZone = false;
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === "'") {
      // 'text' is literal; '' is one quote.
      const end = pattern.indexOf("'", i + 1);
      const literal = end < 0 ? pattern.slice(i + 1) : pattern.slice(i + 1, end);
      out += literal === '' ? "'" : literal.replace(/%/g, '%%');
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let n = 1;
      while (pattern[i + n] === c) n++;
      const code = CODES[c]?.(n);
      if (!code) throw queryError('query.unsupported', `The date pattern letter ${c.repeat(n)} is not available on local evidence; use yyyy MM dd HH mm ss SSS, MMM, EEE, a, XXX or Z.`, range);
      if (ZONE_LETTERS.has(c)) hasZone = true;
      out += code;
      i += n;
      continue;
    }
    out += c === '%' ? '%%' : c;
    i++;
  }
  return { strptime: out, hasZone };
}
