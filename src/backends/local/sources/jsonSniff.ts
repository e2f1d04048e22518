/**
 * What a JSON evidence file holds, decided from its first bytes (the first value's opening keys):
 *
 * | shape | type / layout |
 * | --- | --- |
 * | `{"Records":[ event… ]}`, events with a 1.x `eventVersion` / CloudTrail's keys | cloudtrail / records |
 * | `[ event… ]`, one event object after another | cloudtrail / array, events |
 * | `{"Records":[ {"eventSource":"aws:dynamodb", "dynamodb":{…}}… ]}` (a Lambda event) | dynamodbstreams / records |
 * | Route 53 Resolver query log records (`query_name`, `query_timestamp`, `rcode`…) | route53resolver / objects, array |
 * | GuardDuty findings, bare, in `{"Findings":[…]}` or in an EventBridge event | guardduty / objects, array |
 * | `{"messageType":…, "logEvents":[…]}` CloudWatch Logs subscription payloads | cloudwatchlogs / payload |
 * | `{"awslogs":{"data":"<base64 gzip>"}}` the same payload in a Lambda event | cloudwatchlogs / lambda |
 *
 * S3, SNS and SQS notifications share CloudTrail's keys but name their source `aws:s3` where
 * CloudTrail has `s3.amazonaws.com`: they are not evidence here.
 */
import type { EvidenceType } from './evidenceSource';

export type JsonDecision = { type: EvidenceType; layout: string } | 'more' | 'unknown';

/** Keys every CloudTrail event has; two of them make an object an event. */
const EVENT_KEYS = ['eventVersion', 'eventTime', 'eventSource', 'eventName', 'eventID'];

/** `complete`: no more text will come, so an open question is a no. */
export function classifyJson(raw: string, complete: boolean): JsonDecision {
  const text = raw.replace(/^\uFEFF/, '').trimStart();
  if (text === '') return complete ? 'unknown' : 'more';
  if (text.startsWith('[')) {
    const after = text.slice(1).trimStart();
    // An empty array is what CloudTrail exports hold when nothing happened.
    if (after.startsWith(']')) return { type: 'cloudtrail', layout: 'array' };
    if (after === '') return complete ? { type: 'cloudtrail', layout: 'array' } : 'more';
    if (!after.startsWith('{')) return 'unknown';
    const element = classifyObject(after, complete);
    return typeof element === 'string' ? element : { type: element.type, layout: 'array' };
  }
  if (!text.startsWith('{')) return 'unknown';
  const key = /^\{\s*"((?:[^"\\]|\\.)*)"\s*:\s*/.exec(text);
  if (!key) return complete || text.length > 1024 ? 'unknown' : 'more';
  const after = text.slice(key[0].length);
  switch (key[1]) {
    case 'Records':
      return classifyRecords(after, complete);
    case 'awslogs':
      return { type: 'cloudwatchlogs', layout: 'lambda' };
    case 'Findings':
    case 'findings':
      return { type: 'guardduty', layout: 'objects' };
    default:
      return classifyObject(text, complete);
  }
}

