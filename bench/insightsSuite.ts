/**
 * The Logs Insights suite: forensic questions over a 1M-record multi-source corpus (CloudTrail, VPC
 * flow logs in two formats, Route 53 Resolver query logs, GuardDuty findings), answered by awsfx
 * (LocalBackend, `cwli`), by hand-written DuckDB SQL and by jq. With `--large`, also: the same
 * questions on 10M records (time per record against 1M: is it linear?) and awsfx's peak memory on a
 * corpus that inflates to 5 GB. Results go to the `insights` and `insights-large` blocks of
 * docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { ensureCorpus, freeBytes, INSIGHTS_CORPUS, rssCorpusSpec, TENFOLD_CORPUS, type Corpus } from './corpus';
import { JQ, ROOT, describeMachine, fmtMb, fmtMs, geometricMean, log, loadAverage, machineFacts, ratio, timed, writeDocBlock, type Row } from './harness';
import { INSIGHTS_QUERIES, type InsightsFacts, type InsightsQuery } from './insightsQueries';
import { interleave, nodeContender, primeAwsfx, profile, resultTable, stats, timedOnly, type Contender, type Measured, type SuiteOutcome } from './interleave';

const TO_DUCKDB = 1.25;
const TO_JQ = 0.25;
const RSS_LIMIT_MB = 1.5 * 1024;
const LARGE_REPS = Number(process.env.AWSFX_BENCH_LARGE_REPS ?? 3);

const factsOf = (corpus: Corpus): InsightsFacts & { leakedAccessKeyId: string } => ({ attackerIp: corpus.summary.story.attackerIp, leakedAccessKeyId: corpus.summary.story.leakedAccessKeyId });

/** One shell: each pass decompresses its services' files into its jq program; the rows add up. */
function jqContender(corpus: Corpus, facts: InsightsFacts, reps: number): Contender<InsightsQuery> {
  return timedOnly<InsightsQuery>('jq', reps, async (query) => {
    const passes = query.jq(facts);
    const script = passes
      .map((p, i) => `find "$1" \\( ${p.services.map((s) => `-path '*/${s}/*'`).join(' -o ')} \\) -name '*.gz' -exec zcat {} + | "$2" ${p.raw ? '-R ' : ''}-n -c "$${i + 3}"`)
      .join('; ');
    const { stdout, ms, rssMb } = await timed('sh', ['-c', script, 'sh', corpus.dir, JQ, ...passes.map((p) => p.program)]);
    return { ms, rssMb, rows: stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Row) };
  });
}

function describeCorpus(corpus: Corpus): string {
  const s = corpus.summary;
  const by = (['cloudtrail', 'vpcflow', 'route53', 'guardduty'] as const).map((k) => `${k} ${(s.bySource[k]?.records ?? 0).toLocaleString('en')}`).join(', ');
  return `${s.events.toLocaleString('en')} records (${by}; seed ${s.options.seed}) in ${s.files.toLocaleString('en')} gzip files, ${(s.bytes / 1e6).toFixed(0)} MB compressed, ` +
    `${(s.rawBytes / 1e9).toFixed(2)} GB inflated, ${s.firstEventTime} to ${s.lastEventTime}, S3 layout`;
}

function programsSection(corpus: Corpus, facts: InsightsFacts): string {
  return INSIGHTS_QUERIES.map((q) => {
    const jq = q.jq(facts).map((p) => `find <corpus> \\( ${p.services.map((s) => `-path '*/${s}/*'`).join(' -o ')} \\) -name '*.gz' -exec zcat {} + | jq ${p.raw ? '-R ' : ''}-n -c '${p.program}'`).join('\n');
    const groups = q.logGroups ? ` (log groups: ${q.logGroups.join(', ')})` : ' (every log group)';
    return [`<details><summary>${q.title}: the three programs</summary>`, '', `Logs Insights${groups}:`, '', '```', q.cwli(facts), '```', '', '```sql', q.duckdb(facts, corpus.dir).replaceAll(corpus.dir, '<corpus>'), '```', '', '```sh', jq, '```', '', '</details>'].join('\n');
  }).join('\n\n');
}

/** Reads every file once so the large corpora start from the page cache, as the 1M runs do after warm-up. */
function warmPageCache(dir: string): void {
  execFileSync('sh', ['-c', 'find "$1" -type f -exec cat {} + > /dev/null', 'sh', dir]);
}

