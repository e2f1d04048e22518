/**
 * A snippet body as VS Code inserts it when the investigator accepts every default: placeholders
 * become their default text (`${1:AKIA…}` → `AKIA…`, a choice its first option), bare tab stops
 * nothing, and `\$ \} \\` the character escaped. Variables are not expanded: our snippets use none.
 */
export function insertedText(body: string | string[]): string {
  const text = Array.isArray(body) ? body.join('\n') : body;
  let out = '';
  let i = 0;
  const read = (until: string | undefined): string => {
    let part = '';
    while (i < text.length) {
      const c = text[i]!;
      if (c === '\\' && (text[i + 1] === '$' || text[i + 1] === '}' || text[i + 1] === '\\')) {
        part += text[i + 1];
        i += 2;
      } else if (until !== undefined && c === until) {
        return part;
      } else if (c === '$' && /[0-9]/.test(text[i + 1] ?? '')) {
        i += 1;
        while (/[0-9]/.test(text[i] ?? '')) i += 1;
      } else if (c === '$' && text[i + 1] === '{' && /[0-9]/.test(text[i + 2] ?? '')) {
        i += 2;
        while (/[0-9]/.test(text[i] ?? '')) i += 1;
        if (text[i] === ':') {
          i += 1;
          part += read('}');
        } else if (text[i] === '|') {
          i += 1;
          const choices = read('|');
          i += 1;
          part += choices.split(',')[0];
        }
        if (text[i] !== '}') throw new Error(`unclosed placeholder in: ${text}`);
        i += 1;
      } else if (c === '$' && /[A-Za-z_{]/.test(text[i + 1] ?? '')) {
        throw new Error(`snippet variable at ${i} in: ${text}`);
      } else {
        part += c;
        i += 1;
      }
    }
    if (until !== undefined) throw new Error(`missing ${until} in: ${text}`);
    return part;
  };
  out = read(undefined);
  return out;
}
