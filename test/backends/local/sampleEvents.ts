/**
 * The shared samples of each evidence type read a second way, in plain Node (split, JSON.parse,
 * zlib) and never through the engine, so that what Logs Insights answers on them can be checked
 * against values computed independently from the same files, read in place.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { samples } from './sources/samples';

/** One event as CloudWatch would hold it: its time (epoch ms, when it has one), text and stream. */
export interface SampleEvent {
  time: number | undefined;
  message: string;
  stream: string;
}

/** A flow-log record: the fields its file's `.format` declares, by their AWS names; `-` and empty are absent. */
export interface FlowRecord {
  /** The file, relative to the VPC samples folder. */
  file: string;
  /** The declared field names, in the file's order. */
  names: readonly string[];
  fields: Readonly<Record<string, string>>;
  /**
   * The declared fields re-joined, as the engine keeps `@message`: the line itself for every line
   * AWS writes; the documented double-spaced line loses the value its empty field pushes past the format.
   */
  message: string;
}

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/**
 * Every flow-log record under the VPC samples folder, each `.log` read by the `.format` beside it.
 * Fields are split at every single space, as Athena's `FIELDS TERMINATED BY ' '` does (so the
 * documented line with a double space reads shifted, as the engine documents).
 */
export function flowRecords(): FlowRecord[] {
  return filesUnder(samples.vpc).filter((path) => path.endsWith('.log')).flatMap((path) => {
    const names = readFileSync(path.replace(/\.log$/, '.format'), 'utf8').trim().split(' ');
    return lines(path).map((line) => {
      const values = line.split(' ');
      const fields: Record<string, string> = {};
      names.forEach((name, i) => {
        const value = values[i];
        if (value !== undefined && value !== '' && value !== '-') fields[name] = value;
      });
      return { file: relative(samples.vpc, path), names, fields, message: values.slice(0, names.length).join(' ') };
    });
  });
}

/** A flow-log field as a number, or undefined where it is absent or not a whole number (as the DDL's int). */
export function flowNumber(record: FlowRecord, name: string): number | undefined {
  const value = record.fields[name];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Flow-log records as events: the time is `start`, the stream the interface (else the file). */
export function flowEvents(): SampleEvent[] {
  return flowRecords().map((record) => {
    const start = flowNumber(record, 'start');
    return {
      time: start === undefined ? undefined : start * 1000,
      message: record.message,
      stream: record.fields['interface-id'] ?? record.file,
    };
  });
}

/** Whether an IPv4 address (text) lies in a CIDR block; any other text does not. */
export function inIpv4Subnet(address: string | undefined, cidr: string): boolean {
  const toNumber = (text: string) => text.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  if (address === undefined || !/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) return false;
  const [base, bits] = cidr.split('/') as [string, string];
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toNumber(address) / size) === Math.floor(toNumber(base) / size);
}

export type Route53Record = Readonly<Record<string, unknown>> & { query_name: string; query_type: string; rcode: string; query_timestamp: string; vpc_id: string };

function route53Lines(): string[] {
  return lines(join(samples.route53, 'test-route53.log'));
}

export function route53Records(): Route53Record[] {
  return route53Lines().map((line) => JSON.parse(line) as Route53Record);
}

/** Resolver records as events: the raw line, at `query_timestamp`, in the VPC's stream. */
export function route53Events(): SampleEvent[] {
  return route53Lines().map((line) => {
    const record = JSON.parse(line) as Route53Record;
    return { time: Date.parse(record.query_timestamp), message: line, stream: record.vpc_id };
  });
}

export type Finding = Readonly<Record<string, unknown>> & { type: string; severity: number; updatedAt: string };

const GUARDDUTY_FILE = 'elastic-test-guardduty.log';

/** The findings of the GuardDuty sample, each with its line; the `{"findings":[]}` line holds none. */
function findingLines(): Array<{ line: string; finding: Finding }> {
  return lines(join(samples.guardDuty, GUARDDUTY_FILE)).map((line) => ({ line, finding: JSON.parse(line) as Finding })).filter(({ finding }) => finding.type !== undefined);
}

