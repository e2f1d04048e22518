import { AwsfxError } from '../errors';
import { FORMAT_VERSION, type JsonObject } from './model';

/**
 * Upgrades older documents one version at a time. Version 1 is the first, so the table is empty;
 * version N+1 adds `migrations[N]`, a pure function from a version-N document to a version-N+1 one.
 */
export const migrations: Record<number, (doc: JsonObject) => JsonObject> = {};

export function migrate(doc: JsonObject): JsonObject {
  const version = doc.awsfx;
  if (version === undefined) {
    throw new AwsfxError('notebook.invalid', 'awsfx: missing. An .awsfx file starts with {"awsfx": 1, ...}, the format version.');
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new AwsfxError('notebook.version', `awsfx: ${JSON.stringify(version)} is not a format version (expected a whole number such as 1).`);
  }
  if (version > FORMAT_VERSION) {
    throw new AwsfxError(
      'notebook.version',
      `awsfx: this notebook uses format version ${version}, and this awsfx reads versions up to ${FORMAT_VERSION}. Update the awsfx extension to open it; the file was left unchanged.`,
    );
  }
  let current = doc;
  for (let v = version; v < FORMAT_VERSION; v++) {
    const step = migrations[v];
    if (!step) throw new AwsfxError('notebook.version', `awsfx: no migration from format version ${v} to ${v + 1}.`);
    current = step(current);
  }
  return current;
}
