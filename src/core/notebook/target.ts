import { isAbsolute, resolve } from 'node:path';
import { AwsfxError } from '../errors';
import type { QueryTarget } from '../query';
import type { TargetSpec } from './model';

/**
 * Works out where a cell runs: the cell's own target fields override the notebook's, field by field.
 * `runOn` is the one field that moves a cell between exported evidence and AWS.
 */
export function mergeTargets(notebook: TargetSpec | undefined, cell: TargetSpec | undefined): TargetSpec {
  return { ...(notebook ?? {}), ...(cell ?? {}) };
}

export function resolveTarget(spec: TargetSpec, notebookFolder: string | undefined): QueryTarget {
  const runOn = spec.runOn ?? 'local';
  if (runOn === 'aws') {
    throw new AwsfxError('query.unsupported', 'Running on AWS is not available in this version of awsfx. Set target.runOn to "local" to query exported evidence.');
  }
  if (spec.evidence === undefined || spec.evidence.trim() === '') {
    throw new AwsfxError('evidence.missing', 'No evidence folder is set. Add "target": {"evidence": "<folder relative to the notebook>"} to the notebook metadata or to this cell.');
  }
  if (!isAbsolute(spec.evidence) && notebookFolder === undefined) {
    throw new AwsfxError('evidence.missing', `The evidence folder "${spec.evidence}" is relative, and this notebook has not been saved yet. Save the notebook first, or give an absolute folder.`);
  }
  const folder = isAbsolute(spec.evidence) ? spec.evidence : resolve(notebookFolder!, spec.evidence);
  return spec.logGroups ? { kind: 'evidence', folder, logGroups: spec.logGroups } : { kind: 'evidence', folder };
}
