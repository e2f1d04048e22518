/**
 * Reads what the parser needs from a regex literal: its named groups (the fields `parse` creates),
 * a leading (?i), and constructs outside RE2 (the syntax the Logs Insights docs name), which a
 * query should not rely on. A single forward pass; it never runs the pattern.
 */
export interface RegexGroup {
  name: string;
  /** Offsets inside the pattern text. */
  start: number;
  end: number;
}

export interface RegexIssue {
  what: string;
  start: number;
  end: number;
}

export interface RegexAnalysis {
  groups: RegexGroup[];
  unsupported: RegexIssue[];
  caseInsensitive: boolean;
}

export function analyzeRegex(pattern: string): RegexAnalysis {
  const groups: RegexGroup[] = [];
  const unsupported: RegexIssue[] = [];
  let inClass = false;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (!inClass && next !== undefined && next >= '1' && next <= '9') unsupported.push({ what: `the backreference \\${next}`, start: i, end: i + 2 });
      else if (!inClass && next === 'k' && pattern[i + 2] === '<') unsupported.push({ what: 'a named backreference \\k<…>', start: i, end: i + 3 });
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      // A ']' right after '[' or '[^' is a literal member, not the end of the class.
      i += pattern[i + 1] === '^' ? 2 : 1;
      if (pattern[i] === ']') i++;
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2, i + 4);
      if (rest.startsWith('=') || rest.startsWith('!')) unsupported.push({ what: `lookahead (?${rest[0]}…)`, start: i, end: i + 3 });
      else if (rest === '<=' || rest === '<!') unsupported.push({ what: `lookbehind (?${rest}…)`, start: i, end: i + 4 });
      else {
        const nameStart = rest.startsWith('<') ? i + 3 : rest === 'P<' ? i + 4 : -1;
        if (nameStart > 0) {
          let end = nameStart;
          while (end < pattern.length && /\w/.test(pattern[end]!)) end++;
          if (pattern[end] === '>' && end > nameStart) groups.push({ name: pattern.slice(nameStart, end), start: nameStart, end });
        }
      }
    }
    i++;
  }
  return { groups, unsupported, caseInsensitive: /^\(\?[a-zA-Z]*i[a-zA-Z]*[:)]/.test(pattern) };
}
