/**
 * Plain-text host logs (syslog and auth.log, RFC 5424, ISO-timestamped application logs, Apache and
 * nginx access and error logs), read as lines: Logs Insights sees each line as `@message`, to take
 * apart with `parse`; SQL sees the table `host_logs` (`log_group, log_stream, event_time, message`).
 *
 * A file's log group is its name without compression and rotation suffixes (`auth.log.2.gz` →
 * `auth.log`, `access.log-20240101` → `access.log`), so rotated files and the same log of several
 * hosts form one group; its stream is its path below the evidence folder.
 *
 * The time is read from the line's own timestamp; a time without a zone is taken as UTC. Syslog
 * timestamps carry no year: it is the year the file was last written, one less for dates after
 * that (a December line in a file written in January). A line without a timestamp has no time.
 */
import { quoteIdentifier, quoteString } from '../../../core/sql';
import type { InsightsRelation } from '../../../core/cwli/relation';
import { PATH_COLUMN, needsPath, readPathOf, uses, type EvidenceFile, type EvidenceSource, type Needs, type PlainFolders } from './evidenceSource';
import { eachGroup, type FileGroup, groupFiles, oneFile, unionAll } from './fileGroups';
import { logSql, systemSelect } from './jsonInsights';
import { asLatin1, readLines, relativeSql } from './textReaders';

const COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['log_group', 'VARCHAR'],
  ['log_stream', 'VARCHAR'],
  ['event_time', 'TIMESTAMP'],
  ['message', 'VARCHAR'],
];

/** The log group a host log file belongs to. */
export function hostLogGroup(file: EvidenceFile): string {
  const name = file.relative.slice(file.relative.lastIndexOf('/') + 1);
  const bare = name.replace(/\.(gz|bz2|xz|zst)$/i, '').replace(/[.-]\d{8,10}$/, '').replace(/\.\d{1,3}$/, '');
  return bare || name;
}

/** A line's time as TIMESTAMP (UTC), or NULL; `modified` is the file's modification time. */
function lineTime(line: string, modified: string): string {
  const syslog = String.raw`^(?:<\d{1,3}>)?([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) `;
  const stamp = `try_strptime(year(${modified}) || ' ' || regexp_extract(${line}, ${quoteString(syslog)}, 1), '%Y %b %d %H:%M:%S')`;
  const iso = String.raw`^(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?)`;
  const branches: Array<[string, string]> = [
    [syslog, `CASE WHEN ${stamp} > ${modified} + INTERVAL 1 DAY THEN ${stamp} - INTERVAL 1 YEAR ELSE ${stamp} END`],
    [String.raw`^<\d{1,3}>\d{1,2} \d{4}-`, `TRY_CAST(regexp_extract(${line}, '^<[0-9]+>[0-9]+ (\\S+)', 1) AS TIMESTAMPTZ)`],
    [iso, `TRY_CAST(replace(regexp_extract(${line}, ${quoteString(iso)}, 1), ',', '.') AS TIMESTAMPTZ)`],
    [String.raw`^\S+ \S+ \S+ \[`, `try_strptime(regexp_extract(${line}, '\\[([^\\]]+)\\]', 1), '%d/%b/%Y:%H:%M:%S %z')`],
    [String.raw`^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d`, `try_strptime(substr(${line}, 1, 19), '%Y/%m/%d %H:%M:%S')`],
    [String.raw`^\[[A-Z][a-z]{2} `, `try_strptime(regexp_replace(regexp_extract(${line}, '^\\[[A-Z][a-z]{2} ([^\\]]+)\\]', 1), '\\.[0-9]+', ''), '%b %d %H:%M:%S %Y')`],
  ];
  return `CASE ${branches.map(([pattern, time]) => `WHEN regexp_matches(${line}, ${quoteString(pattern)}) THEN CAST(${time} AS TIMESTAMP)`).join(' ')} END`;
}

/** The lines of one group of files of one log group, with `log_group`, `log_stream`, `event_time`, `message`, `filename`. */
function lines(group: FileGroup, logGroup: string): string {
  const modified = group.files.map((f) => `(${quoteString(readPathOf(f))}, epoch_ms(CAST(${Math.floor(f.mtimeMs)} AS BIGINT)))`).join(', ');
  return `SELECT ${quoteString(logGroup)} AS log_group, ${relativeSql(group.sample)} AS log_stream, ${lineTime('line', 'awsfx_file.modified')} AS event_time, line AS message, filename
  FROM ${readLines(group.sources, group.sample, { filename: true })} JOIN (VALUES ${modified}) AS awsfx_file(path, modified) ON filename = awsfx_file.path
  WHERE line IS NOT NULL`;
}

function byLogGroup(files: readonly EvidenceFile[]): Map<string, EvidenceFile[]> {
  const groups = new Map<string, EvidenceFile[]>();
  for (const file of files) {
    const name = hostLogGroup(file);
    const list = groups.get(name);
    if (list) list.push(file);
    else groups.set(name, [file]);
  }
  return groups;
}

function tableSql(files: readonly EvidenceFile[], needs: Needs, folders: PlainFolders): string {
  const branches: string[] = [];
  for (const [logGroup, members] of byLogGroup(files)) {
    for (const group of groupFiles(members, folders)) {
      const columns = COLUMNS.map(([name, type]) => (uses(needs, name) ? quoteIdentifier(name) : `CAST(NULL AS ${type}) AS ${quoteIdentifier(name)}`));
      if (needsPath(needs)) columns.push(`filename AS ${quoteIdentifier(PATH_COLUMN)}`);
      branches.push(`SELECT ${columns.join(', ')} FROM (${lines(group, logGroup)})`);
    }
  }
  return unionAll(branches);
}

async function relations(files: readonly EvidenceFile[], folders: PlainFolders): Promise<InsightsRelation[]> {
  return [...byLogGroup(files)].sort(([a], [b]) => a.localeCompare(b)).map(([logGroup, members]) => {
    const system = systemSelect({ timestamp: 'event_time', message: 'message', logStream: 'log_stream', log: logSql('NULL', logGroup) });
    const sql = eachGroup(members, folders, (group) => `SELECT ${system} FROM (${lines(group, logGroup)})`);
    return { logGroup, evidenceType: 'hostlogs', sql, fields: {} };
  });
}

export const hostLogsSource: EvidenceSource = {
  type: 'hostlogs',
  title: 'host logs',
  tables: ['host_logs'],
  columns: COLUMNS,
  tableSql,
  probeSql: (file) => `SELECT count(*) FROM ${readLines(oneFile(file), file, { filename: false })}`,
  alternate: asLatin1,
  relations,
  logGroupOf: hostLogGroup,
};