/** `{"Records": …`: CloudTrail's delivery file, or a Lambda event of DynamoDB stream records. */
function classifyRecords(after: string, complete: boolean): JsonDecision {
  // An empty delivery file is still CloudTrail. A record that opens with a 1.x eventVersion is a
  // CloudTrail event (S3 notifications, which also use Records, are version 2.x).
  if (/^\[\s*(\]|$)/.test(after)) return { type: 'cloudtrail', layout: 'records' };
  if (/^\[\s*\{\s*"eventVersion"\s*:\s*"1\./.test(after)) return { type: 'cloudtrail', layout: 'records' };
  const decision = classifyObject(after.replace(/^\[\s*/, ''), complete);
  if (typeof decision === 'string') return decision;
  if (decision.type === 'cloudtrail' || decision.type === 'dynamodbstreams') return { type: decision.type, layout: 'records' };
  return 'unknown';
}

/**
 * One event object (or the start of one): which source writes objects like it, judged by the
 * object's own keys. A key of a nested object does not count: a record that carries a CloudTrail
 * event inside it (EventBridge's `detail`, a test fixture's `log`) is not a CloudTrail event, and
 * read as one it would give a row of nulls.
 */
function classifyObject(text: string, complete: boolean): JsonDecision {
  const { fields, closed } = topLevelFields(text);
  const done = complete || closed;
  const source = fields.get('eventSource');
  if (source === 'aws:dynamodb') return { type: 'dynamodbstreams', layout: 'objects' };
  if (source?.startsWith('aws:')) return 'unknown';
  // DynamoDB stream records open with eventID, eventName and eventVersion before their eventSource.
  if (EVENT_KEYS.filter((key) => fields.has(key)).length >= 2 && (fields.has('eventSource') || done)) return { type: 'cloudtrail', layout: 'events' };
  if (fields.has('messageType') && (fields.has('logEvents') || fields.has('logGroup'))) return { type: 'cloudwatchlogs', layout: 'payload' };
  if (fields.get('source') === 'aws.guardduty') return { type: 'guardduty', layout: 'objects' };
  if (fields.has('schemaVersion') && /^arn:aws[a-z-]*:guardduty:/.test(fields.get('arn') ?? '')) return { type: 'guardduty', layout: 'objects' };
  if (fields.has('query_name') && ['query_timestamp', 'rcode', 'query_type'].some((key) => fields.has(key))) return { type: 'route53resolver', layout: 'objects' };
  return done ? 'unknown' : 'more';
}

/**
 * The keys of the object `text` opens (from its `{`, perhaps cut short), each with its value when
 * that is a string; `closed` once the object's `}` is in the text.
 */
export function topLevelFields(text: string): { fields: Map<string, string | undefined>; closed: boolean } {
  const fields = new Map<string, string | undefined>();
  let depth = 0;
  let expectKey = false;
  let key: string | undefined;
  for (let i = text.search(/\S/); i >= 0 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) break;
      if (depth === 1) {
        const value = decodeString(text.slice(i, end + 1));
        if (expectKey) {
          key = value ?? '';
          fields.set(key, undefined);
          expectKey = false;
        } else if (key !== undefined) {
          fields.set(key, value);
          key = undefined;
        }
      }
      i = end;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth += 1;
      expectKey = depth === 1;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth -= 1;
      if (depth <= 0) return { fields, closed: true };
    } else if (c === COMMA && depth === 1) {
      expectKey = true;
      key = undefined;
    }
  }
  return { fields, closed: false };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/** The index of the quote that closes the string opening at `start`, or -1 when the text ends first. */
function stringEnd(text: string, start: number): number {
  for (let at = text.indexOf('"', start + 1); at >= 0; at = text.indexOf('"', at + 1)) {
    let slashes = 0;
    while (text.charCodeAt(at - 1 - slashes) === BACKSLASH) slashes += 1;
    if (slashes % 2 === 0) return at;
  }
  return -1;
}

function decodeString(literal: string): string | undefined {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}

/**
 * One JSON value per line? A single-object file (a delivery file, a payload) on one line, or a first
 * line that is a whole object: then DuckDB can read the file as newline-delimited JSON, much cheaper
 * than as one document. A guess; a file that proves it wrong is read as a document.
 */
export function oneValuePerLine(layout: string, bytes: Buffer, complete: boolean): boolean {
  if (layout === 'array') return false;
  const newline = bytes.indexOf(0x0a);
  if (layout !== 'events' && layout !== 'objects') {
    return newline === -1 || (complete && bytes.subarray(newline).toString('utf8').trim() === '');
  }
  const first = bytes.subarray(0, newline === -1 ? bytes.length : newline).toString('utf8').replace(/^\uFEFF/, '').trim();
  return (newline !== -1 || complete) && first.startsWith('{') && first.endsWith('}');
}

/** Why a JSON file is not evidence, for its warning. */
export function describeUnknownJson(text: string): string {
  if (/"digestStartTime"|"digestPublicKeyFingerprint"/.test(text)) return 'it is a CloudTrail digest file, not CloudTrail events';
  // CloudTrail names its sources by service endpoint; S3, SNS and SQS notifications say `aws:s3`.
  if (/"eventSource"\s*:\s*"[^"]+\.amazonaws\.com"/.test(text) && /"eventName"\s*:/.test(text)) {
    return 'its records carry CloudTrail events inside another object (such as EventBridge\'s "detail"), and awsfx reads CloudTrail events as CloudTrail delivers them';
  }
  return 'it is JSON but does not hold CloudTrail events or other evidence awsfx reads';
}
