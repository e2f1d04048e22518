/**
 * A cell may declare an evidence table under a name of its own (`CREATE EXTERNAL TABLE my_flows
 * (…) LOCATION 's3://…/vpcflowlogs/…'`), as Athena users do; the local engine then answers to that
 * name with the evidence of the same type. What a DDL reads is told by its S3 location, and
 * otherwise by the columns it declares.
 */
import type { SqlStatement } from '../../core/sql';
import type { EvidenceType } from './sources/evidenceSource';

/** [type, location pattern, columns that together mark the type]. */
const MARKS: ReadonlyArray<readonly [EvidenceType, RegExp, readonly string[]]> = [
  ['vpcflow', /\/vpcflowlogs(\/|$)|aws-service=vpcflowlogs/i, ['interface_id', 'srcaddr', 'dstaddr']],
  ['route53resolver', /\/vpcdnsquerylogs(\/|$)/i, ['query_name', 'rcode', 'query_timestamp']],
  ['guardduty', /\/GuardDuty(\/|$)/i, ['schemaversion', 'severity', 'service']],
  ['alb', /\/elasticloadbalancing(\/|$)/i, ['target_group_arn', 'elb_status_code']],
  ['s3access', /(?!)/, ['bucketowner', 'requestdatetime', 'operation']],
];

/** The evidence type a CREATE EXTERNAL TABLE statement reads, if it is one the local engine has. */
export function declaredEvidence(statement: SqlStatement): EvidenceType | undefined {
  if (!statement.declares) return undefined;
  if (statement.declares.cloudTrail) return 'cloudtrail';
  const strings = statement.tokens.filter((t) => t.kind === 'string').map((t) => t.value ?? '');
  const words = new Set(statement.tokens.filter((t) => t.kind === 'word' || t.kind === 'quoted').map((t) => (t.value ?? t.text).toLowerCase()));
  // Application and Classic Load Balancers share the location; the columns tell them apart.
  for (const [type, location, columns] of MARKS) {
    const located = strings.some((s) => location.test(s));
    const shaped = columns.every((c) => words.has(c));
    if (shaped || (located && type !== 'alb')) return type;
  }
  return undefined;
}
