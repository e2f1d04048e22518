/**
 * One timed run of one query by one engine, in its own process so that peak memory is the run's
 * own. Prints a single JSON line: wall time (engine start to rows in hand), rows, and what the
 * engine reports about itself.
 * Usage: node bench/.build/contender.js sql|insights awsfx|duckdb|awsfx-profile|awsfx-prime QUERY_ID DIR FACTS_JSON
 * (bundled by buildAwsfxBundle; `node --import tsx bench/contender.ts …` runs it from source).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueryRequest } from '../src/core/query';
import { AWSFX_BUNDLE, AWSFX_CACHE_DIR, normalizeRows, type Row } from './harness';
import { INSIGHTS_QUERIES } from './insightsQueries';
import { QUERIES } from './queries';

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
  const { DuckDBInstance } = require('@duckdb/node-api') as typeof import('@duckdb/node-api');
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

async function runAwsfx(request: QueryRequest): Promise<ContenderOutput> {
  const t0 = performance.now();
  const { LocalBackend } = require(AWSFX_BUNDLE) as typeof import('../src/backends/local/localBackend');
  const t1 = performance.now();
  // As the CLI runs: what earlier runs learnt about the files is remembered (the warm-up round fills it).
  const backend = new LocalBackend({ cacheDir: AWSFX_CACHE_DIR });
  const result = await backend.run(request);
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
 * Where awsfx's time goes, through its public API only: a cold trivial query costs engine start,
 * evidence discovery and view creation (first with nothing remembered about the files, as on the
 * first run ever over a folder, then as every later process finds it); a warm trivial query is what
 * every later run in the same process pays before its scan (re-discovery, translation); the warm
 * query minus that is the scan itself. The expert's DuckDB query runs in the same process for
 * comparison. The trivial query reads the same evidence through a filter DuckDB folds away, so
 * nothing is scanned: `SELECT eventname FROM cloudtrail_logs WHERE 1 = 2` in SQL, `filter 1 = 2 |
 * limit 1` over the same log groups in Logs Insights.
 */
async function profileAwsfx(request: QueryRequest, trivial: string, expertSql: string): Promise<ContenderOutput> {
  const t0 = performance.now();
  const { LocalBackend } = require(AWSFX_BUNDLE) as typeof import('../src/backends/local/localBackend');
  const t1 = performance.now();
  const fresh = mkdtempSync(join(tmpdir(), 'awsfx-bench-cache-'));
  const first = new LocalBackend({ cacheDir: fresh });
  const firstStarted = performance.now();
  await first.run({ ...request, query: trivial });
  const firstEver = performance.now() - firstStarted;
  await first.dispose();
  rmSync(fresh, { recursive: true, force: true });
  const backend = new LocalBackend({ cacheDir: AWSFX_CACHE_DIR });
  const run = async (query: string) => {
    const started = performance.now();
    const result = await backend.run({ ...request, query });
    return { ms: performance.now() - started, rows: normalizeRows(result.result.rows as unknown[][]) };
  };
  const coldSetup = await run(trivial);
  const warmSetup = await run(trivial);
  const warmQuery = await run(request.query);
  await backend.dispose();
  // Loaded after awsfx's runs (awsfx carries its own copy of this API): not timed, nor in its way.
  const { DuckDBInstance } = require('@duckdb/node-api') as typeof import('@duckdb/node-api');
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
      'first trivial query ever (nothing remembered: every file sniffed, gzip checked)': firstEver,
      'cold trivial query (engine start, discovery, views)': coldSetup.ms,
      'warm trivial query (re-discovery, translation)': warmSetup.ms,
      'warm query': warmQuery.ms,
      'scan (warm query - warm trivial query)': warmQuery.ms - warmSetup.ms,
      'expert DuckDB query, same process': expert,
    },
  };
}

/**
 * One untimed run over every log group, as an investigator's first query over a folder: awsfx sniffs
 * every file and checks every gzip stream read by lines, and remembers both (the timed runs then
 * start as every run after the first does).
 */
async function prime(dir: string): Promise<ContenderOutput> {
  const { LocalBackend } = require(AWSFX_BUNDLE) as typeof import('../src/backends/local/localBackend');
  const backend = new LocalBackend({ cacheDir: AWSFX_CACHE_DIR });
  const started = performance.now();
  await backend.run({ language: 'cwli', query: 'filter 1 = 2 | limit 1', target: { kind: 'evidence', folder: dir } });
  const ms = performance.now() - started;
  await backend.dispose();
  return { ms, rows: [], phases: {} };
}

const evidence = (folder: string, logGroups?: string[]): QueryRequest['target'] => (logGroups ? { kind: 'evidence', folder, logGroups } : { kind: 'evidence', folder });

async function main(): Promise<void> {
  const [suite, engine, queryId, dir, factsJson] = process.argv.slice(2);
  if ((suite !== 'sql' && suite !== 'insights') || !queryId || !dir || !factsJson || (engine !== 'awsfx' && engine !== 'duckdb' && engine !== 'awsfx-profile' && engine !== 'awsfx-prime')) {
    throw new Error('usage: contender.ts sql|insights awsfx|duckdb|awsfx-profile|awsfx-prime QUERY_ID DIR FACTS_JSON');
  }
  if (engine === 'awsfx-prime') {
    process.stdout.write(JSON.stringify(await prime(dir)) + '\n');
    return;
  }
  const facts = JSON.parse(factsJson) as { leakedAccessKeyId: string; attackerIp: string };
  let output: ContenderOutput;
  if (suite === 'insights') {
    const query = INSIGHTS_QUERIES.find((q) => q.id === queryId);
    if (!query) throw new Error(`no insights query ${queryId}`);
    const request: QueryRequest = { language: 'cwli', query: query.cwli(facts), target: evidence(dir, query.logGroups), rowCap: Number.MAX_SAFE_INTEGER };
    output = engine === 'duckdb'
      ? await runDuckDb(query.duckdb(facts, dir))
      : engine === 'awsfx'
        ? await runAwsfx(request)
        : await profileAwsfx(request, 'filter 1 = 2 | limit 1', query.duckdb(facts, dir));
    // Logs Insights answers in text, as CloudWatch's GetQueryResults does; compare numbers as numbers.
    if (engine !== 'duckdb') output.rows = output.rows.map((row) => row.map((v) => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v)));
  } else {
    const query = QUERIES.find((q) => q.id === queryId);
    if (!query) throw new Error(`no sql query ${queryId}`);
    const files = join(dir, 'AWSLogs/*/CloudTrail/*/*/*/*/*.json.gz');
    output =
      engine === 'duckdb'
        ? await runDuckDb(query.duckdb(facts, files))
        : engine === 'awsfx'
          ? await runAwsfx({ language: 'athena-sql', query: query.athena(facts), target: evidence(dir), rowCap: Number.MAX_SAFE_INTEGER })
          : await profileAwsfx({ language: 'athena-sql', query: query.athena(facts), target: evidence(dir), rowCap: Number.MAX_SAFE_INTEGER }, 'SELECT eventname FROM cloudtrail_logs WHERE 1 = 2', query.duckdb(facts, files));
  }
  process.stdout.write(JSON.stringify(output) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
