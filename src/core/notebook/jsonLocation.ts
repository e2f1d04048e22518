/**
 * Finds where a JSON text first goes wrong. V8's JSON.parse messages carry a position only for some
 * errors, and a person fixing a notebook by hand needs the line and column every time.
 */
export function findJsonError(text: string): { offset: number; expected: string } | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const err = (expected: string) => ({ offset: i, expected });
  type Err = ReturnType<typeof err> | undefined;

  const value = (): Err => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return undefined;
      }
    }
    return err('a value');
  };
  const string = (): Err => {
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return undefined;
      }
      if (c === '\\') {
        const n = text[i + 1];
        if (n === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return err('four hex digits after \\u');
          i += 6;
        } else if (n !== undefined && '"\\/bfnrt'.includes(n)) i += 2;
        else return err('a valid escape');
      } else if (c < ' ') return err('no control character inside a string');
      else i++;
    }
    return err('a closing quote');
  };
  const number = (): Err => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) return err('a number');
    i += m[0].length;
    return undefined;
  };
  const array = (): Err => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return undefined;
    }
    for (;;) {
      const e = value();
      if (e) return e;
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === ']') {
        i++;
        return undefined;
      } else return err('"," or "]"');
    }
  };
  const object = (): Err => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return undefined;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') return err('a quoted key');
      const k = string();
      if (k) return k;
      ws();
      if (text[i] !== ':') return err('":"');
      i++;
      const e = value();
      if (e) return e;
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === '}') {
        i++;
        return undefined;
      } else return err('"," or "}"');
    }
  };

  const e = value();
  if (e) return e;
  ws();
  return i < text.length ? err('the end of the file') : undefined;
}
