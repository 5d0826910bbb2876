// Finding YAML files below directories: *.yaml / *.yml, skipping node_modules and .git, without following symlinks.
import { promises as fsp, readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

export const YAML_FILE = /\.ya?ml$/i;
export const SKIPPED_DIRS = new Set(['node_modules', '.git']);

export interface ScanLimits {
  /** Stop after this many files. */
  maxFiles: number;
}

export interface SyncScanOptions extends Partial<ScanLimits> {
  /** A directory that cannot be listed; without it, such a directory counts as empty. The CLI reports them, so one never passes unseen. */
  onError?: (dir: string, err: unknown) => void;
  /** Lists a directory; tests inject failures here (root reads any directory whatever its mode). */
  readdir?: (dir: string) => Dirent[];
}

/** YAML files below `dir`, sorted, depth first. */
export function findYamlFilesSync(dir: string, options: SyncScanOptions = {}): string[] {
  const { maxFiles = Infinity, onError, readdir = (d: string) => readdirSync(d, { withFileTypes: true }) } = options;
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: Dirent[];
    try {
      entries = readdir(d);
    } catch (err) {
      onError?.(d, err);
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (out.length >= maxFiles) return;
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) walk(join(d, e.name));
      } else if (e.isFile() && YAML_FILE.test(e.name)) out.push(join(d, e.name));
    }
  };
  walk(dir);
  return out;
}

/** Like findYamlFilesSync, without blocking the event loop (for the language server). */
export async function findYamlFiles(dir: string, limits: ScanLimits): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await fsp.readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (out.length >= limits.maxFiles) return;
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) await walk(join(d, e.name));
      } else if (e.isFile() && YAML_FILE.test(e.name)) out.push(join(d, e.name));
    }
  };
  await walk(dir);
  return out;
}
