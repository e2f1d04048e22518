import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { AwsfxError } from '../../core/errors';
import type { QueryLanguage } from '../../core/query';
import { formatResult, OUTPUT_FORMATS, type OutputFormat } from '../resultFormat';
import type { CliIo } from '../io';

export const QUERY_USAGE = `Usage: awsfx query --evidence DIR --lang sql|cwli [--format table|csv|jsonl] [--max-rows N] "QUERY"

Runs one query against exported evidence on disk and prints the result.
  --evidence DIR   folder of evidence files (CloudTrail .json / .json.gz, S3 layout or flat)
  --lang LANG      sql (Athena SQL) or cwli (CloudWatch Logs Insights)
  --format FMT     table (default), csv, or jsonl (one JSON object per row)
  --max-rows N     rows to print (default: all)
Exit status: 0 success, 2 query or input error (message on stderr).`;

const LANGS: Record<string, QueryLanguage> = { sql: 'athena-sql', 'athena-sql': 'athena-sql', cwli: 'cwli' };

export async function queryCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      evidence: { type: 'string' },
      lang: { type: 'string', default: 'sql' },
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
  const query = positionals.join(' ').trim() || (await io.readStdin()).trim();
  if (!query) throw new AwsfxError('input.invalid', `No query given: pass it as the last argument or on stdin.\n\n${QUERY_USAGE}`);
  let rowCap: number | undefined;
  if (values['max-rows'] !== undefined) {
    rowCap = Number(values['max-rows']);
    if (!Number.isInteger(rowCap) || rowCap < 1) throw new AwsfxError('input.invalid', `--max-rows must be a whole number of at least 1, not "${values['max-rows']}".`);
  }

  const { LocalBackend } = await import('../../backends/local/localBackend');
  const backend = new LocalBackend();
  try {
    const result = await backend.run(
      { language, query, target: { kind: 'evidence', folder: resolve(values.evidence) }, rowCap: rowCap ?? Number.MAX_SAFE_INTEGER },
      { signal: io.signal },
    );
    for (const warning of result.warnings) io.err(`warning: ${warning.message}\n`);
    io.out(formatResult(result.result, format));
    return 0;
  } finally {
    await backend.dispose();
  }
}
