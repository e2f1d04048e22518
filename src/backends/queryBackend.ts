import type { ResultSet, ResultWarning } from '../common/resultSet';
import type { QueryRequest } from '../core/query';

export interface QueryProgress {
  /** 0..1 when the engine can tell, otherwise undefined. */
  fraction?: number;
  message?: string;
}

export interface QueryOptions {
  signal?: AbortSignal;
  onProgress?: (progress: QueryProgress) => void;
  /** Rows so far, for engines that stream partial results (Logs Insights while Running). */
  onPartial?: (partial: ResultSet) => void;
}

/** What ran, where and with what effect: stored with every output. */
export interface ExecutionFacts {
  engine: string;
  engineVersion: string;
  /** describeTarget() of the request's target. */
  target: string;
  /** The statement the engine actually ran (after dialect translation), when it differs from the cell. */
  executedQuery?: string;
  startedAt: string;
  endedAt: string;
  /** Evidence files read, object counts, bytes scanned: whatever the engine reports. */
  statistics: Record<string, number>;
}

export interface QueryResult {
  result: ResultSet;
  warnings: ResultWarning[];
  facts: ExecutionFacts;
}

/**
 * One interface for every place a query can run. A backend owns its engine or SDK clients; callers
 * see only requests and results.
 */
export interface QueryBackend {
  readonly id: string;
  run(request: QueryRequest, options?: QueryOptions): Promise<QueryResult>;
  dispose(): Promise<void>;
}
