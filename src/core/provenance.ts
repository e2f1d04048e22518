import { createHash } from 'node:crypto';
import type { QueryLanguage } from './query';

/**
 * What an output says about itself: what ran, where, by whom, when, and what came back. Stored in the
 * output's metadata so that the saved notebook is the investigation record. Never holds credentials:
 * only names a person or a service would show anyway (OS user, profile name, account id).
 */
export interface Provenance {
  cellId: string;
  language: QueryLanguage;
  /** sha256 of the cell text exactly as it ran. */
  queryHash: string;
  target: string;
  engine: string;
  engineVersion: string;
  executedQuery?: string;
  startedAt: string;
  endedAt: string;
  ranBy: string;
  host: string;
  tool: string;
  rows: number;
  totalRows: number;
  truncated: boolean;
  warnings: number;
  statistics: Record<string, number>;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
