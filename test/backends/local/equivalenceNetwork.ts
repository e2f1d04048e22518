/**
 * Equivalence questions on network and detection evidence, asked by equivalence.test.ts in Logs
 * Insights and in Athena SQL on the same real samples (../shared/data, read in place).
 */
import { samples } from './sources/samples';

export interface Question {
  question: string;
  insights: string;
  sql: string;
  /** Evidence folder; Invictus (CloudTrail) unless said. */
  folder?: string;
  /** Both queries order their rows fully, so the order is compared too. */
  ordered?: boolean;
  /** At least this many rows (so a question never passes by both sides being empty by mistake). */
  atLeast?: number;
}

/**
 * Network and detection evidence (the samples in ../shared/data, read in place): VPC flow logs as
 * `vpc_flow_logs` and the vpc-flow-logs group, Route 53 Resolver logs as `r53_rlogs` and
 * /aws/route53resolver, GuardDuty findings as `gd_logs` and /aws/events/guardduty
 * (docs/evidence-types.md). The flow-log sample includes records without bytes or times, and the
 * one double-spaced documentation line, so absent values are compared too.
 */
export const NETWORK_QUESTIONS: Question[] = [
  {
    question: 'VPC: which ten sources sent the most bytes (top talkers)?',
    folder: samples.vpc,
    insights: 'stats sum(bytes) as bytesSent by srcAddr | sort bytesSent desc, srcAddr asc | limit 10',
    sql: 'SELECT srcaddr, sum(bytes) AS bytes_sent FROM vpc_flow_logs GROUP BY srcaddr ORDER BY bytes_sent DESC, srcaddr ASC LIMIT 10',
    ordered: true,
    atLeast: 10,
  },
  {
    question: 'VPC: how many flows were rejected, by destination port?',
    folder: samples.vpc,
    insights: 'filter action = "REJECT" | stats count(*) as rejected by dstPort',
    sql: "SELECT dstport, count(*) FROM vpc_flow_logs WHERE action = 'REJECT' GROUP BY dstport",
    atLeast: 4,
  },
  {
    question: 'VPC: which destination ports were seen in one flow only (rare ports)?',
    folder: samples.vpc,
    insights: 'stats count(*) as flows by dstPort | filter flows = 1',
    sql: 'SELECT dstport, count(*) FROM vpc_flow_logs GROUP BY dstport HAVING count(*) = 1',
    atLeast: 4,
  },
  {
    question: 'VPC: how many bytes and packets, and how many bytes per flow, went through each network interface?',
    folder: samples.vpc,
    insights: 'stats sum(bytes) as totalBytes, sum(packets) as totalPackets, avg(bytes) as meanBytes by interfaceId',
    sql: 'SELECT interface_id, sum(bytes), sum(packets), avg(bytes) FROM vpc_flow_logs GROUP BY interface_id',
    atLeast: 8,
  },
  {
    question: 'VPC: which flows reached SSH or RDP, and were they let through?',
    folder: samples.vpc,
    insights: 'filter dstPort in [22, 3389] | display srcAddr, dstAddr, dstPort, action, startTime',
    sql: 'SELECT srcaddr, dstaddr, dstport, action, start FROM vpc_flow_logs WHERE dstport IN (22, 3389)',
    atLeast: 6,
  },
  {
    question: 'VPC: which internal (10.0.0.0/8) sources talked to whom, how many packets?',
    folder: samples.vpc,
    insights: 'filter isIpv4InSubnet(srcAddr, "10.0.0.0/8") | stats sum(packets) as packetsSent by srcAddr, dstAddr',
    sql: "SELECT srcaddr, dstaddr, sum(packets) FROM vpc_flow_logs WHERE contains('10.0.0.0/8', CAST(srcaddr AS IPADDRESS)) GROUP BY srcaddr, dstaddr",
    atLeast: 10,
  },
  {
    question: 'VPC: how many flow records per hour of their capture window (records without one apart)?',
    folder: samples.vpc,
    insights: 'stats count(*) as records by bin(1h)',
    sql: "SELECT format_datetime(date_trunc('hour', from_unixtime(start)), 'yyyy-MM-dd HH:mm:ss.SSS'), count(*) FROM vpc_flow_logs GROUP BY 1",
    atLeast: 10,
  },
  {
    question: 'VPC: how do records split by action and log status (gaps in capture: NODATA, SKIPDATA)?',
    folder: samples.vpc,
    insights: 'stats count(*) by action, logStatus',
    sql: 'SELECT action, log_status, count(*) FROM vpc_flow_logs GROUP BY action, log_status',
    atLeast: 6,
  },
  {
    question: 'DNS: how many NXDOMAIN answers did each name get?',
    folder: samples.route53,
    insights: 'filter responseCode = "NXDOMAIN" | stats count(*) as nxdomain by queryName',
    sql: "SELECT query_name, count(*) FROM r53_rlogs WHERE rcode = 'NXDOMAIN' GROUP BY query_name",
    atLeast: 8,
  },
  {
    question: 'DNS: which queried names have a label of 20 characters or more (tunnelling, generated names)?',
    folder: samples.route53,
    insights: 'filter queryName =~ /[^.]{20,}/ | display queryTimestamp, srcaddr, queryName, responseCode',
    sql: "SELECT query_timestamp, srcaddr, query_name, rcode FROM r53_rlogs WHERE regexp_like(query_name, '[^.]{20,}')",
    atLeast: 9,
  },
  {
    question: 'DNS: how many queries of each record type?',
    folder: samples.route53,
    insights: 'stats count(*) as queries by queryType',
    sql: 'SELECT query_type, count(*) FROM r53_rlogs GROUP BY query_type',
    atLeast: 3,
  },
  {
    question: 'DNS: how many queries, and how many distinct names, did each client send?',
    folder: samples.route53,
    insights: 'stats count(*) as queries, count_distinct(queryName) as names by srcaddr',
    sql: 'SELECT srcaddr, count(*), count(DISTINCT query_name) FROM r53_rlogs GROUP BY srcaddr',
    atLeast: 3,
  },
  {
    question: 'DNS: what did each answered query resolve to first?',
    folder: samples.route53,
    insights: 'filter ispresent(answers.0.Rdata) | display query_name, answers.0.Type, answers.0.Rdata',
    sql: 'SELECT query_name, answers[1].type, answers[1].rdata FROM r53_rlogs WHERE cardinality(answers) > 0',
    atLeast: 18,
  },
  {
    question: 'DNS: which queries did DNS Firewall act on, from which instance?',
    folder: samples.route53,
    insights: 'filter ispresent(firewall_rule_action) | display query_name, firewall_rule_action, srcids.instance',
    sql: 'SELECT query_name, firewall_rule_action, srcids.instance FROM r53_rlogs WHERE firewall_rule_action IS NOT NULL',
    atLeast: 1,
  },
  {
    question: 'GuardDuty: how many high-severity (7 and above) findings of each type?',
    folder: samples.guardDuty,
    insights: 'filter severity >= 7 | stats count(*) as findings by type',
    sql: 'SELECT type, count(*) FROM gd_logs WHERE CAST(severity AS DOUBLE) >= 7 GROUP BY type',
    atLeast: 2,
  },
  {
    question: 'GuardDuty: how many findings concern each resource?',
    folder: samples.guardDuty,
    insights: 'stats count(*) as findings by resource.resourceType, resource.instanceDetails.instanceId',
    sql: "SELECT json_extract_scalar(resource, '$.resourcetype'), json_extract_scalar(resource, '$.instancedetails.instanceid'), count(*) FROM gd_logs GROUP BY 1, 2",
    atLeast: 4,
  },
  {
    question: 'GuardDuty: which kinds of activity (action types) were found, how often?',
    folder: samples.guardDuty,
    insights: 'stats count(*) by service.action.actionType',
    sql: "SELECT json_extract_scalar(service, '$.action.actiontype'), count(*) FROM gd_logs GROUP BY 1",
    atLeast: 4,
  },
  {
    question: 'GuardDuty: what is the latest finding of each severity (dedup)?',
    folder: samples.guardDuty,
    insights: 'fields severity, type, updatedAt | sort updatedAt desc | dedup severity',
    sql: 'SELECT severity, type, updatedat FROM (SELECT severity, type, updatedat, row_number() OVER (PARTITION BY severity ORDER BY updatedat DESC) AS n FROM gd_logs) WHERE n = 1',
    atLeast: 2,
  },
];

export const NETWORK_FOLDERS = new Set([samples.vpc, samples.route53, samples.guardDuty]);
