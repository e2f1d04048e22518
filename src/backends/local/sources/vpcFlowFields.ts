/**
 * Every VPC flow log field AWS documents (versions 2 to 8), under its three names: the flow-log
 * format's (`${pkt-srcaddr}`, and the header line of S3-delivered files), the Athena DDL's column
 * (`pkt_srcaddr`, reference C.2) and the Logs Insights field (`pktSrcAddr`; reference A.5 names the
 * default ones). A declared format is mapped through this list by name, never by position, and a
 * name that is not on it never becomes a column.
 */

export interface FlowField {
  /** The name in a flow-log format string and in a delivered file's header line. */
  aws: string;
  /** The Athena column. */
  column: string;
  /** The Athena DDL's type, as DuckDB spells it. */
  sqlType: 'INTEGER' | 'BIGINT' | 'VARCHAR';
  /** The Logs Insights field name. */
  insights: string;
}

const field = (aws: string, sqlType: FlowField['sqlType'], insights: string): FlowField => ({ aws, column: aws.replace(/-/g, '_'), sqlType, insights });

/** In the order of the Athena DDL's columns (C.2), then the ECS and reject-reason fields of v7–v8. */
export const FLOW_FIELDS: readonly FlowField[] = [
  field('version', 'INTEGER', 'version'),
  field('account-id', 'VARCHAR', 'accountId'),
  field('interface-id', 'VARCHAR', 'interfaceId'),
  field('srcaddr', 'VARCHAR', 'srcAddr'),
  field('dstaddr', 'VARCHAR', 'dstAddr'),
  field('srcport', 'INTEGER', 'srcPort'),
  field('dstport', 'INTEGER', 'dstPort'),
  field('protocol', 'BIGINT', 'protocol'),
  field('packets', 'BIGINT', 'packets'),
  field('bytes', 'BIGINT', 'bytes'),
  field('start', 'BIGINT', 'startTime'),
  field('end', 'BIGINT', 'endTime'),
  field('action', 'VARCHAR', 'action'),
  field('log-status', 'VARCHAR', 'logStatus'),
  field('vpc-id', 'VARCHAR', 'vpcId'),
  field('subnet-id', 'VARCHAR', 'subnetId'),
  field('instance-id', 'VARCHAR', 'instanceId'),
  field('tcp-flags', 'INTEGER', 'tcpFlags'),
  field('type', 'VARCHAR', 'type'),
  field('pkt-srcaddr', 'VARCHAR', 'pktSrcAddr'),
  field('pkt-dstaddr', 'VARCHAR', 'pktDstAddr'),
  field('region', 'VARCHAR', 'region'),
  field('az-id', 'VARCHAR', 'azId'),
  field('sublocation-type', 'VARCHAR', 'sublocationType'),
  field('sublocation-id', 'VARCHAR', 'sublocationId'),
  field('pkt-src-aws-service', 'VARCHAR', 'pktSrcAwsService'),
  field('pkt-dst-aws-service', 'VARCHAR', 'pktDstAwsService'),
  field('flow-direction', 'VARCHAR', 'flowDirection'),
  field('traffic-path', 'INTEGER', 'trafficPath'),
  field('ecs-cluster-arn', 'VARCHAR', 'ecsClusterArn'),
  field('ecs-cluster-name', 'VARCHAR', 'ecsClusterName'),
  field('ecs-container-instance-arn', 'VARCHAR', 'ecsContainerInstanceArn'),
  field('ecs-container-instance-id', 'VARCHAR', 'ecsContainerInstanceId'),
  field('ecs-container-id', 'VARCHAR', 'ecsContainerId'),
  field('ecs-second-container-id', 'VARCHAR', 'ecsSecondContainerId'),
  field('ecs-service-name', 'VARCHAR', 'ecsServiceName'),
  field('ecs-task-definition-arn', 'VARCHAR', 'ecsTaskDefinitionArn'),
  field('ecs-task-arn', 'VARCHAR', 'ecsTaskArn'),
  field('ecs-task-id', 'VARCHAR', 'ecsTaskId'),
  field('reject-reason', 'VARCHAR', 'rejectReason'),
];

const BY_NAME = new Map<string, FlowField>(FLOW_FIELDS.map((f) => [f.aws, f]));

/** The field a declared name stands for (hyphens or underscores alike), or undefined. */
export function flowField(name: string): FlowField | undefined {
  return BY_NAME.get(name.toLowerCase().replace(/_/g, '-'));
}

/** AWS's default format (version 2), the fields of every flow log that was not given a format. */
export const DEFAULT_FORMAT: readonly string[] = FLOW_FIELDS.slice(0, 14).map((f) => f.aws);

export interface DeclaredFormat {
  /** Known fields by AWS name in file order; undefined where the declared name is unknown or repeated. */
  fields: Array<string | undefined>;
  /** The declared names that are not known fields (or repeat one), in order. */
  unknown: string[];
}

/**
 * Reads a declared format: a header line (`version account-id …`) or a format string
 * (`${version} ${account-id} …`). Undefined when it does not look like a flow-log format at all
 * (fewer than three known fields, or not more known fields than unknown ones).
 */
export function declaredFormat(text: string): DeclaredFormat | undefined {
  const names = text.trim().split(/\s+/).map((token) => /^\$\{([^}]*)\}$/.exec(token)?.[1] ?? token);
  if (names.length < 3 || !names.every((n) => /^[A-Za-z][A-Za-z0-9_-]*$/.test(n))) return undefined;
  const seen = new Set<string>();
  const fields: Array<string | undefined> = [];
  const unknown: string[] = [];
  for (const name of names) {
    const known = flowField(name);
    if (known && !seen.has(known.aws)) {
      seen.add(known.aws);
      fields.push(known.aws);
    } else {
      fields.push(undefined);
      unknown.push(name);
    }
  }
  return seen.size >= 3 && seen.size > unknown.length ? { fields, unknown } : undefined;
}

const TOKEN_CHECKS: ReadonlyArray<RegExp> = [
  /^\d+$/, // version
  /^(\d+|-|unknown)$/, // account-id
  /^(eni-[0-9a-z]+|-)$/, // interface-id
  /^([0-9a-fA-F.:]+|-)$/, // srcaddr
  /^([0-9a-fA-F.:]+|-)$/, // dstaddr
  /^(\d+|-)$/, // srcport
  /^(\d+|-)$/, // dstport
  /^(\d+|-)$/, // protocol
  /^(\d+|-)$/, // packets
  /^(\d+|-)$/, // bytes
  /^\d+$/, // start
  /^\d+$/, // end
  /^(ACCEPT|REJECT|-)$/, // action
  /^(OK|NODATA|SKIPDATA)$/, // log-status
];

/** True when a line without a header is a record in the default format (how CloudWatch-delivered flow logs look). */
export function isDefaultFormatRecord(line: string): boolean {
  const tokens = line.trim().split(' ');
  return tokens.length === TOKEN_CHECKS.length && tokens.every((token, i) => TOKEN_CHECKS[i]!.test(token));
}
