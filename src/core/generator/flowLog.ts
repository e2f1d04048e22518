/**
 * VPC Flow Logs as delivered to S3: gzip text, a first line naming the fields in the flow log's
 * format, then one space-separated record per line with `-` for a field that has no value. The
 * default format is version 2's fourteen fields; a custom format lists the fields its creator chose,
 * in the creator's order, and its `version` is the highest version among them. Readers must map
 * fields by that header, never by position.
 */
import { fileStamp } from './awsIds';

/** The default (version 2) format, in AWS's order. */
export const DEFAULT_FIELDS = [
  'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol',
  'packets', 'bytes', 'start', 'end', 'action', 'log-status',
] as const;

/**
 * The security team's custom format on the production VPC: identity of the interface first, then
 * the flow, then the version 3-5 fields (tcp-flags, packet addresses, AWS services, direction and
 * path). Deliberately not the order of the Athena DDL's columns.
 */
export const CUSTOM_FIELDS = [
  'version', 'vpc-id', 'subnet-id', 'instance-id', 'interface-id', 'account-id', 'type', 'srcaddr', 'dstaddr',
  'srcport', 'dstport', 'pkt-srcaddr', 'pkt-dstaddr', 'protocol', 'bytes', 'packets', 'start', 'end', 'action',
  'tcp-flags', 'log-status', 'region', 'az-id', 'sublocation-type', 'sublocation-id', 'pkt-src-aws-service',
  'pkt-dst-aws-service', 'flow-direction', 'traffic-path',
] as const;

export type FlowField = (typeof DEFAULT_FIELDS)[number] | (typeof CUSTOM_FIELDS)[number];

/** One flow record: every field the interface could report; a format picks its own. */
export type FlowRecord = Partial<Record<FlowField, string | number>>;

export const PROTOCOL = { icmp: 1, tcp: 6, udp: 17 } as const;

/**
 * TCP flags as flow logs report them, OR-ed over the aggregation interval: ACK is not reported, so a
 * client's short connection shows SYN|FIN (3) and the server's side SYN-ACK|FIN (19).
 */
export const TCP_FLAGS = { none: 0, fin: 1, syn: 2, rst: 4, synAck: 18, clientShort: 3, serverShort: 19 } as const;

/** traffic-path for egress: 1 inside the VPC (NAT gateway, endpoints), 7 gateway endpoint, 8 internet gateway. */
export const TRAFFIC_PATH = { inVpc: 1, gatewayEndpoint: 7, internetGateway: 8 } as const;

export interface FlowLogFormat {
  fields: readonly FlowField[];
  version: 2 | 5;
  /** Seconds a record may span: the flow log's maximum aggregation interval. */
  aggregationSeconds: 60 | 600;
}

export const FORMATS: Record<'default' | 'custom', FlowLogFormat> = {
  default: { fields: DEFAULT_FIELDS, version: 2, aggregationSeconds: 600 },
  // The security team chose the one-minute interval for the production VPC.
  custom: { fields: CUSTOM_FIELDS, version: 5, aggregationSeconds: 60 },
};

export function headerLine(format: FlowLogFormat): string {
  return format.fields.join(' ');
}

export function recordLine(format: FlowLogFormat, record: FlowRecord): string {
  let line = '';
  for (let i = 0; i < format.fields.length; i++) {
    const field = format.fields[i]!;
    const value = field === 'version' ? format.version : record[field];
    line += (i === 0 ? '' : ' ') + (value === undefined || value === '' ? '-' : value);
  }
  return line;
}

/** The whole file as S3 holds it once inflated: header, records, each line ending in a newline. */
export function flowLogText(format: FlowLogFormat, records: readonly FlowRecord[]): string {
  let text = headerLine(format) + '\n';
  for (const record of records) text += recordLine(format, record) + '\n';
  return text;
}

/**
 * `AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/<account>_vpcflowlogs_<region>_<flow-log-id>_<YYYYMMDDTHHmmZ>_<hash>.log.gz`,
 * stamped, like CloudTrail's files, with the end of the five-minute delivery.
 */
export function flowLogKey(accountId: string, region: string, flowLogId: string, deliveredMs: number, hash: string): string {
  const stamp = fileStamp(deliveredMs);
  const day = `${stamp.slice(0, 4)}/${stamp.slice(4, 6)}/${stamp.slice(6, 8)}`;
  return `AWSLogs/${accountId}/vpcflowlogs/${region}/${day}/${accountId}_vpcflowlogs_${region}_${flowLogId}_${stamp}_${hash}.log.gz`;
}
