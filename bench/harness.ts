/**
 * What every benchmark suite shares: running a contender in its own process under /usr/bin/time
 * (wall time and peak RSS of its process tree), medians, answers in a comparable form, the facts of
 * the machine, number formats, and rewriting one marked block of docs/benchmarks.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository: this file runs from bench/ (under tsx) or bundled from bench/.build/ (the contender). */
export const ROOT = existsSync(join(__dirname, '..', 'package.json')) ? resolve(__dirname, '..') : resolve(__dirname, '..', '..');
export const JQ = '/usr/bin/jq';
/**
 * awsfx's local backend bundled as the extension and the CLI ship it (scripts/build.mjs
 * --production: one minified esbuild CommonJS file with DuckDB's JavaScript API inside, its native
 * binding outside): the contender loads this, so that no run pays for transpiling ~100 source
 * modules on the fly, which users never do.
 */
export const AWSFX_BUNDLE = join(ROOT, 'bench', '.build', 'localBackend.js');

/**
 * The contender (bench/contender.ts) bundled the same way, run by plain node: under tsx, every
 * require goes through its hooks, which cost awsfx's bundle and DuckDB's modules tens of
 * milliseconds that neither the CLI nor the extension pays.
 */
export const CONTENDER = join(ROOT, 'bench', '.build', 'contender.js');

export async function buildAwsfxBundle(): Promise<void> {
  const esbuild = await import('esbuild');
  const common: import('esbuild').BuildOptions = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' };
  await esbuild.build({ ...common, minify: true, legalComments: 'none', entryPoints: [join(ROOT, 'src/backends/local/localBackend.ts')], outfile: AWSFX_BUNDLE, external: ['@duckdb/node-bindings'] });
  // The expert's side loads DuckDB as its package ships, with require.
  await esbuild.build({ ...common, entryPoints: [join(ROOT, 'bench/contender.ts')], outfile: CONTENDER, external: ['@duckdb/node-api', '@duckdb/node-bindings', 'esbuild'] });
}

/** Where awsfx remembers the corpora's files between runs, as the CLI does in ~/.cache/awsfx. */
export const AWSFX_CACHE_DIR = join(ROOT, 'bench', '.corpus', '.awsfx-cache');
const TIME = '/usr/bin/time';

export type Row = Array<string | number | null>;

export const log = (line: string): void => void process.stdout.write(line + '\n');

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export const geometricMean = (xs: readonly number[]): number => Math.exp(xs.reduce((t, x) => t + Math.log(x), 0) / xs.length);

/** Values as plain JSON, whatever the engine's types (bigint counts, etc.). */
export function normalizeRows(rows: unknown[][]): Row[] {
  return rows.map((row) =>
    row.map((v) => {
      if (typeof v === 'bigint') return Number(v);
      if (v === undefined) return null;
      if (typeof v === 'string' || typeof v === 'number' || v === null) return v;
      return JSON.stringify(v);
    }),
  );
}

/** Rows as a set: the same answer in any order compares equal. */
export const canonical = (rows: readonly Row[]): string => JSON.stringify([...rows].map((r) => JSON.stringify(r)).sort());

export interface TimedRun {
  stdout: string;
  ms: number;
  rssMb: number | undefined;
}

/** Runs a command under /usr/bin/time (when present) for its peak RSS; resolves with stdout and wall time. */
export function timed(command: string, args: string[]): Promise<TimedRun> {
  const scratch = mkdtempSync(join(tmpdir(), 'awsfx-bench-'));
  const rssFile = join(scratch, 'rss');
  const useTime = existsSync(TIME);
  const [cmd, argv] = useTime ? [TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args];
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      let rssMb: number | undefined;
      if (useTime && existsSync(rssFile)) rssMb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024;
      rmSync(scratch, { recursive: true, force: true });
      if (code !== 0) reject(new Error(`${command} ${args.slice(0, 4).join(' ')} exited ${code}: ${Buffer.concat(err).toString().slice(0, 2000)}`));
      else resolvePromise({ stdout: Buffer.concat(out).toString('utf8'), ms, rssMb });
    });
  });
}

export const loadAverage = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');

export interface MachineFacts {
  date: string;
  cpu: string;
  memory: string;
  os: string;
  node: string;
  duckdb: string;
  jq: string;
  loadStart: string;
  loadEnd: string;
}

export function machineFacts(duckdbVersion: string, loadStart: string): MachineFacts {
  const cpu = cpus();
  let jqVersion = 'missing';
  try {
    jqVersion = execFileSync(JQ, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // Reported as missing; the jq contender then fails loudly.
  }
  return {
    date: new Date().toISOString().slice(0, 10),
    cpu: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown'}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    os: `Linux ${release()}`,
    node: process.version,
    duckdb: duckdbVersion,
    jq: jqVersion,
    loadStart,
    loadEnd: loadAverage(),
  };
}

export const describeMachine = (f: MachineFacts): string =>
  `Measured ${f.date} on ${f.cpu}, ${f.memory} RAM, ${f.os}; Node ${f.node}, DuckDB ${f.duckdb}, ${f.jq}. ` +
  `Load average at start / end: ${f.loadStart} / ${f.loadEnd} (the machine is shared; interleaving and medians absorb some of that, not all).`;

export const fmtMs = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
export const fmtMb = (mb: number | undefined): string => (mb === undefined ? 'n/a' : mb >= 1024 ? `${(mb / 1024).toFixed(2)} GiB` : `${mb.toFixed(0)} MB`);
export const ratio = (x: number | undefined, y: number | undefined): string => (x !== undefined && y !== undefined ? `${(x / y).toFixed(2)}×` : 'n/a');

/**
 * Replaces the block between `<!-- bench:NAME:start … -->` and `<!-- bench:NAME:end -->` in
 * docs/benchmarks.md (appending the block if it is not there yet); the prose around it is kept.
 */
export function writeDocBlock(name: string, content: string): void {
  const path = join(ROOT, 'docs/benchmarks.md');
  const start = `<!-- bench:${name}:start (written by npm run bench) -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n${content}\n${end}`;
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const i = existing.indexOf(start);
  const j = existing.indexOf(end);
  writeFileSync(path, i >= 0 && j > i ? existing.slice(0, i) + block + existing.slice(j + end.length) : `${existing.trimEnd()}\n\n${block}\n`);
}
