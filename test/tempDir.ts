// A temporary directory for a test, removed when the test is done: tests that write files (kubeconfigs, undo
// records, a CLI's cache) leave nothing in the OS temp directory. No imports of src/, so any test may use it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/**
 * A new directory `<os temp dir>/<prefix>XXXXXX`, removed with everything in it by node:test's after(): at the end of
 * the test (or suite) that calls this, or of the test file when called at its top level; passed or failed. Not for a
 * before() hook: there after() belongs to the hook itself, so the directory would be gone before the tests.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
