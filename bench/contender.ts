/**
 * One timed run of one query by one engine, in its own process so that peak memory is the run's
 * own. Prints a single JSON line: wall time (engine start to rows in hand), rows, and what the
 * engine reports about itself. Usage: node --import tsx bench/contender.ts awsfx|duckdb|awsfx-profile QUERY_ID DIR KEY
 */
import { join } from 'node:path';
import { QUERIES, normalizeRows, type Row } from './queries';

export interface ContenderOutput {
  ms: number;
  rows: Row[];
  /** Milliseconds of phases the contender can see from outside (awsfx: import, run, statistics). */
  phases: Record<string, number>;
  engineVersion?: string;
  executedQuery?: string;
  warnings?: number;
}

async function runDuckDb(sql: string): Promise<ContenderOutput> {
  const t0 = performance.now();
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const t1 = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const t2 = performance.now();
  const reader = await connection.runAndReadAll(sql);
  const rows = normalizeRows(reader.getRowsJS());
  const t3 = performance.now();
  const version = (await connection.runAndReadAll('SELECT version()')).getRowsJS()[0]![0] as string;
  connection.closeSync();
  instance.closeSync();
  return { ms: t3 - t0, rows, phases: { import: t1 - t0, open: t2 - t1, query: t3 - t2 }, engineVersion: version };
}

async function runAwsfx(query: string, folder: string): Promise<ContenderOutput> {
  const t0 = performance.now();
  const { LocalBackend } = await import('../src/backends/local/localBackend');
  const t1 = performance.now();
  const backend = new LocalBackend();
  const result = await backend.run({ language: 'athena-sql', query, target: { kind: 'evidence', folder }, rowCap: Number.MAX_SAFE_INTEGER });
  const rows = normalizeRows(result.result.rows as unknown[][]);
  const t2 = performance.now();
  await backend.dispose();
  const phases: Record<string, number> = { import: t1 - t0, run: t2 - t1 };
  for (const [k, v] of Object.entries(result.facts.statistics)) phases[`stat:${k}`] = v;
  const out: ContenderOutput = { ms: t2 - t0, rows, phases, engineVersion: result.facts.engineVersion, warnings: result.warnings.length };
  if (result.facts.executedQuery !== undefined) out.executedQuery = result.facts.executedQuery;
  return out;
}

/**
 * Where awsfx's time goes, through its public API only: a cold `SELECT 1` costs engine start,
 * evidence discovery and view creation; a warm `SELECT 1` is what every later run pays before its
 * scan (re-discovery, translation); the warm query minus that is the scan through the view. The
 * expert's DuckDB query runs in the same process for comparison.
 */
async function profileAwsfx(query: string, folder: string, expertSql: string): Promise<ContenderOutput> {
  const t0 = performance.now();
  const { LocalBackend } = await import('../src/backends/local/localBackend');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const t1 = performance.now();
  const backend = new LocalBackend();
  const run = async (text: string) => {
    const started = performance.now();
    const result = await backend.run({ language: 'athena-sql', query: text, target: { kind: 'evidence', folder }, rowCap: Number.MAX_SAFE_INTEGER });
    return { ms: performance.now() - started, rows: normalizeRows(result.result.rows as unknown[][]) };
  };
  const coldSetup = await run('SELECT 1 AS x');
  const warmSetup = await run('SELECT 1 AS x');
  const warmQuery = await run(query);
  await backend.dispose();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const t2 = performance.now();
  await connection.runAndReadAll(expertSql);
  const expert = performance.now() - t2;
  connection.closeSync();
  instance.closeSync();
  return {
    ms: t1 - t0 + coldSetup.ms + warmQuery.ms,
    rows: warmQuery.rows,
    phases: {
      'import modules': t1 - t0,
      'cold SELECT 1 (engine start, discovery, views)': coldSetup.ms,
      'warm SELECT 1 (re-discovery, translation)': warmSetup.ms,
      'warm query': warmQuery.ms,
      'scan through view (warm query - warm SELECT 1)': warmQuery.ms - warmSetup.ms,
      'expert DuckDB query, same process': expert,
    },
  };
}

async function main(): Promise<void> {
  const [engine, queryId, dir, leakedAccessKeyId] = process.argv.slice(2);
  const query = QUERIES.find((q) => q.id === queryId);
  if (!query || !dir || !leakedAccessKeyId || (engine !== 'awsfx' && engine !== 'duckdb' && engine !== 'awsfx-profile')) {
    throw new Error('usage: contender.ts awsfx|duckdb|awsfx-profile QUERY_ID DIR LEAKED_KEY');
  }
  const facts = { leakedAccessKeyId };
  const files = join(dir, 'AWSLogs/*/CloudTrail/*/*/*/*/*.json.gz');
  const output =
    engine === 'duckdb'
      ? await runDuckDb(query.duckdb(facts, files))
      : engine === 'awsfx'
        ? await runAwsfx(query.athena(facts), dir)
        : await profileAwsfx(query.athena(facts), dir, query.duckdb(facts, files));
  process.stdout.write(JSON.stringify(output) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
