/**
 * Trino type syntax, as written in CAST(... AS type), to DuckDB type syntax:
 * ARRAY(T) → T[], MAP(K, V) → MAP(K, V), ROW(a T, ...) → STRUCT(a T, ...),
 * TIMESTAMP(p) WITH TIME ZONE → TIMESTAMPTZ, VARBINARY → BLOB, VARCHAR(n) → VARCHAR.
 */
import { isSymbol, quoteIdentifier, wordOf, type Token } from './tokenizer';

export class TypeSyntaxError extends Error {
  override readonly name = 'TypeSyntaxError';
  constructor(
    message: string,
    readonly token: Token | undefined,
    readonly problem: 'syntax' | 'unsupported' = 'syntax',
  ) {
    super(message);
  }
}

export interface TranslatedType {
  sql: string;
  /** Types with no DuckDB equivalent that the caller turns into function calls. */
  special?: 'ipaddress' | 'json';
}

/** Translates a whole type; `tokens` are the significant tokens of the type and nothing else. */
export function translateType(tokens: Token[]): TranslatedType {
  const parser = new TypeParser(tokens);
  const first = wordOf(tokens[0]);
  if ((first === 'ipaddress' || first === 'json') && tokens.length === 1) return { sql: first.toUpperCase(), special: first };
  const sql = parser.type();
  if (parser.pos < tokens.length) throw new TypeSyntaxError(`unexpected "${tokens[parser.pos]!.text}" in a type`, tokens[parser.pos]);
  return { sql };
}

class TypeParser {
  pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peekWord(offset = 0): string | undefined {
    return wordOf(this.tokens[this.pos + offset]);
  }

  private expect(symbol: string): void {
    const token = this.tokens[this.pos];
    if (!isSymbol(token, symbol)) throw new TypeSyntaxError(`expected "${symbol}" in a type`, token);
    this.pos += 1;
  }

  /** Skips `(n)` or `(p, s)` and returns the text inside. */
  private params(): string | undefined {
    if (!isSymbol(this.tokens[this.pos], '(')) return undefined;
    this.pos += 1;
    const parts: string[] = [];
    while (this.pos < this.tokens.length && !isSymbol(this.tokens[this.pos], ')')) {
      parts.push(this.tokens[this.pos]!.text);
      this.pos += 1;
    }
    this.expect(')');
    return parts.join('').replace(/,/g, ', ');
  }

  private timeZoneSuffix(): boolean {
    if (this.peekWord() === 'with' && this.peekWord(1) === 'time' && this.peekWord(2) === 'zone') {
      this.pos += 3;
      return true;
    }
    if (this.peekWord() === 'without' && this.peekWord(1) === 'time' && this.peekWord(2) === 'zone') this.pos += 3;
    return false;
  }

  type(): string {
    const token = this.tokens[this.pos];
    const name = wordOf(token);
    if (name === undefined) throw new TypeSyntaxError('expected a type name', token);
    this.pos += 1;
    switch (name) {
      case 'array': {
        this.expect('(');
        const element = this.type();
        this.expect(')');
        return `${element}[]`;
      }
      case 'map': {
        this.expect('(');
        const key = this.type();
        this.expect(',');
        const value = this.type();
        this.expect(')');
        return `MAP(${key}, ${value})`;
      }
      case 'row':
        return this.row();
      case 'timestamp':
        this.params();
        return this.timeZoneSuffix() ? 'TIMESTAMPTZ' : 'TIMESTAMP';
      case 'time':
        this.params();
        return this.timeZoneSuffix() ? 'TIMETZ' : 'TIME';
      case 'interval':
        // INTERVAL YEAR TO MONTH / DAY TO SECOND: DuckDB has one interval type.
        while (['year', 'month', 'day', 'second', 'to'].includes(this.peekWord() ?? '')) this.pos += 1;
        return 'INTERVAL';
      case 'varchar':
      case 'char':
        // DuckDB has no length limits or blank-padded CHAR; the value is kept as it is.
        this.params();
        return 'VARCHAR';
      case 'varbinary':
        return 'BLOB';
      case 'double':
        if (this.peekWord() === 'precision') this.pos += 1;
        return 'DOUBLE';
      case 'ipaddress':
      case 'ipprefix':
        throw new TypeSyntaxError(`${name.toUpperCase()} inside another type is not supported locally`, token, 'unsupported');
      default: {
        const params = this.params();
        return params === undefined ? name.toUpperCase() : `${name.toUpperCase()}(${params})`;
      }
    }
  }

  private row(): string {
    this.expect('(');
    const fields: string[] = [];
    let index = 1;
    for (;;) {
      const token = this.tokens[this.pos];
      const next = this.tokens[this.pos + 1];
      let fieldName: string;
      const named = token?.kind === 'quoted' || (token?.kind === 'word' && (next?.kind === 'word' || next?.kind === 'quoted') && !this.isMultiWordType());
      if (named) {
        fieldName = (token!.value ?? token!.text).toLowerCase();
        this.pos += 1;
      } else {
        // Trino names anonymous row fields by position; DuckDB structs need names.
        fieldName = `field${index}`;
      }
      fields.push(`${quoteIdentifier(fieldName)} ${this.type()}`);
      index += 1;
      if (isSymbol(this.tokens[this.pos], ',')) {
        this.pos += 1;
        continue;
      }
      this.expect(')');
      return `STRUCT(${fields.join(', ')})`;
    }
  }

  private isMultiWordType(): boolean {
    const a = this.peekWord();
    const b = this.peekWord(1);
    return (a === 'double' && b === 'precision') || ((a === 'timestamp' || a === 'time') && (b === 'with' || b === 'without')) || (a === 'interval' && (b === 'day' || b === 'year'));
  }
}
