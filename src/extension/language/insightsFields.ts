/**
 * Field names a Logs Insights query can use: the system fields every log group has, and, per evidence
 * type, the fields CloudWatch Logs discovers (reference A.5). The per-type lists are the fallback when
 * the evidence folder cannot be asked (untrusted workspace, no evidence yet, the engine busy); the
 * folder's own sources take their place as soon as they are known (evidenceSchema.ts).
 */

export interface SystemField {
  name: string;
  doc: string;
}

export const SYSTEM_FIELDS: readonly SystemField[] = [
  { name: '@timestamp', doc: 'When the event happened (UTC). What bin() and the time window use.' },
  { name: '@message', doc: 'The raw event text, as CloudWatch Logs holds it.' },
  { name: '@logStream', doc: 'The log stream the event came from; locally, the evidence file or stream.' },
  { name: '@log', doc: 'The log group, as account-id:log-group-name; locally, the evidence source.' },
  { name: '@ingestionTime', doc: 'When CloudWatch Logs received the event; empty for exported evidence that does not record it.' },
  { name: '@ptr', doc: 'An opaque pointer to the log record, returned by the service.' },
];

/** An evidence type as a log group: the name it answers to locally and its fields. */
export interface InsightsSource {
  logGroup: string;
  evidenceType: string;
  fields: readonly string[];
  /** Its events are JSON, so any key of them is a field (CloudWatch's JSON discovery). */
  json: boolean;
  /** The fields seen in the folder's own events; the others are documented for the type. */
  found?: ReadonlySet<string>;
}

/** The SQL table the Athena documentation gives each evidence type, to tell types apart by table. */
export const TABLE_EVIDENCE_TYPES: Readonly<Record<string, string>> = {
  cloudtrail_logs: 'cloudtrail',
  cloudtrail: 'cloudtrail',
  cloudtrail_logs_pp: 'cloudtrail',
  vpc_flow_logs: 'vpcflow',
  r53_rlogs: 'route53resolver',
  gd_logs: 'guardduty',
};

const CLOUDTRAIL = [
  'eventVersion', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent',
  'errorCode', 'errorMessage', 'requestID', 'eventID', 'readOnly', 'eventType', 'apiVersion', 'managementEvent',
  'recipientAccountId', 'eventCategory', 'sessionCredentialFromConsole', 'vpcEndpointId', 'sharedEventID',
  'userIdentity.type', 'userIdentity.principalId', 'userIdentity.arn', 'userIdentity.accountId',
  'userIdentity.accessKeyId', 'userIdentity.userName', 'userIdentity.invokedBy',
  'userIdentity.sessionContext.attributes.mfaAuthenticated', 'userIdentity.sessionContext.attributes.creationDate',
  'userIdentity.sessionContext.sessionIssuer.type', 'userIdentity.sessionContext.sessionIssuer.arn',
  'userIdentity.sessionContext.sessionIssuer.userName', 'userIdentity.sessionContext.sessionIssuer.accountId',
  'requestParameters.userName', 'requestParameters.roleName', 'requestParameters.policyArn', 'requestParameters.bucketName',
  'requestParameters.name', 'requestParameters.instanceType', 'responseElements.accessKey.accessKeyId',
  'responseElements.ConsoleLogin', 'additionalEventData.MFAUsed', 'additionalEventData.LoginTo',
  'resources.0.ARN', 'resources.0.type', 'resources.0.accountId',
  'tlsDetails.tlsVersion', 'tlsDetails.cipherSuite', 'tlsDetails.clientProvidedHostHeader',
];

const VPC_FLOW = [
  'version', 'accountId', 'interfaceId', 'srcAddr', 'dstAddr', 'srcPort', 'dstPort', 'protocol', 'packets', 'bytes',
  'startTime', 'endTime', 'action', 'logStatus',
];

const ROUTE53_RESOLVER = [
  'queryName', 'queryType', 'responseCode', 'queryTimestamp', 'protocol', 'version', 'account_id', 'region', 'vpc_id', 'query_timestamp', 'query_name', 'query_type', 'query_class', 'rcode',
  'answers.0.Rdata', 'answers.0.Type', 'answers.0.Class', 'srcaddr', 'srcport', 'transport', 'srcids.instance',
  'srcids.resolver_endpoint', 'firewall_rule_action', 'firewall_rule_group_id', 'firewall_domain_list_id',
];

const GUARDDUTY = [
  'schemaVersion', 'accountId', 'region', 'partition', 'id', 'arn', 'type', 'severity', 'createdAt', 'updatedAt',
  'title', 'description', 'resource.resourceType', 'resource.accessKeyDetails.userName',
  'resource.accessKeyDetails.accessKeyId', 'resource.instanceDetails.instanceId', 'service.count',
  'service.eventFirstSeen', 'service.eventLastSeen', 'service.action.actionType', 'service.action.awsApiCallAction.api',
  'service.action.networkConnectionAction.remoteIpDetails.ipAddressV4', 'service.action.dnsRequestAction.domain',
];

/** The documented field set of each evidence type, under the log group the local engine gives it. */
export const DOCUMENTED_SOURCES: readonly InsightsSource[] = [
  { logGroup: 'aws-cloudtrail-logs', evidenceType: 'cloudtrail', fields: CLOUDTRAIL, json: true },
  { logGroup: 'vpc-flow-logs', evidenceType: 'vpcflow', fields: VPC_FLOW, json: false },
  { logGroup: '/aws/route53resolver', evidenceType: 'route53resolver', fields: ROUTE53_RESOLVER, json: true },
  { logGroup: '/aws/events/guardduty', evidenceType: 'guardduty', fields: GUARDDUTY, json: true },
];

export function documentedSource(evidenceType: string): InsightsSource | undefined {
  return DOCUMENTED_SOURCES.find((source) => source.evidenceType === evidenceType);
}

/** Human names for the types, shown next to a completion. */
export const EVIDENCE_TYPE_NAMES: Readonly<Record<string, string>> = {
  cloudtrail: 'CloudTrail',
  vpcflow: 'VPC Flow Logs',
  route53resolver: 'Route 53 Resolver',
  guardduty: 'GuardDuty',
};
