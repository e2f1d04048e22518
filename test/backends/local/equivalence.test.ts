/**
 * The same forensic question asked in Logs Insights and in Athena SQL, on the same real evidence read
 * in place, must give the same rows. Both run through the local backend, as a notebook cell would.
 * Rows are compared as text (Insights returns text) and, unless a question is ordered, as multisets.
 */
import assert from 'node:assert/strict';
import { LocalBackend } from '../../../src/backends/local/localBackend';
import type { CellValue } from '../../../src/common/resultSet';
import type { QueryRequest } from '../../../src/core/query';
import { invictusFolder, stratusFolder } from './evidenceFolders';
import { NETWORK_FOLDERS, NETWORK_QUESTIONS, type Question } from './equivalenceNetwork';

const POLICY_CHANGES = '"PutUserPolicy", "AttachUserPolicy", "PutRolePolicy", "AttachRolePolicy", "CreatePolicy", "CreatePolicyVersion", "DeleteRolePolicy", "DetachRolePolicy"';
const sqlList = (list: string) => list.replace(/"/g, "'");
const HOUR = "format_datetime(date_trunc('hour', from_iso8601_timestamp(eventtime)), 'yyyy-MM-dd HH:mm:ss.SSS')";

const QUESTIONS: Question[] = [
  {
    question: 'Which access keys were created, by whom, from where, for which user?',
    insights: 'filter eventName = "CreateAccessKey" | sort eventTime | display eventTime, userIdentity.arn, sourceIPAddress, responseElements.accessKey.accessKeyId, requestParameters.userName',
    sql: "SELECT eventtime, useridentity.arn, sourceipaddress, json_extract_scalar(responseelements, '$.accessKey.accessKeyId'), json_extract_scalar(requestparameters, '$.userName') FROM cloudtrail_logs WHERE eventname = 'CreateAccessKey' ORDER BY eventtime",
    ordered: true,
    atLeast: 2,
  },
  {
    question: 'Which access keys were created in the Stratus Red Team detonations?',
    folder: stratusFolder,
    insights: 'filter eventName = "CreateAccessKey" | display eventTime, userIdentity.arn, sourceIPAddress',
    sql: "SELECT eventtime, useridentity.arn, sourceipaddress FROM cloudtrail_logs WHERE eventname = 'CreateAccessKey'",
    atLeast: 2,
  },
  {
    question: 'How many calls did each AWS service receive?',
    insights: 'stats count(*) as calls by eventSource',
    sql: 'SELECT eventsource, count(*) FROM cloudtrail_logs GROUP BY eventsource',
    atLeast: 10,
  },
  {
    question: 'Which ten API actions were called most (ties broken by name)?',
    insights: 'stats count(*) as calls by eventName | sort calls desc, eventName asc | limit 10',
    sql: 'SELECT eventname, count(*) AS calls FROM cloudtrail_logs GROUP BY eventname ORDER BY calls DESC, eventname ASC LIMIT 10',
    ordered: true,
    atLeast: 10,
  },
  {
    question: 'Which errors came back, how often?',
    insights: 'filter ispresent(errorCode) | stats count(*) by errorCode',
    sql: 'SELECT errorcode, count(*) FROM cloudtrail_logs WHERE errorcode IS NOT NULL GROUP BY errorcode',
    atLeast: 20,
  },
  {
    question: 'Which principals were denied access?',
    insights: 'filter errorCode in ["AccessDenied", "Client.UnauthorizedOperation"] | stats count(*) as denied by userIdentity.arn',
    sql: "SELECT useridentity.arn, count(*) FROM cloudtrail_logs WHERE errorcode IN ('AccessDenied', 'Client.UnauthorizedOperation') GROUP BY useridentity.arn",
    atLeast: 2,
  },
  {
    question: 'What kinds of identity made the calls (absent type included)?',
    insights: 'stats count(*) by userIdentity.type',
    sql: 'SELECT useridentity.type, count(*) FROM cloudtrail_logs GROUP BY useridentity.type',
    atLeast: 4,
  },
  {
    question: 'Which IAM policies were attached or changed?',
    insights: `filter eventSource = "iam.amazonaws.com" and eventName in [${POLICY_CHANGES}] | display eventTime, eventName, userIdentity.arn, requestParameters.roleName, requestParameters.userName, requestParameters.policyArn, errorCode`,
    sql: `SELECT eventtime, eventname, useridentity.arn, json_extract_scalar(requestparameters, '$.roleName'), json_extract_scalar(requestparameters, '$.userName'), json_extract_scalar(requestparameters, '$.policyArn'), errorcode FROM cloudtrail_logs WHERE eventsource = 'iam.amazonaws.com' AND eventname IN (${sqlList(POLICY_CHANGES)})`,
    atLeast: 1,
  },
  {
    question: 'Was CloudTrail logging tampered with (stopped, deleted, reconfigured)?',
    insights: 'filter eventName in ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"] | display eventTime, eventName, requestParameters.name, errorCode',
    sql: "SELECT eventtime, eventname, json_extract_scalar(requestparameters, '$.name'), errorcode FROM cloudtrail_logs WHERE eventname IN ('StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors')",
    atLeast: 1,
  },
  {
    question: 'From how many distinct addresses did each principal call?',
    insights: 'stats count_distinct(sourceIPAddress) as addresses by userIdentity.arn',
    sql: 'SELECT useridentity.arn, count(DISTINCT sourceipaddress) FROM cloudtrail_logs GROUP BY useridentity.arn',
    atLeast: 5,
  },
  {
    question: 'How many events per hour?',
    insights: 'stats count(*) by bin(1h)',
    sql: `SELECT ${HOUR}, count(*) FROM cloudtrail_logs GROUP BY 1`,
    atLeast: 1,
  },
  {
    question: 'Which five source addresses were most active?',
    insights: 'stats count(*) as calls by sourceIPAddress | sort calls desc, sourceIPAddress | limit 5',
    sql: 'SELECT sourceipaddress, count(*) AS calls FROM cloudtrail_logs GROUP BY sourceipaddress ORDER BY calls DESC, sourceipaddress LIMIT 5',
    ordered: true,
    atLeast: 5,
  },
  {
    question: 'Which IAM users were created?',
    insights: 'filter eventName = "CreateUser" | display eventTime, requestParameters.userName, responseElements.user.arn',
    sql: "SELECT eventtime, json_extract_scalar(requestparameters, '$.userName'), json_extract_scalar(responseelements, '$.user.arn') FROM cloudtrail_logs WHERE eventname = 'CreateUser'",
    atLeast: 4,
  },
  {
    question: 'What did the attacker address 192.168.10.20 do?',
    insights: 'filter sourceIPAddress = "192.168.10.20" | stats count(*) by eventName',
    sql: "SELECT eventname, count(*) FROM cloudtrail_logs WHERE sourceipaddress = '192.168.10.20' GROUP BY eventname",
    atLeast: 10,
  },
  {
    question: 'How many calls only read, how many changed something?',
    insights: 'stats count(*) by readOnly',
    sql: 'SELECT readonly, count(*) FROM cloudtrail_logs GROUP BY readonly',
    atLeast: 2,
  },
  {
    question: 'Which roles were assumed into sessions that made calls?',
    insights: 'filter userIdentity.type = "AssumedRole" | stats count(*) by userIdentity.sessionContext.sessionIssuer.arn',
    sql: "SELECT useridentity.sessioncontext.sessionissuer.arn, count(*) FROM cloudtrail_logs WHERE useridentity.type = 'AssumedRole' GROUP BY 1",
    atLeast: 1,
  },
  {
    question: 'Which regions were used?',
    insights: 'stats count(*) by awsRegion',
    sql: 'SELECT awsregion, count(*) FROM cloudtrail_logs GROUP BY awsregion',
    atLeast: 1,
  },
  {
    question: 'When was each source address first and last seen?',
    insights: 'stats min(eventTime) as first, max(eventTime) as last, count(*) as calls by sourceIPAddress',
    sql: 'SELECT sourceipaddress, min(eventtime), max(eventtime), count(*) FROM cloudtrail_logs GROUP BY sourceipaddress',
    atLeast: 5,
  },
  {
    question: 'Which instances were launched, of which type?',
    insights: 'filter eventName = "RunInstances" | display eventTime, requestParameters.instanceType, errorCode, userIdentity.arn',
    sql: "SELECT eventtime, json_extract_scalar(requestparameters, '$.instanceType'), errorcode, useridentity.arn FROM cloudtrail_logs WHERE eventname = 'RunInstances'",
    atLeast: 8,
  },
  {
    question: 'Who read secrets from Secrets Manager, how often?',
    insights: 'filter eventName = "GetSecretValue" | stats count(*) by userIdentity.arn, errorCode',
    sql: "SELECT useridentity.arn, errorcode, count(*) FROM cloudtrail_logs WHERE eventname = 'GetSecretValue' GROUP BY 1, 2",
    atLeast: 1,
  },
  {
    question: 'Which buckets had policies or ACLs read or changed?',
    insights: 'filter eventName in ["PutBucketPolicy", "PutBucketAcl", "GetBucketPolicy", "DeleteBucketPolicy"] | stats count(*) by eventName, requestParameters.bucketName',
    sql: "SELECT eventname, json_extract_scalar(requestparameters, '$.bucketName'), count(*) FROM cloudtrail_logs WHERE eventname IN ('PutBucketPolicy', 'PutBucketAcl', 'GetBucketPolicy', 'DeleteBucketPolicy') GROUP BY 1, 2",
    atLeast: 1,
  },
  {
    question: 'Were security groups opened to inbound traffic?',
    insights: 'filter eventName = "AuthorizeSecurityGroupIngress" | display eventTime, requestParameters.groupId, userIdentity.arn, errorCode',
    sql: "SELECT eventtime, json_extract_scalar(requestparameters, '$.groupId'), useridentity.arn, errorcode FROM cloudtrail_logs WHERE eventname = 'AuthorizeSecurityGroupIngress'",
  },
  {
    question: 'How many calls did the Stratus Red Team tooling make, by user agent prefix?',
    insights: 'filter userAgent like "stratus-red-team" | stats count(*) as calls by eventSource',
    sql: "SELECT eventsource, count(*) FROM cloudtrail_logs WHERE strpos(useragent, 'stratus-red-team') > 0 GROUP BY eventsource",
    atLeast: 5,
  },
  {
    question: 'Which KMS keys were used to decrypt, by whom?',
    insights: 'filter eventSource = "kms.amazonaws.com" and eventName = "Decrypt" | stats count(*) by userIdentity.arn, userIdentity.invokedBy',
    sql: "SELECT useridentity.arn, useridentity.invokedby, count(*) FROM cloudtrail_logs WHERE eventsource = 'kms.amazonaws.com' AND eventname = 'Decrypt' GROUP BY 1, 2",
    atLeast: 1,
  },
  {
    question: 'Which services were called over TLS 1.3?',
    insights: 'filter tlsDetails.tlsVersion = "TLSv1.3" | stats count(*) by eventSource',
    sql: "SELECT eventsource, count(*) FROM cloudtrail_logs WHERE tlsdetails.tlsversion = 'TLSv1.3' GROUP BY eventsource",
    atLeast: 1,
  },
  {
    question: 'How many failed calls did each principal make?',
    insights: 'filter ispresent(errorCode) | stats count(*) as failures by userIdentity.arn',
    sql: 'SELECT useridentity.arn, count(*) FROM cloudtrail_logs WHERE errorcode IS NOT NULL GROUP BY useridentity.arn',
    atLeast: 2,
  },
  {
    question: 'Were snapshots or images shared with other accounts?',
    insights: 'filter eventName in ["ModifySnapshotAttribute", "ModifyImageAttribute", "ModifyDBSnapshotAttribute"] | display eventTime, eventName, userIdentity.arn, errorCode',
    sql: "SELECT eventtime, eventname, useridentity.arn, errorcode FROM cloudtrail_logs WHERE eventname IN ('ModifySnapshotAttribute', 'ModifyImageAttribute', 'ModifyDBSnapshotAttribute')",
  },
  {
    question: 'What did each access key do (top actions per key)?',
    insights: 'filter ispresent(userIdentity.accessKeyId) | stats count(*) as calls by userIdentity.accessKeyId, eventName | sort calls desc, userIdentity.accessKeyId asc, eventName asc | limit 15',
    sql: 'SELECT useridentity.accesskeyid, eventname, count(*) AS calls FROM cloudtrail_logs WHERE useridentity.accesskeyid IS NOT NULL GROUP BY 1, 2 ORDER BY calls DESC, 1 ASC, 2 ASC LIMIT 15',
    ordered: true,
    atLeast: 15,
  },
  {
    question: 'What was the latest call of each principal (dedup)?',
    insights: 'fields userIdentity.arn, eventName, eventTime | sort eventTime desc, eventID asc | dedup userIdentity.arn',
    sql: 'SELECT arn, eventname, eventtime FROM (SELECT useridentity.arn AS arn, eventname, eventtime, row_number() OVER (PARTITION BY useridentity.arn ORDER BY eventtime DESC, eventid ASC) AS n FROM cloudtrail_logs) WHERE n = 1 OR arn IS NULL',
    atLeast: 5,
  },
  {
    question: 'Which login profiles were created or changed, for whom?',
    insights: 'filter eventName in ["CreateLoginProfile", "UpdateLoginProfile"] | display eventTime, eventName, requestParameters.userName, userIdentity.arn',
    sql: "SELECT eventtime, eventname, json_extract_scalar(requestparameters, '$.userName'), useridentity.arn FROM cloudtrail_logs WHERE eventname IN ('CreateLoginProfile', 'UpdateLoginProfile')",
    atLeast: 1,
  },
];

function text(value: CellValue): string | null {
  if (value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function canonical(rows: CellValue[][], ordered: boolean): string[] {
  const lines = rows.map((row) => JSON.stringify(row.map(text)));
  return ordered ? lines : lines.sort();
}

describe('backends/local equivalence: the same questions in Logs Insights and in Athena SQL', function () {
  this.timeout(120_000);
  const backend = new LocalBackend({ threads: 2 });
  after(() => backend.dispose());
  const run = (language: QueryRequest['language'], query: string, folder: string) => backend.run({ language, query, target: { kind: 'evidence', folder } });

  it('asks at least 25 questions on CloudTrail and at least 8 on VPC flow logs, Route 53 and GuardDuty', () => {
    assert.ok(QUESTIONS.length >= 25, `${QUESTIONS.length} questions`);
    assert.ok(NETWORK_QUESTIONS.length >= 8 && NETWORK_QUESTIONS.every((q) => NETWORK_FOLDERS.has(q.folder!)), `${NETWORK_QUESTIONS.length} questions`);
    for (const folder of NETWORK_FOLDERS) assert.ok(NETWORK_QUESTIONS.filter((q) => q.folder === folder).length >= 3, folder);
  });

  for (const q of [...QUESTIONS, ...NETWORK_QUESTIONS]) {
    it(q.question, async () => {
      const folder = q.folder ?? invictusFolder;
      const [insights, sql] = await Promise.all([run('cwli', q.insights, folder), run('athena-sql', q.sql, folder)]);
      const columns = insights.result.columns.map((c) => c.name);
      // Event rows carry @ptr, which SQL has no equivalent of.
      const ptr = columns.indexOf('@ptr');
      const rows = ptr < 0 ? insights.result.rows : insights.result.rows.map((r) => r.filter((_, i) => i !== ptr));
      assert.equal(rows[0]?.length ?? columns.length - (ptr < 0 ? 0 : 1), sql.result.columns.length, 'same number of columns');
      assert.deepEqual(canonical(rows, q.ordered ?? false), canonical(sql.result.rows, q.ordered ?? false));
      assert.ok(rows.length >= (q.atLeast ?? 0), `${rows.length} rows`);
    });
  }
});
