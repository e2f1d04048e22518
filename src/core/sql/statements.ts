/**
 * A cell may hold a script: statements separated by semicolons. Each one is classified so that a
 * local run executes queries and explains, rather than attempts, what only makes sense on Athena
 * (DDL that creates catalog tables, partition maintenance, writes to S3).
 */
import type { SourceRange } from '../errors';
import { isSignificant, isSymbol, tokenize, wordOf, type Token } from './tokenizer';

export type StatementKind =
  /** Returns rows: SELECT, WITH, VALUES, TABLE, or a parenthesised query. */
  | 'query'
  /** Looks at the schema: DESCRIBE t, SHOW COLUMNS FROM t, SHOW TABLES, EXPLAIN. */
  | 'utility'
  /** Changes the catalog or writes data on AWS; accepted and not run locally. */
  | 'ddl'
  /** Not something the local engine will run (PREPARE, EXECUTE, or not Athena SQL at all). */
  | 'unsupported';

export interface TableDeclaration {
  /** The table name as Athena stores it (lowercase, without database). */
  name: string;
  /** True when the DDL reads CloudTrail logs (its SerDe, input format or S3 location says so). */
  cloudTrail: boolean;
}

export interface SqlStatement {
  kind: StatementKind;
  /** The leading keywords, uppercase, e.g. `SELECT`, `CREATE EXTERNAL TABLE`, `MSCK REPAIR TABLE`. */
  keyword: string;
  /** Statement text without the separating semicolon. */
  text: string;
  /** Tokens of the statement, offsets relative to the whole script. */
  tokens: Token[];
  range: SourceRange;
  /** Why a ddl or unsupported statement is not run locally. */
  reason?: string;
  /** For CREATE EXTERNAL TABLE: the table it declares. */
  declares?: TableDeclaration;
}

/** Splits a script at top-level semicolons; statements holding only comments are dropped. */
export function splitStatements(sql: string): SqlStatement[] {
  const tokens = tokenize(sql);
  const statements: SqlStatement[] = [];
  let current: Token[] = [];
  const flush = (): void => {
    const significant = current.filter(isSignificant);
    if (significant.length > 0) {
      const first = significant[0]!;
      const last = significant[significant.length - 1]!;
      const text = sql.slice(first.start, last.end);
      statements.push({
        ...classify(significant),
        text,
        tokens: current.filter((t) => t.start >= first.start && t.end <= last.end),
        range: { line: first.line, column: first.column, ...endOf(last) },
      });
    }
    current = [];
  };
  for (const token of tokens) {
    if (isSymbol(token, ';')) flush();
    else current.push(token);
  }
  flush();
  return statements;
}

function endOf(token: Token): { endLine: number; endColumn: number } {
  const lines = token.text.split('\n');
  if (lines.length === 1) return { endLine: token.line, endColumn: token.column + [...token.text].length };
  return { endLine: token.line + lines.length - 1, endColumn: [...lines[lines.length - 1]!].length + 1 };
}

type Classification = Pick<SqlStatement, 'kind' | 'keyword' | 'reason' | 'declares'>;

const SKIPPED: Record<string, string> = {
  ALTER: 'partitions and table properties come from the evidence folder, so there is nothing to alter locally',
  MSCK: 'partitions come from the evidence folder layout, so there is nothing to repair locally',
  DROP: 'the local tables are views over the evidence folder and are not dropped',
  INSERT: 'it writes to a table in S3; run it on Athena',
  UNLOAD: 'it writes query results to S3; run it on Athena',
  DELETE: 'it changes data in S3; run it on Athena',
  UPDATE: 'it changes data in S3; run it on Athena',
  MERGE: 'it changes data in S3; run it on Athena',
  VACUUM: 'it maintains an Iceberg table on AWS; run it on Athena',
  OPTIMIZE: 'it maintains an Iceberg table on AWS; run it on Athena',
  USE: 'the local engine has one database, made from the evidence folder',
};

