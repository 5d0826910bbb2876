// The language server: diagnostics for open and workspace YAML files, code actions, code lenses, hover and
// completion. This file answers initialize and wires the handler modules; each concern lives in its own.
import { CodeActionKind, DidChangeWatchedFilesNotification, TextDocumentSyncKind, type Connection, type InitializeParams, type InitializeResult } from 'vscode-languageserver/node';
import { COMMANDS, settingsFromConfiguration } from '../core/language/protocol';
import { withDefaults } from '../core/lint/settings';
import { FIX_ALL_KIND, registerCodeActions } from './codeActions';
import { registerCommands } from './commands';
import { Diagnostics } from './diagnostics';
import { registerHoverCompletion } from './hoverCompletion';
import { listenGuarded } from './incoming';
import { registerManifestLocations } from './manifestLocations';
import { refreshSettings, registerSettings } from './settings';
import { SOURCE, ServerState, type ClientFeatures } from './state';
import { folderPath, WorkspaceFiles } from './workspaceFiles';
import { currentLocale, resolveLocale, setLocale, type Locale } from '../core/l10n';

export interface ServerOptions {
  /** Milliseconds between a change and re-analysis. */
  debounceMs?: number;
}

function clientFeatures(caps: InitializeParams['capabilities']): ClientFeatures {
  return {
    pullConfig: !!caps.workspace?.configuration,
    watchDynamically: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    watchFolders: !!caps.workspace?.workspaceFolders,
    showDocument: !!caps.window?.showDocument?.support,
    resolveEdits: !!caps.textDocument?.codeAction?.resolveSupport?.properties?.includes('edit'),
    refreshLenses: !!caps.workspace?.codeLens?.refreshSupport,
    documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
  };
}

/**
 * The language of diagnostics, quick fixes, hover and lenses: `initializationOptions.locale` (a user's choice in the
 * client's config), else LSP's `locale` (the editor's display language), else the process's language (`lsp --lang`,
 * or LANG as a terminal editor passes it on: set at start by the CLI and dist/server.js); a language we do not ship
 * is English.
 */
export function clientLocale(clientTag: unknown, chosenTag: unknown, fallback: Locale = currentLocale()): Locale {
  const tag = typeof chosenTag === 'string' && chosenTag !== '' ? chosenTag : typeof clientTag === 'string' && clientTag !== '' ? clientTag : undefined;
  return tag === undefined ? fallback : (resolveLocale(tag) ?? 'en');
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const state = new ServerState(connection);
  const diagnostics = new Diagnostics(state, options.debounceMs);
  const files = new WorkspaceFiles(state, diagnostics);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    state.client = clientFeatures(params.capabilities);
    const init = (params.initializationOptions ?? {}) as Record<string, unknown>;
    state.initSettings = init;
    setLocale(clientLocale(params.locale, init.locale));
    if (typeof init.docsBaseUrl === 'string') state.docsBaseUrl = init.docsBaseUrl;
    state.settings = withDefaults(settingsFromConfiguration(init));
    state.folders = (params.workspaceFolders ?? [])
      .map((f) => f.uri)
      .concat(!params.workspaceFolders && params.rootUri ? [params.rootUri] : [])
      .filter((u) => u.startsWith('file:'))
      .map(folderPath);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND], resolveProvider: true },
        codeLensProvider: { resolveProvider: false },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '-'] },
        executeCommandProvider: { commands: Object.values(COMMANDS) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: SOURCE },
    };
  });

  connection.onInitialized(
    state.safe('initialized', undefined, async () => {
      if (state.client.watchFolders) files.watchFolders();
      if (state.client.watchDynamically) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] });
      }
      try {
        await refreshSettings(state);
        await files.scanWorkspace();
      } finally {
        state.markIndexed();
      }
      diagnostics.analyzeAll();
    }),
  );

  registerSettings(state, diagnostics);
  files.registerHandlers();
  registerCodeActions(state);
  registerCommands(state);
  registerManifestLocations(state);
  registerHoverCompletion(state);

  connection.onShutdown(() => diagnostics.dispose());

  listenGuarded(state.documents, connection, (message) => state.log(message));
  connection.listen();
}
