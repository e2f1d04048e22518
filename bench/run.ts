/**
 * `npm run bench`: awsfx against hand-written DuckDB SQL and jq on generated evidence, every
 * contender in its own process, runs interleaved, medians reported with peak RSS, answers checked
 * (a benchmark of different answers is worthless: any difference exits 1). Two suites:
 *   sql       Athena SQL on a 500k-event CloudTrail corpus (bench/sqlSuite.ts)
 *   insights  Logs Insights on a 1M-record multi-source corpus (bench/insightsSuite.ts)
 * Options: `--suite sql|insights` runs one; `--large` adds the 10M-record and 5 GB runs to the
 * Insights suite (minutes of generation and ~1 GB of disk the first time; cached in bench/.corpus).
 * Results go to docs/benchmarks.md between the bench markers; the prose around them is kept.
 */
import { parseArgs } from 'node:util';
import { rmSync } from 'node:fs';
import { AWSFX_CACHE_DIR, buildAwsfxBundle, fmtMs, log } from './harness';
import { runInsightsSuite } from './insightsSuite';
import { runSqlSuite } from './sqlSuite';

const REPS = Number(process.env.AWSFX_BENCH_REPS ?? 5);
// jq is 3-10× slower than the others; three timed runs settle its ratio and keep the bench practical.
const JQ_REPS = Math.min(REPS, Number(process.env.AWSFX_BENCH_JQ_REPS ?? 3));

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { suite: { type: 'string' }, large: { type: 'boolean' } }, strict: true });
  const suites = values.suite === undefined ? ['sql', 'insights'] : [values.suite];
  if (suites.some((s) => s !== 'sql' && s !== 'insights')) throw new Error(`--suite must be sql or insights, got ${values.suite}`);
  const started = performance.now();
  await buildAwsfxBundle();
  // What awsfx remembers about the corpora is rebuilt every run (each suite primes it, untimed): a
  // memory from an older sniffer must never answer for this one.
  rmSync(AWSFX_CACHE_DIR, { recursive: true, force: true });
  const problems: string[] = [];
  if (suites.includes('sql')) problems.push(...(await runSqlSuite(REPS, JQ_REPS)).problems);
  if (suites.includes('insights')) problems.push(...(await runInsightsSuite(REPS, JQ_REPS, values.large === true)).problems);
  log(`\nbench: ${fmtMs(performance.now() - started)} in total; results written to docs/benchmarks.md`);
  if (problems.length) {
    log(`\nTHE NUMBERS ABOVE ARE NOT A FAIR COMPARISON:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