export function guardDutyFindings(): Finding[] {
  return findingLines().map(({ finding }) => finding);
}

/** Findings as events: the export line, at `updatedAt`, the file as the stream. */
export function guardDutyEvents(): SampleEvent[] {
  return findingLines().map(({ line, finding }) => ({ time: Date.parse(finding.updatedAt), message: line, stream: GUARDDUTY_FILE }));
}

/** The log events of the CloudWatch Logs subscription payload carried by a Lambda event (base64 of gzip). */
export function payloadEvents(): SampleEvent[] {
  const event = JSON.parse(readFileSync(join(samples.lambdaEvents, 'cloudwatch-logs-event.json'), 'utf8')) as { awslogs: { data: string } };
  const payload = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8')) as { logStream: string; logEvents: Array<{ timestamp: number; message: string }> };
  return payload.logEvents.map((e) => ({ time: e.timestamp, message: e.message, stream: payload.logStream }));
}

/** The DynamoDB Streams records of the files JSON.parse accepts (the deliberately malformed sample is not one). */
export function dynamoDbRecords(): Array<Record<string, unknown> & { dynamodb: { ApproximateCreationDateTime: number }; eventSourceARN: string }> {
  return readdirSync(samples.lambdaEvents).filter((name) => name.startsWith('dynamodb-')).flatMap((name) => {
    try {
      return (JSON.parse(readFileSync(join(samples.lambdaEvents, name), 'utf8')) as { Records: ReturnType<typeof dynamoDbRecords> }).Records;
    } catch {
      return [];
    }
  });
}

/** Stream records as events: compact JSON, at ApproximateCreationDateTime (seconds), in the ARN's table/stream. */
export function dynamoDbEvents(): SampleEvent[] {
  return dynamoDbRecords().map((record) => ({
    time: record.dynamodb.ApproximateCreationDateTime * 1000,
    message: JSON.stringify(record),
    stream: record.eventSourceARN.split(':table/')[1] ?? record.eventSourceARN,
  }));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** S3 server access log lines; the time is the bracketed `[06/Feb/2019:00:00:38 +0000]`, the stream the bucket. */
export function s3AccessEvents(): SampleEvent[] {
  return lines(join(samples.accessLogs, 'test-s3-server-access.log')).map((line) => {
    const [, bucket, day, month, year, clock, zoneHours, zoneMinutes] = /^\S+ (\S+) \[(\d{2})\/(\w{3})\/(\d{4}):(\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})\]/.exec(line)!;
    const iso = `${year}-${String(MONTHS.indexOf(month!) + 1).padStart(2, '0')}-${day}T${clock}${zoneHours}:${zoneMinutes}`;
    return { time: Date.parse(iso), message: line, stream: bucket! };
  });
}

/**
 * Load balancer log lines (ALB, NLB TLS and connection logs mixed in one file): the time is the
 * line's first ISO-8601 time (UTC, to the millisecond), the stream the load balancer of an ALB
 * request line, else the file.
 */
export function loadBalancerEvents(): SampleEvent[] {
  return lines(join(samples.accessLogs, 'test-alb.log')).map((line) => {
    const iso = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?/.exec(line)![0];
    return { time: Date.parse(`${iso}Z`), message: line, stream: /^(?:http|https|h2|grpcs|ws|wss) \S+ (\S+)/.exec(line)?.[1] ?? 'test-alb.log' };
  });
}

/** A time as Logs Insights writes it: `YYYY-MM-DD HH:MM:SS.mmm`, UTC. */
export function insightsTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 23);
}

/** The start of the fixed period (from the Unix epoch) holding a time, as bin() gives it; absent without a time. */
export function binStart(ms: number | undefined, periodMs: number): string | null {
  return ms === undefined ? null : insightsTime(Math.floor(ms / periodMs) * periodMs);
}

/** How many items have each key. */
export function countBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string | null, number> {
  const counts = new Map<string | null, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
