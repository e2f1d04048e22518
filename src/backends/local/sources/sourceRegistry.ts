/**
 * Every kind of evidence the local engine reads, in the order tables are listed. docs/evidence-types.md
 * describes each: the layouts accepted, its SQL table and columns, its log group and fields.
 */
import { albAccessLogsSource } from './albAccessLogs';
import { cloudTrailSource } from './cloudTrail';
import { cloudWatchLogsSource } from './cloudWatchLogs';
import { dynamoDbStreamsSource } from './dynamoDbStreams';
import type { EvidenceSource, EvidenceType } from './evidenceSource';
import { guardDutySource } from './guardDuty';
import { hostLogsSource } from './hostLogs';
import { route53ResolverSource } from './route53Resolver';
import { s3AccessLogsSource } from './s3AccessLogs';
import { vpcFlowLogsSource } from './vpcFlowLogs';

export const EVIDENCE_SOURCES: readonly EvidenceSource[] = [
  cloudTrailSource,
  vpcFlowLogsSource,
  route53ResolverSource,
  guardDutySource,
  s3AccessLogsSource,
  albAccessLogsSource,
  cloudWatchLogsSource,
  dynamoDbStreamsSource,
  hostLogsSource,
];

const BY_TYPE = new Map(EVIDENCE_SOURCES.map((source) => [source.type, source]));
const BY_TABLE = new Map(EVIDENCE_SOURCES.flatMap((source) => source.tables.map((table) => [table, source] as const)));

export function sourceOf(type: EvidenceType): EvidenceSource {
  return BY_TYPE.get(type)!;
}

/** The source a table name belongs to, if it is one of the evidence tables. */
export function sourceOfTable(table: string): EvidenceSource | undefined {
  return BY_TABLE.get(table);
}

/** Every evidence table name, documented names first. */
export function evidenceTableNames(): string[] {
  return EVIDENCE_SOURCES.flatMap((source) => source.tables);
}
