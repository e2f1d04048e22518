/**
 * The Logs Insights suite's forensic questions over the multi-source corpus, each written three
 * ways: a Logs Insights query as an investigator types it in an awsfx `cwli` cell (log groups and
 * field names as CloudWatch Logs discovers them), hand-written DuckDB SQL as a DuckDB expert who
 * has looked at the files would write it, and jq over `zcat`.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { records } from './queries';

export interface InsightsFacts {
  attackerIp: string;
}

export type Service = 'CloudTrail' | 'vpcflowlogs' | 'vpcdnsquerylogs' | 'GuardDuty';

/** One jq pass over the files of some services: `raw` reads lines (`jq -R`), else JSON values. */
export interface JqPass {
  services: Service[];
  raw: boolean;
  program: string;
}

export interface InsightsQuery {
  id: string;
  title: string;
  /** The cell's log groups; all of the evidence when absent. */
  logGroups?: string[];
  cwli: (facts: InsightsFacts) => string;
  duckdb: (facts: InsightsFacts, dir: string) => string;
  /** Passes run one after the other; their rows together are the answer. */
  jq: (facts: InsightsFacts) => JqPass[];
}

export const glob = (dir: string, service: Service, ext: string): string => `${dir}/AWSLogs/*/${service}/*/*/*/*/*.${ext}`;
const DNS = (dir: string) => glob(dir, 'vpcdnsquerylogs', 'log.gz');
const FINDINGS = (dir: string) => glob(dir, 'GuardDuty', 'jsonl.gz');
const TRAIL = (dir: string) => glob(dir, 'CloudTrail', 'json.gz');
const sqlList = (items: readonly string[]) => `[${items.map((i) => `'${i}'`).join(', ')}]`;

/**
 * What the expert learns with `zcat … | head -1` per flow log folder: which folders share which
 * header. Each format is then read with its own explicit columns, which spares DuckDB sniffing
 * thousands of files (union_by_name over the whole tree takes ~20× longer).
 */
export function flowFormats(dir: string): Array<{ fields: string[]; globs: string[] }> {
  const formats = new Map<string, string[]>();
  const root = join(dir, 'AWSLogs');
  for (const account of readdirSync(root).sort()) {
    const flows = join(root, account, 'vpcflowlogs');
    if (!statSync(join(root, account)).isDirectory() || !safeIsDir(flows)) continue;
    for (const region of readdirSync(flows).sort()) {
      const first = firstFile(join(flows, region));
      if (first === undefined) continue;
      const header = gunzipSync(readFileSync(first)).toString('utf8').split('\n', 1)[0]!;
      formats.set(header, [...(formats.get(header) ?? []), `${dir}/AWSLogs/${account}/vpcflowlogs/${region}/*/*/*/*.log.gz`]);
    }
  }
  return [...formats.entries()].map(([header, globs]) => ({ fields: header.split(' '), globs }));
}

function safeIsDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function firstFile(dir: string): string | undefined {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      const found = firstFile(path);
      if (found !== undefined) return found;
    } else if (name.endsWith('.gz')) return path;
  }
  return undefined;
}

/** Flow records of every format with the named fields (by the header's names), as text. */
function flows(dir: string, fields: readonly string[]): string {
  const branches = flowFormats(dir).map(({ fields: all, globs }) => {
    const columns = `{${all.map((f) => `'${f}': 'VARCHAR'`).join(', ')}}`;
    return `SELECT ${fields.map((f) => `"${f}"`).join(', ')} FROM read_csv(${sqlList(globs)}, delim = ' ', header = true, auto_detect = false, columns = ${columns})`;
  });
  return `(${branches.join('\n  UNION ALL ')})`;
}

/**
 * Each flow record as the list of the named fields' values, read through its file's header line
 * (never by position). A foreach keeps only the field indices as state; grouping then sorts, which
 * jq does far faster than growing an object key by key.
 */
const jqFlowRows = (names: readonly string[]) => `[foreach inputs as $l (null;
    if ($l | startswith("version ")) then ($l | split(" ")) as $h | [${names.map((n) => `($h | index("${n}"))`).join(', ')}] else . end;
    if ($l | startswith("version ")) then empty else ($l | split(" ")) as $v | [.[] as $i | $v[$i]] end)]`;

