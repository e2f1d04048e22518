/**
 * The measurement discipline both suites follow: one untimed warm-up round (it also checks answers
 * early), then rounds in which every query is run by every contender once, each in a fresh process,
 * in an order that rotates between rounds; medians and best runs per query and contender; every
 * run's rows compared with the reference contender's, as sets. A contender that fails is dropped
 * (and reported) rather than stopping the suite; the reference contender failing stops it.
 */
import type { ContenderOutput } from './contender';
import { canonical, CONTENDER, fmtMb, fmtMs, log, median, ratio, timed, type Row } from './harness';

const PROFILE_REPS = Number(process.env.AWSFX_BENCH_PROFILE_REPS ?? 3);

export interface Run {
  ms: number;
  rssMb: number | undefined;
  rows: Row[];
  /** Whatever else the contender reported (engine version, executed query, phases). */
  detail?: { engineVersion?: string; executedQuery?: string; phases?: Record<string, number> };
}

export interface Contender<Q> {
  name: string;
  /** Timed rounds this contender joins (the slow ones join fewer). */
  reps: number;
  /** Whether it joins the untimed warm-up round (false for the slow ones). */
  warmUp: boolean;
  run(query: Q): Promise<Run>;
}

export interface SuiteOutcome {
  /** Problems that make a suite's numbers untrustworthy (exit 1). */
  problems: string[];
}

/** One run of bench/contender.ts in a fresh node process. */
export async function inProcess(suite: 'sql' | 'insights', engine: string, queryId: string, dir: string, facts: object): Promise<Run> {
  const { stdout, rssMb } = await timed(process.execPath, [CONTENDER, suite, engine, queryId, dir, JSON.stringify(facts)]);
  const output = JSON.parse(stdout.trim().split('\n').pop()!) as ContenderOutput;
  // In-process time: from loading the engine to rows in hand; node's start-up excluded for both.
  return { ms: output.ms, rssMb, rows: output.rows, detail: output };
}

/** Fills awsfx's evidence memory for a corpus (untimed; see prime() in contender.ts); returns its wall time. */
export async function primeAwsfx(dir: string): Promise<number> {
  return (await inProcess('insights', 'awsfx-prime', 'prime', dir, {})).ms;
}

/** A contender too slow for the warm-up round (jq): it joins only the first `reps` timed rounds. */
export const timedOnly = <Q>(name: string, reps: number, run: (query: Q) => Promise<Run>): Contender<Q> => ({ name, reps, warmUp: false, run });

/** awsfx or raw DuckDB, each run in its own node process. */
export const nodeContender = <Q extends { id: string }>(suite: 'sql' | 'insights', engine: 'awsfx' | 'duckdb', dir: string, facts: object, reps: number): Contender<Q> => ({
  name: engine,
  reps,
  warmUp: true,
  run: (q) => inProcess(suite, engine, q.id, dir, facts),
});

export interface Measured {
  runs: Map<string, Run[]>;
  /** Per query, each contender's answer (canonical rows). */
  answers: Map<string, Map<string, string>>;
  /** Contenders dropped, with the reason. */
  dropped: Map<string, string>;
  mismatches: string[];
}

export async function interleave<Q extends { id: string }>(queries: readonly Q[], all: ReadonlyArray<Contender<Q>>, reference: string, rounds: number): Promise<Measured> {
  const contenders = [...all];
  const measured: Measured = { runs: new Map(), answers: new Map(), dropped: new Map(), mismatches: [] };
  for (let rep = -1; rep < rounds; rep++) {
    for (const [qi, query] of queries.entries()) {
      const rotation = (rep + qi + 3) % contenders.length;
      for (const contender of [...contenders.slice(rotation), ...contenders.slice(0, rotation)]) {
        if (!contenders.includes(contender) || rep >= contender.reps || (rep < 0 && !contender.warmUp)) continue;
        let run: Run;
        try {
          run = await contender.run(query);
        } catch (error) {
          if (contender.name === reference) throw error;
          const reason = `it failed on "${query.id}": ${(error as Error).message.split('\n').slice(0, 6).join(' ')}`;
          measured.dropped.set(contender.name, reason);
          log(`${contender.name}: ${reason}`);
          contenders.splice(contenders.indexOf(contender), 1);
          continue;
        }
        const seen = measured.answers.get(query.id) ?? new Map<string, string>();
        measured.answers.set(query.id, seen);
        const answer = canonical(run.rows);
        const previous = seen.get(contender.name);
        if (previous !== undefined && previous !== answer) measured.mismatches.push(`${contender.name} answered ${query.id} differently between runs`);
        seen.set(contender.name, answer);
        if (rep >= 0) {
          const key = `${query.id}/${contender.name}`;
          measured.runs.set(key, [...(measured.runs.get(key) ?? []), run]);
        }
        log(`${rep < 0 ? 'warm-up' : `rep ${rep + 1}/${rounds}`}  ${query.id.padEnd(30)} ${contender.name.padEnd(6)} ${fmtMs(run.ms).padStart(8)}  ${fmtMb(run.rssMb).padStart(8)}  ${run.rows.length} rows`);
      }
    }
  }
  for (const query of queries) {
    const seen = measured.answers.get(query.id);
    const expected = seen?.get(reference);
    if (seen === undefined || expected === undefined) continue;
    for (const [name, answer] of seen) {
      if (answer === expected) continue;
      const sample = (a: string) => (JSON.parse(a) as string[]).slice(0, 3).join(' ');
      measured.mismatches.push(`${query.id}: ${name} differs from ${reference}. ${reference}: ${sample(expected)} … ${name}: ${sample(answer)}`);
    }
  }
  return measured;
}

