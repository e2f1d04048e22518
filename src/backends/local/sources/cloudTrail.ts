/**
 * CloudTrail: the Athena tables (cloudTrailTable.ts) and the `aws-cloudtrail-logs` log group
 * (cloudTrailInsights.ts) over delivery files (`{"Records":[…]}`, S3 layout or flat), bare arrays of
 * events and JSON Lines of events.
 */
import type { EvidenceSource } from './evidenceSource';
import { oneFile } from './fileGroups';
import { CLOUDTRAIL_LOG_GROUP, cloudTrailRelation } from './cloudTrailInsights';
import { CLOUDTRAIL_ALIASES, CLOUDTRAIL_COLUMNS, CLOUDTRAIL_TABLE, cloudTrailFieldNames, cloudTrailRead, cloudTrailSelect } from './cloudTrailTable';
import { asDocument } from './jsonReaders';

export const cloudTrailSource: EvidenceSource = {
  type: 'cloudtrail',
  title: 'CloudTrail events',
  tables: [CLOUDTRAIL_TABLE, ...CLOUDTRAIL_ALIASES],
  deliveryFolder: 'CloudTrail',
  logGroup: CLOUDTRAIL_LOG_GROUP,
  columns: CLOUDTRAIL_COLUMNS,
  tableSql: cloudTrailSelect,
  probeSql: (file) => `SELECT count(*) FROM ${cloudTrailRead(oneFile(file), file)}`,
  alternate: asDocument,
  relations: async (files, folders) => [cloudTrailRelation(files, folders)],
  documentedFields: cloudTrailFieldNames(),
};
