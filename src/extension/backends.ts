import type * as vscode from 'vscode';
import type { QueryBackend } from '../backends/queryBackend';
import { AwsfxError } from '../core/errors';
import type { QueryTarget } from '../core/query';

/**
 * Hands out backends, loading each on first use: DuckDB (native) and the AWS SDK stay off the
 * activation path, so opening a notebook costs nothing until a cell runs.
 */
export class BackendRegistry implements vscode.Disposable {
  private local: Promise<QueryBackend> | undefined;

  /** `cacheDir`: where the local backend remembers evidence files' types between sessions (the extension's global storage). */
  constructor(private readonly cacheDir?: string) {}

  forTarget(target: QueryTarget): Promise<QueryBackend> {
    if (target.kind === 'evidence') {
      this.local ??= import('../backends/local/localBackend').then((m) => new m.LocalBackend(this.cacheDir ? { cacheDir: this.cacheDir } : {}));
      return this.local;
    }
    return Promise.reject(new AwsfxError('query.unsupported', `Running on ${target.kind === 'athena' ? 'Athena' : 'CloudWatch Logs'} is not available in this version of awsfx. Set target.runOn to "local" to query exported evidence.`));
  }

  dispose(): void {
    void this.local?.then((backend) => backend.dispose()).catch(() => undefined);
    this.local = undefined;
  }
}