/** `yes (awsfx, duckdb, jq)` or `**NO**: …`, for the table's last column. */
export function agreement(measured: Measured, queryId: string, reference: string): string {
  const seen = measured.answers.get(queryId);
  if (!seen) return 'n/a';
  const differing = [...seen.entries()].filter(([, a]) => a !== seen.get(reference)).map(([c]) => c);
  return differing.length === 0 ? `yes (${[...seen.keys()].join(', ')})` : `**NO**: ${differing.join(', ')} differ from ${reference}`;
}

export interface Stats {
  median?: number;
  best?: number;
  rssMb?: number;
  rows?: number;
}

export function stats(measured: Measured, queryId: string, contender: string): Stats {
  const runs = measured.runs.get(`${queryId}/${contender}`) ?? [];
  if (runs.length === 0) return {};
  return {
    median: median(runs.map((r) => r.ms)),
    // The fastest run is the least disturbed by other work on a shared machine: a second opinion.
    best: Math.min(...runs.map((r) => r.ms)),
    rssMb: Math.max(...runs.map((r) => r.rssMb ?? 0)),
    rows: runs[0]!.rows.length,
  };
}

/** The results table: medians, ratios to raw DuckDB and jq, best-run ratio, peak RSS, agreement. */
export function resultTable(measured: Measured, queries: ReadonlyArray<{ id: string; title: string }>): { lines: string[]; toDuckDb: number[]; toJq: number[] } {
  const lines = [
    '| query | rows | awsfx | raw DuckDB | jq | awsfx / DuckDB | awsfx / jq | awsfx / DuckDB, best runs | peak RSS awsfx / DuckDB / jq | same answer |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ];
  const toDuckDb: number[] = [];
  const toJq: number[] = [];
  for (const q of queries) {
    const [a, d, j] = ['awsfx', 'duckdb', 'jq'].map((c) => stats(measured, q.id, c)) as [Stats, Stats, Stats];
    if (a.median !== undefined && d.median !== undefined) toDuckDb.push(a.median / d.median);
    if (a.median !== undefined && j.median !== undefined) toJq.push(a.median / j.median);
    const ms = (s: Stats) => (s.median === undefined ? 'n/a' : fmtMs(s.median));
    lines.push(
      `| ${q.title} | ${d.rows ?? 'n/a'} | ${ms(a)} | ${ms(d)} | ${ms(j)} | ${ratio(a.median, d.median)} | ${ratio(a.median, j.median)} | ${ratio(a.best, d.best)} | ` +
        `${fmtMb(a.rssMb)} / ${fmtMb(d.rssMb)} / ${fmtMb(j.rssMb)} | ${agreement(measured, q.id, 'duckdb')} |`,
    );
  }
  return { lines, toDuckDb, toJq };
}

/**
 * Where awsfx's time goes (bench/contender.ts, profileAwsfx), median of a few extra runs per query;
 * a profiled run that answers differently is a mismatch like any other.
 */
export async function profile(suite: 'sql' | 'insights', queries: ReadonlyArray<{ id: string }>, dir: string, facts: object, measured: Measured): Promise<string[]> {
  const profiles = new Map<string, Record<string, number>>();
  for (const query of queries) {
    const samples: Record<string, number[]> = {};
    for (let i = 0; i < PROFILE_REPS; i++) {
      const run = await inProcess(suite, 'awsfx-profile', query.id, dir, facts);
      if (canonical(run.rows) !== measured.answers.get(query.id)?.get('duckdb')) measured.mismatches.push(`${query.id}: awsfx gave another answer when profiled`);
      for (const [phase, ms] of Object.entries(run.detail?.phases ?? {})) (samples[phase] ??= []).push(ms);
    }
    profiles.set(query.id, Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, median(xs)])));
  }
  const names = [...new Set([...profiles.values()].flatMap((p) => Object.keys(p)))];
  const lines = [`Where awsfx's time goes (median of ${PROFILE_REPS} profiling runs per query, public API only, see bench/contender.ts):`, ''];
  lines.push(`| phase | ${queries.map((q) => q.id).join(' | ')} |`, `| --- |${queries.map(() => ' ---: |').join('')}`);
  for (const name of names) lines.push(`| ${name} | ${queries.map((q) => { const v = profiles.get(q.id)?.[name]; return v === undefined ? 'n/a' : fmtMs(v); }).join(' | ')} |`);
  return lines;
}
