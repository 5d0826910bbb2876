// The server's view of files: open documents (their text wins) and YAML files of the workspace folders
// read from disk, kept current through document events, watched-file events and folder changes.
import { promises as fsp } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FileChangeType, type WorkspaceFoldersChangeEvent } from 'vscode-languageserver/node';
import { findYamlFiles } from '../core/manifest/files';
import type { Diagnostics } from './diagnostics';
import { SOURCE, type ServerState } from './state';

/** Bounds of the workspace scan: files beyond them are analyzed only when opened. */
const MAX_WORKSPACE_FILES = 5000;
const MAX_FILE_BYTES = 1024 * 1024;

/** A workspace folder URI as a path without a trailing separator. */
export function folderPath(uri: string): string {
  return fileURLToPath(uri).replace(/[\\/]$/, '');
}

export class WorkspaceFiles {
  constructor(
    private readonly state: ServerState,
    private readonly diagnostics: Diagnostics,
  ) {}

  registerHandlers(): void {
    const { connection, documents, workspace } = this.state;
    documents.onDidChangeContent((e) => {
      try {
        workspace.set(e.document.uri, e.document.getText());
        this.diagnostics.schedule(e.document.uri);
      } catch (err) {
        connection.console.error(`[${SOURCE}] change of ${e.document.uri} failed: ${(err as Error)?.message}`);
      }
    });

    documents.onDidClose(
      this.state.safe('close', undefined, async (e) => {
        const uri = e.document.uri;
        if (this.state.diskFiles.has(uri) || this.isInWorkspace(uri)) {
          if (!(await this.loadFromDisk(uri))) workspace.delete(uri);
        } else {
          workspace.delete(uri);
        }
        this.diagnostics.schedule(uri);
      }),
    );

    connection.onDidChangeWatchedFiles(
      this.state.safe('watchedFiles', undefined, async (params) => {
        for (const change of params.changes) {
          const uri = change.uri;
          if (!/\.ya?ml$/i.test(uri) || documents.get(uri)) continue;
          if (change.type === FileChangeType.Deleted) {
            this.state.diskFiles.delete(uri);
            workspace.delete(uri);
          } else if (this.isInWorkspace(uri) && !/[\\/](node_modules|\.git)[\\/]/.test(uri)) {
            await this.loadFromDisk(uri);
          }
          this.diagnostics.schedule(uri);
        }
      }),
    );
  }

  /** Folders added or removed: files of removed folders leave the index, added folders are scanned. */
  watchFolders(): void {
    const onFoldersChanged = this.state.safe('workspaceFolders', undefined, (e: WorkspaceFoldersChangeEvent) => this.foldersChanged(e));
    this.state.connection.workspace.onDidChangeWorkspaceFolders((e) => void onFoldersChanged(e));
  }

  private async foldersChanged(e: WorkspaceFoldersChangeEvent): Promise<void> {
    const { state } = this;
    const removed = e.removed.map((f) => folderPath(f.uri));
    state.folders = state.folders.filter((f) => !removed.includes(f)).concat(e.added.map((f) => folderPath(f.uri)));
    for (const uri of [...state.diskFiles]) {
      if (!this.isInWorkspace(uri)) {
        state.diskFiles.delete(uri);
        if (!state.documents.get(uri)) {
          state.workspace.delete(uri);
          this.diagnostics.publish(uri);
        }
      }
    }
    await this.scanWorkspace();
    this.diagnostics.analyzeAll();
  }

  isInWorkspace(uri: string): boolean {
    if (!uri.startsWith('file:')) return false;
    const path = fileURLToPath(uri);
    return this.state.folders.some((f) => path === f || path.startsWith(f.endsWith('/') ? f : f + '/') || path.startsWith(f + '\\'));
  }

  private async loadFromDisk(uri: string): Promise<boolean> {
    try {
      const path = fileURLToPath(uri);
      const st = await fsp.stat(path);
      if (!st.isFile() || st.size > MAX_FILE_BYTES) return false;
      const text = (await fsp.readFile(path, 'utf8')).replace(/^\ufeff/, ''); // editors hide a BOM, so positions match theirs
      if (!this.state.documents.get(uri)) this.state.workspace.set(uri, text);
      this.state.diskFiles.add(uri);
      return true;
    } catch {
      return false;
    }
  }

  async scanWorkspace(): Promise<void> {
    const started = Date.now();
    let count = 0;
    for (const folder of this.state.folders) {
      const paths = await findYamlFiles(folder, { maxFiles: MAX_WORKSPACE_FILES - count });
      for (const p of paths) if (await this.loadFromDisk(pathToFileURL(p).href)) count++;
    }
    this.state.log(`indexed ${count} YAML files from ${this.state.folders.length} workspace folder(s) in ${Date.now() - started} ms`);
  }
}
