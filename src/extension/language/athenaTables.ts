/**
 * The Athena tables of the evidence types, with the columns and types of their AWS-documented DDL
 * (reference C.1 and C.2, and the Athena guide's pages on Route 53 Resolver and GuardDuty). Completion
 * and hover read them; they hold for a cell run on Athena and on local evidence alike. Tables the local
 * engine exposes beyond these are listed from the engine itself (evidenceSchema.ts).
 */

export interface SqlColumn {
  /** Lowercase, as Athena names columns and struct fields. */
  name: string;
  /** Athena (Hive DDL) type, e.g. `string`, `struct<…>`, `array<struct<…>>`. */
  type: string;
  /** Fields reachable with `.` (struct members; for an array of structs, after unnesting). */
  fields?: readonly SqlColumn[];
  doc?: string;
}

export interface SqlTable {
  name: string;
  /** Also known as (the same data). */
  aliases: readonly string[];
  evidenceType: string;
  doc: string;
  columns: readonly SqlColumn[];
}

const text = (name: string, doc?: string): SqlColumn => (doc ? { name, type: 'string', doc } : { name, type: 'string' });
const typed = (name: string, type: string, doc?: string): SqlColumn => (doc ? { name, type, doc } : { name, type });

function struct(name: string, fields: SqlColumn[], doc?: string): SqlColumn {
  return { name, type: `struct<${fields.map((f) => `${f.name}:${f.type}`).join(',')}>`, fields, ...(doc ? { doc } : {}) };
}

function arrayOf(name: string, fields: SqlColumn[], doc?: string): SqlColumn {
  return { name, type: `array<struct<${fields.map((f) => `${f.name}:${f.type}`).join(',')}>>`, fields, ...(doc ? { doc } : {}) };
}

const USER_IDENTITY = struct(
  'useridentity',
  [
    text('type', 'Root, IAMUser, AssumedRole, FederatedUser, AWSService, AWSAccount…'),
    text('principalid'),
    text('arn'),
    text('accountid'),
    text('invokedby', 'The AWS service that made the call on the principal\'s behalf.'),
    text('accesskeyid'),
    text('username'),
    struct('onbehalfof', [text('userid'), text('identitystorearn')]),
    struct('sessioncontext', [
      struct('attributes', [text('mfaauthenticated', "'true' when the session was authenticated with MFA."), text('creationdate')]),
      struct('sessionissuer', [text('type'), text('principalid'), text('arn'), text('accountid'), text('username')]),
      text('ec2roledelivery'),
      struct('webidfederationdata', [text('federatedprovider'), typed('attributes', 'map<string,string>')]),
    ]),
  ],
  'Who made the call.',
);

const CLOUDTRAIL: SqlTable = {
  name: 'cloudtrail_logs',
  aliases: ['cloudtrail', 'cloudtrail_logs_pp'],
  evidenceType: 'cloudtrail',
  doc: 'CloudTrail events, one row per API call or event.',
  columns: [
    text('eventversion'),
    USER_IDENTITY,
    text('eventtime', 'ISO-8601 text (not a timestamp): from_iso8601_timestamp(eventtime) for time arithmetic.'),
    text('eventsource', 'The service endpoint, e.g. iam.amazonaws.com.'),
    text('eventname', 'The API action, e.g. CreateAccessKey.'),
    text('awsregion'),
    text('sourceipaddress', 'The caller\'s address, or the AWS service name for calls made by a service.'),
    text('useragent'),
    text('errorcode', 'NULL when the call succeeded.'),
    text('errormessage'),
    text('requestparameters', 'JSON text: json_extract_scalar(requestparameters, \'$.userName\').'),
    text('responseelements', 'JSON text: json_extract_scalar(responseelements, \'$.accessKey.accessKeyId\').'),
    text('additionaleventdata', 'JSON text, e.g. $.MFAUsed for ConsoleLogin.'),
    text('requestid'),
    text('eventid'),
    text('readonly', "'true' or 'false'."),
    arrayOf('resources', [text('arn'), text('accountid'), text('type')], 'Resources the call touched: CROSS JOIN UNNEST(resources) AS t(r).'),
    text('eventtype', 'AwsApiCall, AwsServiceEvent, AwsConsoleSignIn…'),
    text('apiversion'),
    text('recipientaccountid'),
    text('serviceeventdetails', 'JSON text.'),
    text('sharedeventid'),
    text('vpcendpointid'),
    text('vpcendpointaccountid'),
    text('eventcategory', 'Management, Data or Insight.'),
    struct('addendum', [text('reason'), text('updatedfields'), text('originalrequestid'), text('originaleventid')]),
    text('sessioncredentialfromconsole'),
    text('edgedevicedetails', 'JSON text.'),
    struct('tlsdetails', [text('tlsversion'), text('ciphersuite'), text('clientprovidedhostheader')]),
    text('timestamp', 'Partition: the delivery day as YYYY/MM/DD (write "timestamp" in double quotes).'),
  ],
};

