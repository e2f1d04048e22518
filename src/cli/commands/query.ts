import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { AwsfxError } from '../../core/errors';
import type { EvidenceTarget, QueryLanguage, TimeWindow } from '../../core/query';
import { formatResult, OUTPUT_FORMATS, type OutputFormat } from '../resultFormat';
import type { CliIo } from '../io';
import { cliCacheDir } from '../cacheDir';

export const QUERY_USAGE = `Usage: awsfx query --evidence DIR --lang sql|cwli [--log-group NAME]... [--start ISO --end ISO]
                   [--format table|csv|jsonl] [--max-rows N] "QUERY"

Runs one query against exported evidence on disk and prints the result.
  --evidence DIR     folder of evidence files, any mix, S3 layout or flat, gzip or not: CloudTrail,
                     VPC flow logs, Route 53 Resolver, GuardDuty, S3 and ALB access logs,
                     CloudWatch Logs exports, DynamoDB Streams records, host logs
  --lang LANG        sql (Athena SQL) or cwli (CloudWatch Logs Insights)
  --log-group NAME   cwli only: the evidence source standing in for a log group; repeat for several
                     (default: every source in the folder)
  --start ISO        cwli only: first instant of the time window, inclusive
  --end ISO          cwli only: last instant of the time window, inclusive
                     (2024-05-13T08:00:00Z, an offset such as +02:00, or a date: --start 2024-05-13
                     is that day's first millisecond UTC, --end 2024-05-13 its last)
  --format FMT       table (default), csv, or jsonl (one JSON object per row)
  --max-rows N       rows to print (default: all)
Exit status: 0 success, 2 query or input error (message on stderr).`;

const LANGS: Record<string, QueryLanguage> = { sql: 'athena-sql', 'athena-sql': 'athena-sql', cwli: 'cwli' };

export async function queryCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      evidence: { type: 'string' },
      lang: { type: 'string', default: 'sql' },
      'log-group': { type: 'string', multiple: true },
      start: { type: 'string' },
      end: { type: 'string' },
      format: { type: 'string', default: 'table' },
      'max-rows': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(QUERY_USAGE + '\n');
    return 0;
  }
  if (!values.evidence) throw new AwsfxError('input.invalid', `--evidence DIR is required.\n\n${QUERY_USAGE}`);
  const language = LANGS[values.lang!];
  if (!language) throw new AwsfxError('input.invalid', `--lang must be sql or cwli, not "${values.lang}".`);
  const format = values.format as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) throw new AwsfxError('input.invalid', `--format must be one of ${OUTPUT_FORMATS.join(', ')}, not "${values.format}".`);
  const logGroups = values['log-group'] ?? [];
  const timeWindow = timeWindowOf(values.start, values.end);
  if (language !== 'cwli' && (logGroups.length > 0 || timeWindow)) {
    // Athena SQL has no log groups or query window: the table and the WHERE clause say what is read.
    const given = logGroups.length > 0 ? '--log-group' : '--start/--end';
    throw new AwsfxError('input.invalid', `${given} applies to --lang cwli only; in SQL, choose the table and filter on its time column instead.`);
  }
  const query = positionals.join(' ').trim() || (await io.readStdin()).trim();
  if (!query) throw new AwsfxError('input.invalid', `No query given: pass it as the last argument or on stdin.\n\n${QUERY_USAGE}`);
  let rowCap: number | undefined;
  if (values['max-rows'] !== undefined) {
    rowCap = Number(values['max-rows']);
    if (!Number.isInteger(rowCap) || rowCap < 1) throw new AwsfxError('input.invalid', `--max-rows must be a whole number of at least 1, not "${values['max-rows']}".`);
  }

  const target: EvidenceTarget = { kind: 'evidence', folder: resolve(values.evidence) };
  if (logGroups.length > 0) target.logGroups = logGroups;
  const { LocalBackend } = await import('../../backends/local/localBackend');
  const cacheDir = cliCacheDir();
  const backend = new LocalBackend(cacheDir ? { cacheDir } : {});
  try {
    const result = await backend.run(
      { language, query, target, ...(timeWindow ? { timeWindow } : {}), rowCap: rowCap ?? Number.MAX_SAFE_INTEGER },
      { signal: io.signal },
    );
    for (const warning of result.warnings) io.err(`warning: ${warning.message}\n`);
    io.out(formatResult(result.result, format));
    return 0;
  } finally {
    await backend.dispose();
  }
}

// A date, or a date and time with an explicit zone: an instant without one would silently be read in
// the investigator's local time zone, and evidence times are UTC.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** --start/--end as an inclusive window in epoch milliseconds, or undefined when neither is given. */
export function timeWindowOf(start: string | undefined, end: string | undefined): TimeWindow | undefined {
  if (start === undefined && end === undefined) return undefined;
  if (start === undefined || end === undefined) {
    throw new AwsfxError('input.invalid', `--start and --end go together: add ${start === undefined ? '--start' : '--end'} ISO (e.g. 2024-05-13T08:00:00Z).`);
  }
  const startMs = instantOf('--start', start, 'start');
  const endMs = instantOf('--end', end, 'end');
  if (startMs > endMs) throw new AwsfxError('input.invalid', `--start ${start} is after --end ${end}.`);
  return { startMs, endMs };
}

const DAY_MS = 86_400_000;

function instantOf(option: string, text: string, side: 'start' | 'end'): number {
  const date = ISO_DATE.exec(text);
  const instant = date ? undefined : ISO_INSTANT.exec(text);
  const parts = date ?? instant;
  if (!parts) {
    const hint = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i.test(text) ? ' Add Z (UTC) or an offset such as +02:00: evidence times are UTC.' : '';
    throw new AwsfxError('input.invalid', `${option} must be an ISO-8601 date or instant such as 2024-05-13 or 2024-05-13T08:00:00Z, not "${text}".${hint}`);
  }
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const [hour, minute, second] = instant ? [Number(instant[4]), Number(instant[5]), Number(instant[6] ?? 0)] : [0, 0, 0];
  // Date.parse would roll 2024-02-30 over to March; a calendar mistake is an input error.
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new AwsfxError('input.invalid', `${option} ${text} is not a real date and time.`);
  }
  if (date) return side === 'start' ? calendar.getTime() : calendar.getTime() + DAY_MS - 1;
  // Fractions finer than a millisecond are cut, so that an inclusive end never reaches past what was written.
  const ms = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
  if (!Number.isFinite(ms)) throw new AwsfxError('input.invalid', `${option} ${text} is not a real date and time.`);
  return ms;
}
