/**
 * Loaded by mocha before any test (.mocharc.json `require`). The CLI keeps what it learns about
 * evidence folders in a cache folder; tests get a fresh one per run, so that a sniffer changed since
 * the last run can never be masked by answers remembered from it, and nothing lands in ~/.cache.
 * Child processes (the built `awsfx` binary) inherit it through the environment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cacheDir = mkdtempSync(join(tmpdir(), 'awsfx-test-cache-'));
process.env.AWSFX_CACHE_DIR = cacheDir;
process.on('exit', () => rmSync(cacheDir, { recursive: true, force: true }));
