/**
 * Which evidence a query reads, so that discovery opens only those files. Every file must be opened
 * to learn its type (evidenceSniffer.ts), which on a folder of 100,000 delivery files costs seconds;
 * but in S3's delivery layout the folder already says what a file holds
 * (`AWSLogs/<account>/vpcflowlogs/…` is VPC flow logs), so a query over GuardDuty findings leaves the
 * flow logs unopened. Files outside that layout are always opened: their type is in their bytes.
 *
 * A scope of `undefined` means every type (listing the evidence, SHOW TABLES, a query whose log
 * groups cannot be told from their names).
 */
import type { EvidenceType } from './sources/evidenceSource';
import { EVIDENCE_SOURCES } from './sources/sourceRegistry';

export type EvidenceScope = ReadonlySet<EvidenceType> | undefined;

const BY_DELIVERY_FOLDER = new Map(EVIDENCE_SOURCES.flatMap((s) => (s.deliveryFolder ? [[s.deliveryFolder, s.type] as const] : [])));

/**
 * `AWSLogs/<account>/<folder>/…`, or with an organization trail's `AWSLogs/<o-id>/<account>/…`;
 * the bucket prefix before `AWSLogs` may be anything.
 */
const DELIVERY_PATH = /(?:^|\/)AWSLogs\/(?:o-[a-z0-9]{10,32}\/)?\d{12}\/([^/]+)\//;

/**
 * The delivery folder a file is in (`…/AWSLogs/<account>/vpcflowlogs`), whatever its service, or
 * undefined outside the layout: the unit in which what is known about files is kept (evidenceMemory.ts).
 */
export function deliveryFolderOf(relative: string): string | undefined {
  const match = DELIVERY_PATH.exec(relative);
  return match ? relative.slice(0, match.index + match[0].length - 1) : undefined;
}

/** The type the delivery layout gives a file (its path relative to the evidence folder, `/`-separated). */
export function deliveredType(relative: string): EvidenceType | undefined {
  const match = DELIVERY_PATH.exec(relative);
  return match ? BY_DELIVERY_FOLDER.get(match[1]!) : undefined;
}

/** True when a file whose path says it holds `implied` need not be opened for this scope. */
export function outOfScope(scope: EvidenceScope, implied: EvidenceType | undefined): boolean {
  return scope !== undefined && implied !== undefined && !scope.has(implied);
}

/**
 * The types answering to these log group names (as `target.logGroups` gives them): a source's own
 * log group or its type's name. The types that take their log group names from their files
 * (CloudWatch Logs exports, host logs) are always included: any name may be one of theirs.
 */
export function scopeOfLogGroups(names: readonly string[] | undefined): EvidenceScope {
  if (!names || names.length === 0) return undefined;
  const types = new Set<EvidenceType>(EVIDENCE_SOURCES.filter((s) => s.logGroup === undefined).map((s) => s.type));
  for (const name of names) {
    const owner = EVIDENCE_SOURCES.find((s) => s.logGroup === name || s.type === name);
    if (owner) types.add(owner.type);
  }
  return types;
}
