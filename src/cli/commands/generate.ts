/**
 * `awsfx generate`: writes the sample corpus (one incident told by CloudTrail, VPC Flow Logs,
 * Route 53 Resolver query logs and GuardDuty findings, inside background activity) to a folder in
 * S3's AWSLogs layout, ready for `awsfx query --evidence` or a notebook's evidence target.
 */
import { parseArgs } from 'node:util';
import { CorpusOptionError, DEFAULTS, OutputExistsError, SOURCES, generateEvidence, type GenerateOptions, type GenerateSummary } from '../../core/generator';
import { processIo, type CliIo } from '../io';

export const GENERATE_USAGE = `awsfx generate --out DIR [options]

Writes deterministic sample evidence (an incident story inside background activity) under
DIR/AWSLogs/<account>/: CloudTrail/, vpcflowlogs/, vpcdnsquerylogs/ and GuardDuty/, as each
service delivers to S3. The same options give the same bytes.

Options:
  --out DIR               folder to write into (created if missing)
  --seed N                seed, 0..4294967295 (default ${DEFAULTS.seed})
  --events N              total records over all sources, story included (default ${DEFAULTS.events})
  --sources S1,S2         any of ${SOURCES.join(',')} (default: all)
  --start ISO             start of the time window (default ${DEFAULTS.start})
  --duration-minutes N    length of the window (default: grows with --events)
  --accounts A,B          12-digit account ids; the incident happens in the first (default ${DEFAULTS.accounts.join(',')})
  --regions R1,R2         regions; us-east-1 is always included (default ${DEFAULTS.regions.join(',')})
  --force                 replace an existing DIR/AWSLogs tree
`;

class UsageError extends Error {}

function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  // Underscores and commas as thousands separators, so `--events 500_000` reads as written.
  const digits = text.replace(/[_,]/g, '');
  if (!/^\d+$/.test(digits)) throw new UsageError(`--${name} must be a whole number, got "${text}"`);
  return Number(digits);
}

function list(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function toOptions(argv: string[]): GenerateOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string' },
      seed: { type: 'string' },
      events: { type: 'string' },
      start: { type: 'string' },
      'duration-minutes': { type: 'string' },
      accounts: { type: 'string' },
      regions: { type: 'string' },
      sources: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.out === undefined || values.out === '') throw new UsageError('--out DIR is required');
  if (values.start !== undefined && !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(values.start)) {
    throw new UsageError(`--start must be an ISO-8601 date or date-time such as 2024-05-13T06:00:00Z, got "${values.start}"`);
  }
  const options: GenerateOptions = { outDir: values.out, overwrite: values.force === true };
  const seed = integer('seed', values.seed);
  const events = integer('events', values.events);
  const duration = integer('duration-minutes', values['duration-minutes']);
  const accounts = list(values.accounts);
  const regions = list(values.regions);
  const sources = list(values.sources);
  if (seed !== undefined) options.seed = seed;
  if (events !== undefined) options.events = events;
  if (values.start !== undefined) options.start = values.start;
  if (duration !== undefined) options.durationMinutes = duration;
  if (accounts !== undefined) options.accounts = accounts;
  if (regions !== undefined) options.regions = regions;
  if (sources !== undefined) options.sources = sources;
  return options;
}

/** `cloudtrail 396, vpcflow 1091, …`: what each selected source holds. */
function perSource(s: GenerateSummary): string {
  return s.options.sources.map((source) => `${source} ${s.bySource[source]?.records ?? 0}`).join(', ');
}

/** Exit status: 0 written, 2 bad input (message on stderr), 1 anything else (I/O). */
export async function generateCommand(argv: string[], io: Pick<CliIo, 'out' | 'err' | 'signal'> = processIo()): Promise<number> {
  let options: GenerateOptions | 'help';
  try {
    options = toOptions(argv);
  } catch (error) {
    // parseArgs reports unknown or malformed flags with ERR_PARSE_ARGS_* codes.
    const message = error instanceof Error ? error.message : String(error);
    io.err(`awsfx generate: ${message}\nRun "awsfx generate --help" for the options.\n`);
    return 2;
  }
  if (options === 'help') {
    io.out(GENERATE_USAGE);
    return 0;
  }
  if (io.signal) options.signal = io.signal;
  try {
    const s = await generateEvidence(options);
    io.out(
      `awsfx generate: ${s.files} files, ${s.events} events (${perSource(s)}), ${s.firstEventTime} to ${s.lastEventTime}, ` +
        `seed ${s.options.seed}, ${(s.bytes / 1e6).toFixed(1)} MB in ${s.outDir}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof CorpusOptionError || error instanceof OutputExistsError) {
      io.err(`awsfx generate: ${error.message}${error instanceof OutputExistsError ? ' (pass --force to replace it)' : ''}\n`);
      return 2;
    }
    throw error;
  }
}
