import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedData } from './evidenceFolders';

/** One query of the public corpus, exactly as published. */
export interface CorpusQuery {
  id: string;
  source: string;
  title: string;
  sql: string;
}

export const DOCS_FILE = join(sharedData, 'athena-docs-aws-service-logs/extracted/athena_sql_blocks.sql');
export const DEMO_FILE = join(sharedData, 'athena-ddl-queries-aws-security-analytics-bootstrap/AWSSecurityAnalyticsBootstrap/sql/dml/analytics/cloudtrail/cloudtrail_demo_queries.sql');

/**
 * The CloudTrail blocks of the Athena documentation: blocks from cloudtrail-logs.md, or any block
 * that queries a CloudTrail table. A block is headed `-- [N] source=… section="…"`, then `-- context:`.
 */
export function docsQueries(): CorpusQuery[] {
  const text = readFileSync(DOCS_FILE, 'utf8');
  const blocks = text.split(/^(?=-- \[\d+\] source=)/m).filter((b) => b.startsWith('-- ['));
  return blocks
    .map((block) => {
      const header = /^-- \[(\d+)\] source=(\S+) section="([^"]*)"/.exec(block)!;
      const sql = block
        .split('\n')
        .filter((line) => !/^-- (\[\d+\] source=|context:)/.test(line))
        .join('\n')
        .trim();
      return { id: `docs-${header[1]}`, source: header[2]!, title: header[3]!, sql };
    })
    .filter((q) => q.source === 'doc_source/cloudtrail-logs.md' || /\bfrom\s+cloudtrail(_logs(_pp)?)?\b/i.test(q.sql));
}

/**
 * The Security Analytics Bootstrap demo queries: the file has no semicolons between most queries,
 * so each run of SQL lines between comments is one query (as a reader would paste it into Athena).
 */
export function demoQueries(): CorpusQuery[] {
  const text = readFileSync(DEMO_FILE, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const queries: CorpusQuery[] = [];
  let lines: string[] = [];
  // A query's title is the first comment after the previous query that describes it (not a section
  // heading in capitals, a NOTE, a bullet or a reference).
  const describes = (c: string): boolean => !/^[A-Z ]+$/.test(c) && !/^(NOTE|Reference)\b/i.test(c) && !c.startsWith('*');
  let comments: string[] = [];
  const flush = (): void => {
    if (lines.length > 0) {
      queries.push({ id: `demo-${queries.length + 1}`, source: 'cloudtrail_demo_queries.sql', title: comments.find(describes) ?? comments[0] ?? '', sql: lines.join('\n').trim() });
      comments = [];
    }
    lines = [];
  };
  for (const line of text.split('\n')) {
    if (/^\s*--/.test(line)) {
      flush();
      // A comment indented past `-- ` continues the one above it.
      if (!/^\s*--\s{2,}/.test(line)) comments.push(line.replace(/^\s*--\s*/, '').trim());
    } else if (line.trim() === '') {
      flush();
    } else {
      lines.push(line);
    }
  }
  flush();
  return queries;
}

/**
 * The same query without its partition constraints (the demo queries default to account
 * 111122223333 and July 2021), to check what the body computes on the real datasets.
 */
export function withoutPartitionConstraints(sql: string): string {
  const out: string[] = [];
  let droppedWhere = false;
  for (const line of sql.split('\n')) {
    const constraint = /^\s*(WHERE|AND)\s+(date_partition|account_partition|region_partition)\b/i.exec(line);
    if (constraint) {
      if (constraint[1]!.toUpperCase() === 'WHERE') droppedWhere = true;
      continue;
    }
    if (droppedWhere && /^\s*AND\s/i.test(line)) {
      out.push(line.replace(/^(\s*)AND\s/i, '$1WHERE '));
      droppedWhere = false;
    } else {
      out.push(line);
    }
  }
  return out.join('\n');
}