function classify(tokens: Token[]): Classification {
  const words = tokens.slice(0, 4).map(wordOf);
  const first = words[0];
  if (isSymbol(tokens[0], '(')) return { kind: 'query', keyword: 'SELECT' };
  switch (first) {
    case 'select':
    case 'with':
    case 'values':
    case 'table':
      return { kind: 'query', keyword: first.toUpperCase() };
    case 'describe':
    case 'desc':
      return { kind: 'utility', keyword: 'DESCRIBE' };
    case 'explain':
      return { kind: 'utility', keyword: 'EXPLAIN' };
    case 'show':
      return classifyShow(words);
    case 'create':
      return classifyCreate(tokens);
    case 'prepare':
    case 'execute':
    case 'deallocate':
      return { kind: 'unsupported', keyword: first.toUpperCase(), reason: 'prepared statements run only on Athena; write the values into the query to run it locally' };
    case undefined:
      break;
    default: {
      const reason = SKIPPED[first.toUpperCase()];
      if (reason) return { kind: 'ddl', keyword: keywordOf(words), reason };
    }
  }
  const shown = first ? first.toUpperCase() : tokens[0]!.text;
  return { kind: 'unsupported', keyword: shown, reason: `"${shown}" does not start an Athena SQL statement that the local engine runs (SELECT, WITH, VALUES, DESCRIBE, SHOW, EXPLAIN)` };
}

function keywordOf(words: (string | undefined)[]): string {
  const taken: string[] = [];
  for (const word of words.slice(0, 3)) {
    if (!word) break;
    taken.push(word.toUpperCase());
  }
  return taken.join(' ');
}

function classifyShow(words: (string | undefined)[]): Classification {
  const what = words[1];
  if (what === 'tables' || what === 'columns') return { kind: 'utility', keyword: `SHOW ${what.toUpperCase()}` };
  return {
    kind: 'ddl',
    keyword: keywordOf(words),
    reason: 'it describes the Athena catalog; locally, SHOW TABLES and DESCRIBE <table> list what the evidence folder provides',
  };
}

function classifyCreate(tokens: Token[]): Classification {
  const words = tokens.slice(0, 8).map(wordOf);
  let i = 1;
  if (words[i] === 'or' && words[i + 1] === 'replace') i += 2;
  const external = words[i] === 'external';
  if (external) i += 1;
  const object = words[i];
  if (object === 'table' && external) {
    const declares = declaredTable(tokens, i + 1);
    const keyword = 'CREATE EXTERNAL TABLE';
    if (declares?.cloudTrail) {
      return { kind: 'ddl', keyword, declares, reason: `it declares the CloudTrail table ${declares.name}, which the local engine already provides from the evidence folder` };
    }
    return { kind: 'ddl', keyword, ...(declares ? { declares } : {}), reason: 'it declares a table over S3 data that is not CloudTrail; the local engine provides only the CloudTrail tables' };
  }
  if (object === 'table') {
    const ctas = tokens.some((t) => wordOf(t) === 'as');
    return ctas
      ? { kind: 'ddl', keyword: 'CREATE TABLE AS', reason: 'CREATE TABLE AS SELECT writes a new table to S3; run its SELECT on its own to see the rows locally' }
      : { kind: 'ddl', keyword: 'CREATE TABLE', reason: 'it creates a table in the Athena catalog; the local tables come from the evidence folder' };
  }
  if (object === 'view') return { kind: 'ddl', keyword: 'CREATE VIEW', reason: 'views are stored in the Athena catalog; run the view\'s SELECT directly to query it locally' };
  if (object === 'database' || object === 'schema') return { kind: 'ddl', keyword: `CREATE ${object.toUpperCase()}`, reason: 'the local engine has one database, made from the evidence folder' };
  return { kind: 'ddl', keyword: keywordOf(words), reason: 'it changes the Athena catalog, which the local engine does not have' };
}

/** Reads `[IF NOT EXISTS] [db.]name` after CREATE EXTERNAL TABLE, and whether the DDL is CloudTrail's. */
function declaredTable(tokens: Token[], from: number): TableDeclaration | undefined {
  let i = from;
  if (wordOf(tokens[i]) === 'if' && wordOf(tokens[i + 1]) === 'not' && wordOf(tokens[i + 2]) === 'exists') i += 3;
  let name: string | undefined;
  while (i < tokens.length) {
    const token = tokens[i]!;
    if (token.kind === 'word' || token.kind === 'quoted') name = (token.value ?? token.text).toLowerCase();
    else break;
    if (!isSymbol(tokens[i + 1], '.')) break;
    i += 2;
  }
  if (name === undefined) return undefined;
  // The SerDe and input format are what make a Hive table read CloudTrail files; a LOCATION under
  // .../CloudTrail/ says the same for tables declared with a generic JSON SerDe.
  const cloudTrail = tokens.some(
    (t) => t.kind === 'string' && /CloudTrailInputFormat|CloudTrailSerde|\/CloudTrail(\/|$)/i.test(t.value ?? ''),
  );
  return { name, cloudTrail };
}
