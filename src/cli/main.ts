import { AwsfxError, isCancelled } from '../core/errors';
import { queryCommand, QUERY_USAGE } from './commands/query';
import { generateCommand } from './commands/generate';
import { processIo, type CliIo } from './io';

const USAGE = `awsfx — AWS Forensics Notebooks, from the command line

Commands:
  awsfx query --evidence DIR --lang sql|cwli [--format table|csv|jsonl] "QUERY"
  awsfx generate --out DIR [--seed N] [--events N] [--start ISO]

Run "awsfx <command> --help" for details.

${QUERY_USAGE}`;

/** Runs one CLI invocation; returns the exit status instead of exiting, so tests can call it. */
export async function main(argv: string[], io: CliIo = processIo(interruptSignal())): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'query':
        return await queryCommand(rest, io);
      case 'generate':
        return await generateCommand(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE + '\n');
        return command === undefined ? 2 : 0;
      default:
        io.err(`awsfx: unknown command "${command}".\n\n${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    if (isCancelled(error)) {
      io.err('awsfx: cancelled.\n');
      return 130;
    }
    // Bad input and failed queries are the user's to fix: their message, no stack trace.
    if (error instanceof AwsfxError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`awsfx: ${error.message}\n`);
      return 2;
    }
    io.err(`awsfx: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

/** Ctrl-C cancels the running query (and DuckDB with it) instead of killing the process mid-write. */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  return controller.signal;
}
