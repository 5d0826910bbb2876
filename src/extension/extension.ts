// The VS Code side: starts the language server (dist/server.js) over IPC for YAML files, adds the
// palette commands and, when Red Hat's YAML extension is installed, gives it our schemas by kind.
import { registerClusterLintVersions } from './cluster/lintVersions';
import { registerLiveRequests } from './live/liveRequests';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, RequestType, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { ManifestLocationsRequest, SETTINGS_SECTION, settingsFromConfiguration, type ManifestLocation, type ManifestLocationsParams } from '../core/language/protocol';
import { registerClusterFeatures, type ClusterService } from './cluster';
import { useDisplayLanguage } from './displayLanguage';
import { registerDoctor, type DoctorApi } from './doctor';
import { registerEvidenceDocument } from './doctor/evidenceDocument';
import { registerHpaPanel } from './hpaPanel';
import { registerLiveLenses } from './live/provider';
import { registerTablePanel } from './table/panel';
import { startLocalCluster } from './localCluster';
import { redactedOutput } from './redactedOutput';
import { quickFixMiddleware, registerWalkthrough } from './walkthrough';
import { registerYamlSchemas } from './yamlSchemas';

const CLIENT_ID = 'kubeScalingDoctor';
const CLIENT_NAME = 'Scaling Doctor for Kubernetes';

const manifestLocationsRequest = new RequestType<ManifestLocationsParams, ManifestLocation[], void>(ManifestLocationsRequest.method);

let client: LanguageClient | undefined;

/** What tests and other extensions can reach through `extension.exports`. */
export interface ExtensionApi {
  /** The running language client, once started. */
  client(): LanguageClient | undefined;
  /** The cluster connection (kubeconfig, context, namespace, live session) the cluster views use. */
  cluster(): ClusterService;
  /** The Doctor view's state and its dialog answerer (tests). */
  doctor: DoctorApi;
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  // First: every row, prompt and finding below is rendered in this language.
  useDisplayLanguage();
  const channel = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  context.subscriptions.push(channel);
  // Everything written to it (cluster errors, plugin stderr, the language client) is redacted.
  const output = redactedOutput(channel);

  // Activation at the end of startup (for the guided start) must not start the server in every window: it starts with
  // the first YAML or Helm document, as it did when only onLanguage activated the extension, or with a command that
  // needs it (Lint Workspace, Restart, the doctor locating manifests).
  const startServer = async (): Promise<void> => {
    if (client) return;
    client = createClient(context, output);
    await client.start();
  };

  context.subscriptions.push(
    // The server indexes every YAML file of the workspace when it starts and reports on all of them.
    vscode.commands.registerCommand('kube-scaling-doctor.lintWorkspace', async () => {
      await startServer();
      return vscode.commands.executeCommand('workbench.actions.view.problems');
    }),
    vscode.commands.registerCommand('kube-scaling-doctor.showOutput', () => (client?.outputChannel ?? output).show(true)),
    vscode.commands.registerCommand('kube-scaling-doctor.restartServer', async () => {
      if (!client) return startServer();
      await client.restart();
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Scaling Doctor: language server restarted'), 3000);
    }),
    vscode.commands.registerCommand('kube-scaling-doctor.startLocalCluster', () => startLocalCluster(context)),
  );
  registerWalkthrough(context);

  // Before the language server starts, so the cluster view has its provider at once (no cluster traffic yet).
  const cluster = registerClusterFeatures(context, output);
  const doctor = registerDoctor(context, cluster, output, async (objects, namespace) => {
    // A user action asks where manifests are: start the server if no YAML document has yet.
    if (!client) await startServer();
    if (!client?.isRunning()) return undefined;
    return client.sendRequest(manifestLocationsRequest, { objects, namespace });
  });
  registerLiveLenses(context, cluster);
  registerHpaPanel(context, cluster);
  registerTablePanel(context, cluster);
  registerEvidenceDocument(context);

  const isManifest = (d: vscode.TextDocument): boolean => d.languageId === 'yaml' || d.languageId === 'helm';
  if (vscode.workspace.textDocuments.some(isManifest)) await startServer();
  else {
    const waiting = vscode.workspace.onDidOpenTextDocument((d) => {
      if (!isManifest(d)) return;
      waiting.dispose();
      startServer().catch((err: unknown) => output.error(`language server did not start: ${String(err)}`));
    });
    context.subscriptions.push(waiting);
  }
  context.subscriptions.push(registerClusterLintVersions(cluster, () => client, output));
  context.subscriptions.push(registerLiveRequests(cluster, () => client));

  registerYamlSchemas(context, output).catch((err: unknown) => output.warn(`YAML schemas not registered: ${String(err)}`));
  return { client: () => client, cluster: () => cluster, doctor };
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  await c?.stop();
}

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const yamlFiles = '**/*.{yaml,yml}';
  const clientOptions: LanguageClientOptions = {
    // `helm`: chart templates, as the Kubernetes extension labels them; the server reads around `{{ }}`.
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'file', language: 'helm' },
    ],
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: vscode.workspace.createFileSystemWatcher(yamlFiles),
    },
    // The server reads these first, then pulls `kubeScalingDoctor` (workspace/configuration) and follows changes.
    initializationOptions: settingsFromConfiguration(vscode.workspace.getConfiguration(SETTINGS_SECTION)),
    outputChannel: output,
    middleware: quickFixMiddleware,
  };
  const c = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => void c.stop() });
  return c;
}