export const INSIGHTS_QUERIES: InsightsQuery[] = [
  {
    id: 'vpc-rejected-by-source',
    title: 'VPC: rejected flows per source address (both flow log formats)',
    logGroups: ['vpc-flow-logs'],
    cwli: () => `filter action = 'REJECT'
| stats count(*) as rejected by srcAddr`,
    duckdb: (_, dir) => `SELECT srcaddr, count(*) AS rejected
FROM ${flows(dir, ['srcaddr', 'action'])}
WHERE action = 'REJECT'
GROUP BY srcaddr`,
    jq: () => [{
      services: ['vpcflowlogs'], raw: true,
      program: `${jqFlowRows(['action', 'srcaddr'])} | map(select(.[0] == "REJECT") | .[1]) | group_by(.) | map([.[0], length]) | .[]`,
    }],
  },
  {
    id: 'vpc-top-talkers',
    title: 'VPC: top 10 address pairs by bytes, accepted flows',
    logGroups: ['vpc-flow-logs'],
    cwli: () => `filter action = 'ACCEPT'
| stats sum(bytes) as bytesTransferred by srcAddr, dstAddr
| sort bytesTransferred desc
| limit 10`,
    duckdb: (_, dir) => `SELECT srcaddr, dstaddr, sum(CAST(bytes AS BIGINT)) AS bytes_transferred
FROM ${flows(dir, ['srcaddr', 'dstaddr', 'bytes', 'action'])}
WHERE action = 'ACCEPT'
GROUP BY srcaddr, dstaddr
ORDER BY bytes_transferred DESC
LIMIT 10`,
    jq: () => [{
      services: ['vpcflowlogs'], raw: true,
      program: `${jqFlowRows(['action', 'srcaddr', 'dstaddr', 'bytes'])} | map(select(.[0] == "ACCEPT") | [.[1], .[2], (.[3] | tonumber)])
  | group_by(.[0:2]) | map([.[0][0], .[0][1], (map(.[2]) | add)]) | sort_by(-.[2]) | .[:10][]`,
    }],
  },
  {
    id: 'dns-nxdomain-by-address',
    title: 'DNS: NXDOMAIN answers per querying address',
    logGroups: ['/aws/route53resolver'],
    cwli: () => `filter rcode = 'NXDOMAIN'
| stats count(*) as nxdomain by srcaddr`,
    duckdb: (_, dir) => `SELECT srcaddr, count(*) AS nxdomain
FROM read_json('${DNS(dir)}', format = 'newline_delimited', columns = {srcaddr: 'VARCHAR', rcode: 'VARCHAR'})
WHERE rcode = 'NXDOMAIN'
GROUP BY srcaddr`,
    jq: () => [{ services: ['vpcdnsquerylogs'], raw: false, program: `[inputs | select(.rcode == "NXDOMAIN") | .srcaddr] | group_by(.) | map([.[0], length]) | .[]` }],
  },
  {
    id: 'dns-long-names',
    title: 'DNS: query names over 100 characters (tunnelling), per instance and answer',
    logGroups: ['/aws/route53resolver'],
    cwli: () => `filter strlen(query_name) > 100
| stats count(*) as queries by srcids.instance, rcode`,
    duckdb: (_, dir) => `SELECT srcids.instance, rcode, count(*) AS queries
FROM read_json('${DNS(dir)}', format = 'newline_delimited', columns = {query_name: 'VARCHAR', rcode: 'VARCHAR', srcids: 'STRUCT(instance VARCHAR)'})
WHERE length(query_name) > 100
GROUP BY 1, 2`,
    jq: () => [{ services: ['vpcdnsquerylogs'], raw: false, program: `[inputs | select((.query_name | length) > 100) | [.srcids.instance, .rcode]] | group_by(.) | map(.[0] + [length]) | .[]` }],
  },
  {
    id: 'guardduty-high-severity',
    title: 'GuardDuty: high-severity findings by type (exports, most occurrences)',
    logGroups: ['/aws/events/guardduty'],
    cwli: () => `filter severity >= 7
| stats count(*) as exports, max(service.count) as occurrences by type`,
    duckdb: (_, dir) => `SELECT type, count(*) AS exports, max(service.count) AS occurrences
FROM read_json('${FINDINGS(dir)}', format = 'newline_delimited', columns = {type: 'VARCHAR', severity: 'DOUBLE', service: 'STRUCT(count BIGINT)'})
WHERE severity >= 7
GROUP BY type`,
    jq: () => [{ services: ['GuardDuty'], raw: false, program: `[inputs | select(.severity >= 7) | [.type, .service.count]] | group_by(.[0]) | map([.[0][0], length, (map(.[1]) | max)]) | .[]` }],
  },
  {
    id: 'cloudtrail-attacker-calls',
    title: 'CloudTrail: the attacker address\'s calls per access key and API',
    logGroups: ['aws-cloudtrail-logs'],
    cwli: (f) => `filter sourceIPAddress = '${f.attackerIp}'
| stats count(*) as calls by userIdentity.accessKeyId, eventName`,
    duckdb: (f, dir) => `SELECT r.userIdentity.accessKeyId, r.eventName, count(*) AS calls
FROM ${records(TRAIL(dir), 'eventName VARCHAR, sourceIPAddress VARCHAR, userIdentity STRUCT(accessKeyId VARCHAR)')}
WHERE r.sourceIPAddress = '${f.attackerIp}'
GROUP BY 1, 2`,
    jq: (f) => [{
      services: ['CloudTrail'], raw: false,
      program: `[inputs.Records[] | select(.sourceIPAddress == "${f.attackerIp}") | [.userIdentity.accessKeyId, .eventName]] | group_by(.) | map(.[0] + [length]) | .[]`,
    }],
  },
  {
    id: 'attacker-everywhere',
    title: 'Every source: records mentioning the attacker\'s address, per log group',
    cwli: (f) => `filter @message like '${f.attackerIp}'
| stats count(*) as records by @log`,
    duckdb: (f, dir) => `SELECT log, count(*) AS records FROM (
  SELECT (r ->> 'recipientAccountId') || ':aws-cloudtrail-logs' AS log
  FROM (SELECT unnest(Records) AS r FROM read_json('${TRAIL(dir)}', format = 'newline_delimited', maximum_object_size = 268435456, columns = {Records: 'JSON[]'}))
  WHERE CAST(r AS VARCHAR) LIKE '%${f.attackerIp}%'
  UNION ALL
  SELECT regexp_extract(filename, 'AWSLogs/([0-9]{12})/', 1) || CASE regexp_extract(filename, 'AWSLogs/[0-9]{12}/([^/]+)/', 1)
    WHEN 'vpcflowlogs' THEN ':vpc-flow-logs' WHEN 'vpcdnsquerylogs' THEN ':/aws/route53resolver' ELSE ':/aws/events/guardduty' END
  FROM read_csv(${sqlList([glob(dir, 'vpcflowlogs', 'log.gz'), DNS(dir), FINDINGS(dir)])}, columns = {line: 'VARCHAR'}, header = false, delim = E'\\x01', quote = '', escape = '', filename = true)
  WHERE line LIKE '%${f.attackerIp}%'
) GROUP BY log`,
    jq: (f) => [
      {
        services: ['CloudTrail'], raw: false,
        program: `[inputs.Records[] | select(tojson | contains("${f.attackerIp}")) | .recipientAccountId + ":aws-cloudtrail-logs"] | group_by(.) | map([.[0], length]) | .[]`,
      },
      {
        // Flow lines name their account where their file's header says; JSON lines by key.
        services: ['vpcflowlogs', 'vpcdnsquerylogs', 'GuardDuty'], raw: true,
        program: `reduce inputs as $l ({c: {}};
  if ($l | startswith("version ")) then .a = ($l | split(" ") | index("account-id"))
  elif ($l | contains("${f.attackerIp}") | not) then .
  elif ($l | startswith("{\\"version\\"")) then .c[($l | fromjson | .account_id) + ":/aws/route53resolver"] += 1
  elif ($l | startswith("{\\"schemaVersion\\"")) then .c[($l | fromjson | .accountId) + ":/aws/events/guardduty"] += 1
  else .c[($l | split(" "))[.a] + ":vpc-flow-logs"] += 1 end) | .c | to_entries[] | [.key, .value]`,
      },
    ],
  },
];