async function largeRuns(small: Corpus, smallMeasured: Measured, problems: string[]): Promise<string> {
  const lines: string[] = [];
  log(`large runs: ${(freeBytes(ROOT) / 1e9).toFixed(0)} GB free before generating`);
  const tenfold = await ensureCorpus(ROOT, TENFOLD_CORPUS, log);
  const heavy = await ensureCorpus(ROOT, rssCorpusSpec(tenfold), log);
  const loadStart = loadAverage();

  warmPageCache(tenfold.dir);
  const primeTenfold = await primeAwsfx(tenfold.dir);
  const tenfoldFacts = factsOf(tenfold);
  const big = await interleave(INSIGHTS_QUERIES, [nodeContender('insights', 'awsfx', tenfold.dir, tenfoldFacts, LARGE_REPS), nodeContender('insights', 'duckdb', tenfold.dir, tenfoldFacts, LARGE_REPS)].map((c) => ({ ...c, warmUp: false })), 'duckdb', LARGE_REPS);
  problems.push(...big.mismatches.map((m) => `10M: ${m}`));
  lines.push(`**1M vs 10M records.** ${describeCorpus(tenfold)}. Medians of ${LARGE_REPS} interleaved runs each, files in the page cache. Time per record at 10M divided by time per record at 1M: 1.00 is linear, less is better than linear (fixed costs amortised). awsfx's first query ever over this corpus (every file sniffed, every flow log's gzip stream checked; remembered for later runs, untimed in the table) took ${fmtMs(primeTenfold)}.`, '');
  lines.push('| query | awsfx 1M | awsfx 10M | awsfx per-record ratio | DuckDB 1M | DuckDB 10M | DuckDB per-record ratio | awsfx / DuckDB at 10M | same answer at 10M |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  const perRecord: number[] = [];
  const scale = tenfold.summary.events / small.summary.events;
  for (const q of INSIGHTS_QUERIES) {
    const [a1, a10, d1, d10] = [stats(smallMeasured, q.id, 'awsfx'), stats(big, q.id, 'awsfx'), stats(smallMeasured, q.id, 'duckdb'), stats(big, q.id, 'duckdb')];
    const per = (x?: number, y?: number) => (x !== undefined && y !== undefined ? x / scale / y : undefined);
    const pa = per(a10.median, a1.median);
    if (pa !== undefined) perRecord.push(pa);
    const same = big.answers.get(q.id);
    const agree = same ? ([...same.values()].every((v) => v === same.get('duckdb')) ? 'yes' : '**NO**') : 'n/a';
    const ms = (s: { median?: number }) => (s.median === undefined ? 'n/a' : fmtMs(s.median));
    lines.push(`| ${q.id} | ${ms(a1)} | ${ms(a10)} | ${pa === undefined ? 'n/a' : pa.toFixed(2)} | ${ms(d1)} | ${ms(d10)} | ${per(d10.median, d1.median)?.toFixed(2) ?? 'n/a'} | ${ratio(a10.median, d10.median)} | ${agree} |`);
  }
  if (perRecord.length) lines.push('', `Target linear: awsfx's time per record at 10M is ${geometricMean(perRecord).toFixed(2)}× its time per record at 1M (geometric mean; worst ${Math.max(...perRecord).toFixed(2)}×): **${Math.max(...perRecord) <= 1.1 ? 'met' : 'missed'}**.`);

  warmPageCache(heavy.dir);
  const primeHeavy = await primeAwsfx(heavy.dir);
  const heavyFacts = factsOf(heavy);
  const memory = await interleave(INSIGHTS_QUERIES, [nodeContender('insights', 'awsfx', heavy.dir, heavyFacts, 1), nodeContender('insights', 'duckdb', heavy.dir, heavyFacts, 1)].map((c) => ({ ...c, warmUp: false })), 'duckdb', 1);
  problems.push(...memory.mismatches.map((m) => `5 GB: ${m}`));
  lines.push('', `**Peak memory on 5 GB.** ${describeCorpus(heavy)}. Peak RSS of the whole process (node and DuckDB) as /usr/bin/time reports it, one run per query (awsfx's first query ever over it, untimed here: ${fmtMs(primeHeavy)}).`, '');
  lines.push('| query | awsfx peak RSS | awsfx wall | DuckDB peak RSS | DuckDB wall |', '| --- | ---: | ---: | ---: | ---: |');
  const peaks: number[] = [];
  for (const q of INSIGHTS_QUERIES) {
    const [a, d] = [stats(memory, q.id, 'awsfx'), stats(memory, q.id, 'duckdb')];
    if (a.rssMb !== undefined) peaks.push(a.rssMb);
    lines.push(`| ${q.id} | ${fmtMb(a.rssMb)} | ${a.median === undefined ? 'n/a' : fmtMs(a.median)} | ${fmtMb(d.rssMb)} | ${d.median === undefined ? 'n/a' : fmtMs(d.median)} |`);
  }
  if (peaks.length) lines.push('', `Target awsfx ≤ 1.5 GiB on 5 GB: **${Math.max(...peaks) <= RSS_LIMIT_MB ? 'met' : 'missed'}** (highest ${fmtMb(Math.max(...peaks))}).`);
  for (const [name, reason] of [...big.dropped, ...memory.dropped]) lines.push('', `**${name} was not measured on a large corpus:** ${reason}`);
  const duckdbVersion = big.runs.get(`${INSIGHTS_QUERIES[0]!.id}/duckdb`)?.[0]?.detail?.engineVersion ?? 'unknown';
  return `${describeMachine(machineFacts(duckdbVersion, loadStart))}\n\n${lines.join('\n')}`;
}

export async function runInsightsSuite(reps: number, jqReps: number, large: boolean): Promise<SuiteOutcome> {
  const loadStart = loadAverage();
  const corpus = await ensureCorpus(ROOT, INSIGHTS_CORPUS, log);
  const primed = await primeAwsfx(corpus.dir);
  const facts = factsOf(corpus);
  const contenders = [nodeContender<InsightsQuery>('insights', 'awsfx', corpus.dir, facts, reps), nodeContender<InsightsQuery>('insights', 'duckdb', corpus.dir, facts, reps), jqContender(corpus, facts, jqReps)];
  const measured = await interleave(INSIGHTS_QUERIES, contenders, 'duckdb', reps);
  const problems = [...measured.mismatches];

  const duckdbVersion = measured.runs.get(`${INSIGHTS_QUERIES[0]!.id}/duckdb`)?.[0]?.detail?.engineVersion ?? 'unknown';
  const lines = [describeMachine(machineFacts(duckdbVersion, loadStart)), ''];
  lines.push(`Corpus: ${describeCorpus(corpus)}. Each figure is the median of ${reps} runs (jq: ${jqReps}); runs interleaved (query by query, contender order rotated), each in a fresh process, files in the page cache; awsfx and DuckDB timed in-process (engine load to rows in hand), jq as the whole pipeline. awsfx remembers what it learnt about the files between runs, as the CLI and the extension do; its first query ever over this corpus, which sniffs every file and checks every flow log's gzip stream, took ${fmtMs(primed)} (untimed here; the profile below shows that first run per log group).`, '');
  if (measured.dropped.has('awsfx')) {
    lines.push(`**awsfx was not measured:** ${measured.dropped.get('awsfx')}`, '');
    problems.push(`awsfx (cwli) was not measured: ${measured.dropped.get('awsfx')}`);
  }
  const table = resultTable(measured, INSIGHTS_QUERIES);
  lines.push(...table.lines, '');
  if (table.toDuckDb.length) {
    const worst = Math.max(...table.toDuckDb);
    lines.push(`Target awsfx ≤ ${TO_DUCKDB}× raw DuckDB: **${worst <= TO_DUCKDB ? 'met' : 'missed'}** (worst ${worst.toFixed(2)}×, geometric mean ${geometricMean(table.toDuckDb).toFixed(2)}×).`);
  }
  if (table.toJq.length) {
    const worst = Math.max(...table.toJq);
    lines.push(`Target awsfx ≤ ${TO_JQ}× jq: **${worst <= TO_JQ ? 'met' : 'missed'}** (worst ${worst.toFixed(2)}×, geometric mean ${geometricMean(table.toJq).toFixed(2)}×).`);
  }
  if (!measured.dropped.has('awsfx')) lines.push('', ...(await profile('insights', INSIGHTS_QUERIES, corpus.dir, facts, measured)));
  writeDocBlock('insights', `${lines.join('\n')}\n\n${programsSection(corpus, facts)}`);
  log('');
  log(lines.join('\n'));

  if (large && !measured.dropped.has('awsfx')) {
    const section = await largeRuns(corpus, measured, problems);
    writeDocBlock('insights-large', section);
    log('');
    log(section);
  } else if (large) {
    problems.push('--large skipped: awsfx could not run the 1M suite');
  }
  return { problems };
}
