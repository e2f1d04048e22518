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

const EVENT_KEYS = /"(?:eventVersion|eventTime|eventSource|eventName|eventID)"\s*:/g;
const AWS_EVENT_SOURCE = /"eventSource"\s*:\s*"aws:/;
const DYNAMODB_SOURCE = /"eventSource"\s*:\s*"aws:dynamodb"/;

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

/** One event object (or the start of one): which source writes objects like it. */
function classifyObject(text: string, complete: boolean): JsonDecision {
  if (DYNAMODB_SOURCE.test(text)) return { type: 'dynamodbstreams', layout: 'objects' };
  if (AWS_EVENT_SOURCE.test(text)) return 'unknown';
  if (new Set(text.match(EVENT_KEYS) ?? []).size >= 2) return { type: 'cloudtrail', layout: 'events' };
  if (/"messageType"\s*:/.test(text) && /"(?:logEvents|logGroup)"\s*:/.test(text)) return { type: 'cloudwatchlogs', layout: 'payload' };
  if (/"source"\s*:\s*"aws\.guardduty"/.test(text)) return { type: 'guardduty', layout: 'objects' };
  if (/"schemaVersion"\s*:/.test(text) && /"arn"\s*:\s*"arn:aws[a-z-]*:guardduty:/.test(text)) return { type: 'guardduty', layout: 'objects' };
  if (/"query_name"\s*:/.test(text) && /"(?:query_timestamp|rcode|query_type)"\s*:/.test(text)) return { type: 'route53resolver', layout: 'objects' };
  return complete ? 'unknown' : 'more';
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
  return 'it is JSON but does not hold CloudTrail events or other evidence awsfx reads';
}
