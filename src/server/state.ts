// What every handler of the language server shares: the connection, open documents, the workspace
// index, the effective settings and what the client can do. One per server, made by startServer().
import { createHash } from 'node:crypto';
import { MessageType, ResponseError, ShowMessageNotification, TextDocuments, type Connection, type WorkspaceEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultSettings, type Settings } from '../core/lint/settings';
import type { Finding } from '../core/lint/types';
import { Workspace } from '../core/manifest/workspace';
import type { TextEdit } from '../core/text/edits';
import { IncrementalAnalysis } from './analysis';
import { toWorkspaceEdit } from './lspConvert';
import { t } from '../core/l10n';

/** The server's name: diagnostics' source, log prefix, serverInfo. */
export const SOURCE = 'kube-scaling-doctor';

/** Optional features of the client, read from its initialize capabilities. */
export interface ClientFeatures {
  /** workspace/configuration: settings are pulled, not only pushed. */
  pullConfig: boolean;
  /** didChangeWatchedFiles with dynamic registration: the server asks to watch YAML files. */
  watchDynamically: boolean;
  watchFolders: boolean;
  showDocument: boolean;
  /** codeAction/resolve may fill in `edit`: the fix-all edit is computed only when chosen. */
  resolveEdits: boolean;
  refreshLenses: boolean;
  /** workspace.workspaceEdit.documentChanges: edits name the document version they were computed for. */
  documentChanges: boolean;
}

/** The file name for messages: the last part of the URI. */
export function fileName(uri: string): string {
  return decodeURIComponent(
    uri
      .replace(/[?#].*$/, '')
      .split(/[/:]/)
      .pop() || uri,
  );
}

export class ServerState {
  readonly documents = new TextDocuments(TextDocument);
  /** Open documents and YAML files of the workspace folders, parsed. */
  readonly workspace = new Workspace();
  /** The findings of each file's current version, re-computed per document after an edit. */
  readonly analysis = new IncrementalAnalysis(this.workspace);
  /** Files read from disk rather than opened (scan, watched files). */
  readonly diskFiles = new Set<string>();
  settings: Settings = defaultSettings;
  /** The connected cluster's versions the extension sent (kubeScalingDoctor/clusterVersions): over the client's settings. */
  clusterVersions: Partial<Settings> = {};
  /** Request values measured in the connected cluster (kubeScalingDoctor/liveRequests): the quick fixes offer them. */
  liveRequests: Settings['liveRequests'] = {};
  /** initializationOptions: the base under the settings pulled or pushed later. */
  initSettings: unknown;
  /** Workspace folder paths, without a trailing separator. */
  folders: string[] = [];
  docsBaseUrl: string | undefined;
  client: ClientFeatures = { pullConfig: false, watchDynamically: false, watchFolders: false, showDocument: false, resolveEdits: false, refreshLenses: false, documentChanges: false };

  private indexedNow: () => void = () => {};
  /** Resolves once the first scan of the workspace folders ended (requests about the workspace wait for it). */
  readonly workspaceIndexed = new Promise<void>((resolve) => (this.indexedNow = resolve));

  constructor(readonly connection: Connection) {}

  /** The first scan ended (or failed): what is indexed now is what requests about the workspace get. */
  markIndexed(): void {
    this.indexedNow();
  }

  log(msg: string): void {
    this.connection.console.log(`[${SOURCE}] ${msg}`);
  }

  /** Tells the user (window/showMessage, no answer awaited). */
  warn(message: string): void {
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `${SOURCE}: ${message}` });
  }

  /** The version of an open document; null for a file read from disk (or not held). */
  versionOf(uri: string): number | null {
    return this.documents.get(uri)?.version ?? null;
  }

  /**
   * A short hash of the text the server holds for `uri` (open or read from disk); null when it holds none.
   * Carried with the version by lenses and fix-all, so a command made for a text closed and reopened at the
   * same version (or otherwise replaced) is told apart from one made for the current text.
   */
  textHashOf(uri: string): string | null {
    const text = this.workspace.get(uri)?.text;
    return text === undefined ? null : createHash('sha256').update(text).digest('base64url').slice(0, 16);
  }

  /** Why a command or code action made for `version`/`textHash` of `uri` no longer fits its text; undefined when it does. */
  staleReason(uri: string, version: unknown, textHash: unknown): string | undefined {
    if (version === this.versionOf(uri) && textHash === this.textHashOf(uri)) return undefined;
    return t('{file} changed since this lens or action was shown; nothing was applied. Use the updated one instead.', { file: fileName(uri) });
  }

  /** `edits` for the client: versioned documentChanges when it supports them, so it refuses them on a newer text. */
  workspaceEdit(edits: readonly TextEdit[]): WorkspaceEdit {
    return toWorkspaceEdit(this.workspace, edits, this.client.documentChanges ? (uri) => this.versionOf(uri) : undefined);
  }

  /** The findings of one file under the current settings (the last analysis while the file and settings stay the same). */
  analyze(uri: string): Finding[] {
    return this.analysis.of(uri, this.settings)?.findings ?? [];
  }

  /** The findings `wanted` with their fixes computed for the current text: for applying a fix (analyze() keeps older fix edits). */
  findingsToFix(uri: string, wanted: (f: Finding) => boolean): Finding[] {
    return this.analysis.fresh(uri, this.settings, wanted);
  }

  /**
   * Wraps a handler so a failure is logged and answered with a neutral result instead of breaking the session.
   * A ResponseError (InvalidParams from incoming.ts) is the answer itself and goes to the client as is.
   */
  safe<A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      try {
        return await fn(...args);
      } catch (err) {
        if (err instanceof ResponseError) throw err;
        this.connection.console.error(`[${SOURCE}] ${name} failed: ${(err as Error)?.stack ?? err}`);
        return fallback;
      }
    };
  }
}
