/**
 * What a cell asks a backend to do, independent of where it runs. The controller, the CLI and the
 * playbook runner build these; backends turn them into engine or service calls.
 */

export type QueryLanguage = 'athena-sql' | 'cwli';

/** An absolute time window, epoch milliseconds, both ends inclusive. */
export interface TimeWindow {
  startMs: number;
  endMs: number;
}

/** Exported evidence on disk: a folder, already resolved to an absolute path. */
export interface EvidenceTarget {
  kind: 'evidence';
  folder: string;
  /** For Logs Insights: evidence sources standing in for log groups. */
  logGroups?: string[];
}

export interface CloudWatchTarget {
  kind: 'cloudwatch';
  profile?: string;
  region: string;
  logGroups: string[];
}

export interface AthenaTarget {
  kind: 'athena';
  profile?: string;
  region: string;
  workgroup: string;
  database: string;
  catalog?: string;
}

export type QueryTarget = EvidenceTarget | CloudWatchTarget | AthenaTarget;

export type ParameterValue = string | number | boolean;

export interface QueryRequest {
  language: QueryLanguage;
  query: string;
  parameters?: Record<string, ParameterValue>;
  timeWindow?: TimeWindow;
  target: QueryTarget;
  /** Rows kept in the result; the total is still counted. */
  rowCap?: number;
}

/** A short, credential-free description of a target for provenance and status text. */
export function describeTarget(target: QueryTarget): string {
  switch (target.kind) {
    case 'evidence':
      return `evidence:${target.folder}`;
    case 'cloudwatch':
      return `cloudwatch:${target.region}:${target.logGroups.join(',')}`;
    case 'athena':
      return `athena:${target.region}:${target.workgroup}/${target.catalog ?? 'AwsDataCatalog'}.${target.database}`;
  }
}
