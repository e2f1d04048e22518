/**
 * What every source's test file starts with: a backend and a relation reader for the suite, closed
 * after it, and the rows of an Athena SQL query over a folder.
 */
import { LocalBackend } from '../../../../src/backends/local/localBackend';
import { RelationReader } from './relationReader';

export function sourceSuite(): { backend: LocalBackend; reader: RelationReader; rows: (folder: string, query: string) => Promise<unknown[][]> } {
  const backend = new LocalBackend({ threads: 2 });
  const reader = new RelationReader();
  after(async () => {
    reader.close();
    await backend.dispose();
  });
  const rows = async (folder: string, query: string) => (await backend.run({ language: 'athena-sql', query, target: { kind: 'evidence', folder } })).result.rows as unknown[][];
  return { backend, reader, rows };
}
