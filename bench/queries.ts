/**
 * The Athena SQL suite's forensic questions, each written three ways: Athena SQL as an investigator
 * types it in an awsfx cell (the AWS-documented `cloudtrail_logs` table, where requestparameters
 * and responseelements are JSON strings and readonly is a string), hand-written DuckDB SQL as a
 * DuckDB expert would write it over the same files, and a jq program over `zcat`.
 */

export interface BenchQuery {
  id: string;
  title: string;
  athena: (facts: QueryFacts) => string;
  duckdb: (facts: QueryFacts, files: string) => string;
  jq: (facts: QueryFacts) => string;
}

export interface QueryFacts {
  leakedAccessKeyId: string;
}

/**
 * The expert's reader: a CloudTrail delivery file is one JSON object, on one line, holding a
 * `Records` array. So: newline-delimited reading (DuckDB's fastest path; measurably faster than
 * 'auto' or 'unstructured' on these files), only the fields the query touches declared (no schema
 * inference over thousands of shapes of requestParameters), then unnest.
 */
export function records(files: string, fields: string): string {
  return (
    `(SELECT unnest(Records) AS r FROM read_json('${files}', format = 'newline_delimited', compression = 'gzip', ` +
    `maximum_object_size = 268435456, columns = {Records: 'STRUCT(${fields})[]'}))`
  );
}

const EXTERNAL_ATHENA = `sourceipaddress NOT LIKE '10.%' AND sourceipaddress NOT LIKE '192.0.2.%'
  AND sourceipaddress NOT LIKE '%.amazonaws.com' AND sourceipaddress <> 'AWS Internal'`;

export const QUERIES: BenchQuery[] = [
  {
    id: 'access-keys-created',
    title: 'Access keys created (who, for whom, which key, from where)',
    athena: () => `SELECT eventtime, useridentity.arn AS actor,
  json_extract_scalar(requestparameters, '$.userName') AS for_user,
  json_extract_scalar(responseelements, '$.accessKey.accessKeyId') AS access_key_id,
  sourceipaddress
FROM cloudtrail_logs
WHERE eventname = 'CreateAccessKey'
ORDER BY eventtime, access_key_id`,
    duckdb: (_, files) => `SELECT r.eventTime, r.userIdentity.arn AS actor,
  r.requestParameters->>'$.userName' AS for_user,
  r.responseElements->>'$.accessKey.accessKeyId' AS access_key_id,
  r.sourceIPAddress
FROM ${records(files, 'eventTime VARCHAR, eventName VARCHAR, sourceIPAddress VARCHAR, userIdentity STRUCT(arn VARCHAR), requestParameters JSON, responseElements JSON')}
WHERE r.eventName = 'CreateAccessKey'
ORDER BY 1, 4`,
    jq: () => `[inputs.Records[] | select(.eventName == "CreateAccessKey")
  | [.eventTime, .userIdentity.arn, .requestParameters.userName, .responseElements.accessKey.accessKeyId, .sourceIPAddress]]
  | sort_by(.[0], .[3]) | .[]`,
  },
  {
    id: 'external-writes-by-principal',
    title: 'Non-read-only calls from outside known networks, per principal and address',
    athena: () => `SELECT useridentity.arn AS principal, sourceipaddress, count(*) AS calls
FROM cloudtrail_logs
WHERE readonly = 'false'
  AND ${EXTERNAL_ATHENA}
GROUP BY useridentity.arn, sourceipaddress
ORDER BY calls DESC, principal, sourceipaddress`,
    duckdb: (_, files) => `SELECT r.userIdentity.arn AS principal, r.sourceIPAddress, count(*) AS calls
FROM ${records(files, 'readOnly BOOLEAN, sourceIPAddress VARCHAR, userIdentity STRUCT(arn VARCHAR)')}
WHERE NOT r.readOnly
  AND r.sourceIPAddress NOT LIKE '10.%' AND r.sourceIPAddress NOT LIKE '192.0.2.%'
  AND r.sourceIPAddress NOT LIKE '%.amazonaws.com' AND r.sourceIPAddress <> 'AWS Internal'
GROUP BY 1, 2
ORDER BY calls DESC, principal, 2`,
    jq: () => `[inputs.Records[]
  | select(.readOnly == false)
  | select(.sourceIPAddress | (startswith("10.") or startswith("192.0.2.") or endswith(".amazonaws.com") or . == "AWS Internal") | not)
  | [.userIdentity.arn, .sourceIPAddress]]
  | group_by(.) | map(.[0] + [length]) | sort_by(-.[2], .[0], .[1]) | .[]`,
  },
  {
    id: 'leaked-key-by-address',
    title: 'Everything the leaked access key did, per source address',
    athena: (f) => `SELECT sourceipaddress, count(*) AS calls, min(eventtime) AS first_seen, max(eventtime) AS last_seen
FROM cloudtrail_logs
WHERE useridentity.accesskeyid = '${f.leakedAccessKeyId}'
GROUP BY sourceipaddress
ORDER BY first_seen, sourceipaddress`,
    duckdb: (f, files) => `SELECT r.sourceIPAddress, count(*) AS calls, min(r.eventTime) AS first_seen, max(r.eventTime) AS last_seen
FROM ${records(files, 'eventTime VARCHAR, sourceIPAddress VARCHAR, userIdentity STRUCT(accessKeyId VARCHAR)')}
WHERE r.userIdentity.accessKeyId = '${f.leakedAccessKeyId}'
GROUP BY 1
ORDER BY first_seen, 1`,
    jq: (f) => `[inputs.Records[] | select(.userIdentity.accessKeyId == "${f.leakedAccessKeyId}") | [.sourceIPAddress, .eventTime]]
  | group_by(.[0]) | map([.[0][0], length, (map(.[1]) | min), (map(.[1]) | max)])
  | sort_by(.[2], .[0]) | .[]`,
  },
];
