/**
 * The Athena SQL suite: forensic questions over a 500k-event CloudTrail corpus, answered by awsfx
 * (LocalBackend, Athena SQL), by hand-written DuckDB SQL and by jq; then a profile of where awsfx's
 * time goes. Results go to the `results` block of docs/benchmarks.md.
 */
import { ensureCorpus, SQL_CORPUS, type Corpus } from './corpus';
import { JQ, ROOT, fmtMs, describeMachine, geometricMean, log, loadAverage, machineFacts, timed, writeDocBlock } from './harness';
import { interleave, nodeContender, primeAwsfx, profile, resultTable, timedOnly, type Contender, type Run, type SuiteOutcome } from './interleave';
import { QUERIES, type BenchQuery } from './queries';

const TARGET = 1.25;

type Facts = { leakedAccessKeyId: string };

function jqContender(corpus: Corpus, facts: Facts, reps: number): Contender<BenchQuery> {
  return timedOnly<BenchQuery>('jq', reps, async (query) => {
    // The shell pipeline a responder would type: decompress every delivery file, one jq program.
    const pipeline = 'find "$1" -name "*.json.gz" -exec zcat {} + | "$2" -n -c "$3"';
    const { stdout, ms, rssMb } = await timed('sh', ['-c', pipeline, 'sh', corpus.dir, JQ, query.jq(facts)]);
    return { ms, rssMb, rows: stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Run['rows'][number]) };
  });
}

function queriesSection(facts: Facts): string {
  const files = '<corpus>/AWSLogs/*/CloudTrail/*/*/*/*/*.json.gz';
  return QUERIES.map((q) =>
    [`<details><summary>${q.title}: the three programs</summary>`, '', '```sql', q.athena(facts), '```', '', '```sql', q.duckdb(facts, files), '```', '', '```sh', `find <corpus> -name '*.json.gz' -exec zcat {} + | jq -n -c '${q.jq(facts)}'`, '```', '', '</details>'].join('\n'),
  ).join('\n\n');
}

export async function runSqlSuite(reps: number, jqReps: number): Promise<SuiteOutcome> {
  const loadStart = loadAverage();
  const corpus = await ensureCorpus(ROOT, SQL_CORPUS, log);
  const primed = await primeAwsfx(corpus.dir);
  const facts: Facts = { leakedAccessKeyId: corpus.summary.story.leakedAccessKeyId };
  const contenders = [nodeContender<BenchQuery>('sql', 'awsfx', corpus.dir, facts, reps), nodeContender<BenchQuery>('sql', 'duckdb', corpus.dir, facts, reps), jqContender(corpus, facts, jqReps)];
  const measured = await interleave(QUERIES, contenders, 'duckdb', reps);

  const profileLines = measured.dropped.has('awsfx') ? [] : await profile('sql', QUERIES, corpus.dir, facts, measured);

  const s = corpus.summary;
  const duckdbVersion = measured.runs.get(`${QUERIES[0]!.id}/duckdb`)?.[0]?.detail?.engineVersion ?? 'unknown';
  const lines = [describeMachine(machineFacts(duckdbVersion, loadStart)), ''];
  lines.push(
    `Corpus: ${s.events.toLocaleString('en')} CloudTrail events (seed ${s.options.seed}) in ${s.files.toLocaleString('en')} gzip delivery files, ` +
      `${(s.bytes / 1e6).toFixed(1)} MB compressed, ${s.firstEventTime} to ${s.lastEventTime}, S3 layout. ` +
      `Each figure is the median of ${reps} runs (jq: ${jqReps}); runs interleaved (query by query, contender order rotated), each in a fresh process, files in the page cache. awsfx remembers what it learnt about the files between runs, as the CLI and the extension do; its first query ever over this corpus (every file sniffed) took ${fmtMs(primed)} (untimed here).`,
    '',
  );
  if (measured.dropped.has('awsfx')) lines.push(`**awsfx was not measured:** ${measured.dropped.get('awsfx')}`, '');
  const table = resultTable(measured, QUERIES);
  lines.push(...table.lines, '');
  if (table.toDuckDb.length) {
    const worst = Math.max(...table.toDuckDb);
    lines.push(`Target awsfx ≤ ${TARGET}× raw DuckDB: **${worst <= TARGET ? 'met' : 'missed'}** (worst ${worst.toFixed(2)}×, geometric mean ${geometricMean(table.toDuckDb).toFixed(2)}×).`);
  }
  if (profileLines.length) lines.push('', ...profileLines);
  writeDocBlock('results', `${lines.join('\n')}\n\n${queriesSection(facts)}`);
  log('');
  log(lines.join('\n'));
  const problems = [...measured.mismatches];
  if (measured.dropped.has('awsfx')) problems.push(`awsfx was not measured: ${measured.dropped.get('awsfx')}`);
  return { problems };
}