const VPC_FLOW_LOGS: SqlTable = {
  name: 'vpc_flow_logs',
  aliases: [],
  evidenceType: 'vpcflow',
  doc: 'VPC flow log records, one row per flow and capture window.',
  columns: [
    typed('version', 'int'),
    text('account_id'),
    text('interface_id'),
    text('srcaddr'),
    text('dstaddr'),
    typed('srcport', 'int'),
    typed('dstport', 'int'),
    typed('protocol', 'bigint', 'IANA protocol number: 6 TCP, 17 UDP, 1 ICMP.'),
    typed('packets', 'bigint'),
    typed('bytes', 'bigint'),
    typed('start', 'bigint', 'Start of the capture window, epoch seconds.'),
    typed('end', 'bigint', 'End of the capture window, epoch seconds (write "end" in double quotes).'),
    text('action', 'ACCEPT or REJECT.'),
    text('log_status', 'OK, NODATA or SKIPDATA.'),
    text('vpc_id'),
    text('subnet_id'),
    text('instance_id'),
    typed('tcp_flags', 'int'),
    text('type'),
    text('pkt_srcaddr'),
    text('pkt_dstaddr'),
    text('region'),
    text('az_id'),
    text('sublocation_type'),
    text('sublocation_id'),
    text('pkt_src_aws_service'),
    text('pkt_dst_aws_service'),
    text('flow_direction'),
    typed('traffic_path', 'int'),
    typed('date', 'date', 'Partition: the delivery day.'),
  ],
};

const R53_RLOGS: SqlTable = {
  name: 'r53_rlogs',
  aliases: [],
  evidenceType: 'route53resolver',
  doc: 'Route 53 Resolver query logs, one row per DNS query.',
  columns: [
    text('version'),
    text('account_id'),
    text('region'),
    text('vpc_id'),
    text('query_timestamp', 'ISO-8601 text.'),
    text('query_name', 'The name asked for, with its trailing dot.'),
    text('query_type', 'A, AAAA, TXT, MX…'),
    text('query_class'),
    text('rcode', 'NOERROR, NXDOMAIN, SERVFAIL…'),
    arrayOf('answers', [text('rdata'), text('type'), text('class')]),
    text('srcaddr'),
    typed('srcport', 'int'),
    text('transport'),
    struct('srcids', [text('instance'), text('resolver_endpoint')]),
  ],
};

const GD_LOGS: SqlTable = {
  name: 'gd_logs',
  aliases: [],
  evidenceType: 'guardduty',
  doc: 'GuardDuty findings, one row per finding.',
  columns: [
    text('schemaversion'),
    text('accountid'),
    text('region'),
    text('partition'),
    text('id'),
    text('arn'),
    text('type', 'The finding type, e.g. UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS.'),
    text('resource', 'JSON text: json_extract_scalar(resource, \'$.accesskeydetails.username\').'),
    text('service', 'JSON text: json_extract_scalar(service, \'$.action.actiontype\').'),
    text('severity', 'Text holding a number: 7.0–8.9 high, 4.0–6.9 medium; cast(severity as double) to compare.'),
    text('createdat'),
    text('updatedat'),
    text('title'),
    text('description'),
  ],
};

export const ATHENA_TABLES: readonly SqlTable[] = [CLOUDTRAIL, VPC_FLOW_LOGS, R53_RLOGS, GD_LOGS];

export function findTable(name: string): SqlTable | undefined {
  const wanted = name.toLowerCase();
  return ATHENA_TABLES.find((table) => table.name === wanted || table.aliases.includes(wanted));
}

/** The column or struct field at a dotted path, e.g. ['useridentity', 'sessioncontext']. */
export function columnAt(columns: readonly SqlColumn[], path: readonly string[]): SqlColumn | undefined {
  let fields: readonly SqlColumn[] | undefined = columns;
  let found: SqlColumn | undefined;
  for (const part of path) {
    found = fields?.find((column) => column.name === part.toLowerCase());
    if (!found) return undefined;
    fields = found.fields;
  }
  return found;
}
