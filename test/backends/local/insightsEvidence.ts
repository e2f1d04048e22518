/**
 * Real evidence for the Logs Insights tests, read in place by a real DuckDB with the session settings
 * of the local engine (UTC, Trino's integer division and null order), so the compiled SQL is tested
 * where it runs. CloudTrail is the one log group until the evidence sources list theirs.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { ResultSet } from '../../../src/common/resultSet';
import { runInsightsQuery, type InsightsEvidence } from '../../../src/backends/local/insightsRunner';
import { EvidenceEngine } from '../../../src/backends/local/evidenceEngine';
import type { InsightsRelation } from '../../../src/core/cwli/relation';
import type { QueryRequest } from '../../../src/core/query';
import type { QueryOptions, QueryResult } from '../../../src/backends/queryBackend';

export class InsightsFixture {
  private instance: Promise<DuckDBInstance> | undefined;

  constructor(private readonly source: readonly InsightsRelation[] | (() => Promise<readonly InsightsRelation[]>)) {}

  /** The CloudTrail relation exactly as the local engine's CloudTrail source builds it for a folder. */
  static cloudTrail(folder: string): InsightsFixture {
    let relations: Promise<readonly InsightsRelation[]> | undefined;
    return new InsightsFixture(() => {
      relations ??= (async () => {
        const engine = new EvidenceEngine(folder);
        try {
          await engine.prepare();
          return (await engine.insightsRelations()).filter((r) => r.evidenceType === 'cloudtrail');
        } finally {
          await engine.dispose();
        }
      })();
      return relations;
    });
  }

  evidence(): InsightsEvidence {
    return {
      prepare: async () => ({ relations: typeof this.source === 'function' ? await this.source() : this.source, warnings: [], statistics: {} }),
      connect: async () => (await this.database()).connect(),
      recover: async () => false,
      settle: async () => false,
      whileRunning: () => undefined,
    };
  }

  async run(query: string, extra: Partial<QueryRequest> = {}, options: QueryOptions = {}): Promise<QueryResult> {
    const request: QueryRequest = { language: 'cwli', query, target: { kind: 'evidence', folder: '/unused' }, ...extra };
    return runInsightsQuery(this.evidence(), request, request.rowCap ?? 10_000, options);
  }

  async result(query: string, extra: Partial<QueryRequest> = {}): Promise<ResultSet> {
    return (await this.run(query, extra)).result;
  }

  /** The rows with the column names as keys, without @ptr (which tests check on their own). */
  async records(query: string, extra: Partial<QueryRequest> = {}): Promise<Array<Record<string, unknown>>> {
    const result = await this.result(query, extra);
    return result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i]] as const).filter(([name]) => name !== '@ptr')));
  }

  /** Runs SQL directly, for the Athena-style side of equivalence tests and for checks. */
  async sql(text: string): Promise<unknown[][]> {
    const connection = await (await this.database()).connect();
    try {
      const reader = await connection.runAndReadAll(text);
      return reader.getRowsJS();
    } finally {
      connection.closeSync();
    }
  }

  async dispose(): Promise<void> {
    const instance = await this.instance;
    instance?.closeSync();
    this.instance = undefined;
  }

  private database(): Promise<DuckDBInstance> {
    this.instance ??= (async () => {
      const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
      const setup = await instance.connect();
      for (const statement of [`SET TimeZone = 'UTC'`, 'SET integer_division = true', `SET default_null_order = 'nulls_last'`, 'SET autoinstall_known_extensions = false', 'SET autoload_known_extensions = false']) {
        await setup.run(statement);
      }
      setup.closeSync();
      return instance;
    })();
    return this.instance;
  }
}

/** A relation over inline rows, for semantics tests on events written in the test. */
export function inlineRelation(logGroup: string, messages: ReadonlyArray<{ time: string; message: string; stream?: string }>): InsightsRelation {
  const rows = messages.map((m) => `(TIMESTAMP '${m.time}', '${m.message.replace(/'/g, "''")}', '${(m.stream ?? 'stream-1').replace(/'/g, "''")}')`);
  return {
    logGroup,
    evidenceType: 'test',
    sql: `SELECT t AS "@timestamp", m AS "@message", s AS "@logStream", '111122223333:${logGroup}' AS "@log", CAST(NULL AS TIMESTAMP) AS "@ingestionTime", TRY_CAST(m AS JSON) AS event FROM (VALUES ${rows.join(', ')}) AS v(t, m, s)`,
    fields: {},
    jsonColumn: 'event',
  };
}
