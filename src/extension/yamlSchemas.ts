// Gives Red Hat's YAML extension (redhat.vscode-yaml) our JSON schemas, chosen by each file's content
// through its `registerContributor` API. Without that extension this does nothing.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { parseSchemaIndex, type SchemaIndexEntry } from '../core/language/schemaIndex';
import { dispatchSchema, entriesForText } from './schemaMatch';

const YAML_EXTENSION_ID = 'redhat.vscode-yaml';
const SCHEME = 'kube-scaling-doctor';
const DISPATCH_URI = `${SCHEME}://schemas/kubernetes-autoscaling.json`;
const MAX_FILE_BYTES = 1_000_000;

/** The part of the YAML extension's API we use (redhat-developer/vscode-yaml `schema-extension-api.ts`). */
interface YamlExtensionApi {
  registerContributor(schema: string, requestSchema: (resource: string) => string | undefined, requestSchemaContent: (uri: string) => string | undefined, label?: string): boolean;
}

export async function registerYamlSchemas(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<void> {
  if (await tryRegister(context, log)) return;
  // The YAML extension may be installed or enabled later in the session.
  const sub = vscode.extensions.onDidChange(async () => {
    if (await tryRegister(context, log)) sub.dispose();
  });
  context.subscriptions.push(sub);
}

let registered = false;

async function tryRegister(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<boolean> {
  if (registered) return true;
  const yaml = vscode.extensions.getExtension<YamlExtensionApi>(YAML_EXTENSION_ID);
  if (!yaml) return false;
  const api = yaml.isActive ? yaml.exports : await yaml.activate();
  if (typeof api?.registerContributor !== 'function') return false;

  const schemasDir = vscode.Uri.joinPath(context.extensionUri, 'schemas');
  const entries = loadIndex(schemasDir);
  if (!entries.length) {
    log.warn('schemas/index.json is missing or empty: no schemas given to the YAML extension');
    return true;
  }
  const files = new Set(entries.map((e) => e.file));
  context.subscriptions.push(vscode.workspace.onDidCloseTextDocument((d) => matchCache.delete(d.uri.toString())));
  registered = api.registerContributor(
    SCHEME,
    (resource) => (matches(resource, entries) ? DISPATCH_URI : undefined),
    (uri) => {
      if (uri === DISPATCH_URI) return JSON.stringify(dispatchSchema(entries, (f) => `${SCHEME}://schemas/${f}`));
      const file = uri.slice(`${SCHEME}://schemas/`.length);
      return files.has(file) ? readText(vscode.Uri.joinPath(schemasDir, file).fsPath) : undefined;
    },
    'Scaling Doctor',
  );
  log.info(`schemas for ${entries.length} kinds given to the YAML extension`);
  return true;
}

function loadIndex(schemasDir: vscode.Uri): SchemaIndexEntry[] {
  const text = readText(vscode.Uri.joinPath(schemasDir, 'index.json').fsPath);
  if (!text) return [];
  try {
    return parseSchemaIndex(JSON.parse(text));
  } catch {
    return [];
  }
}

const matchCache = new Map<string, { version: number; matched: boolean }>();

function matches(resource: string, entries: readonly SchemaIndexEntry[]): boolean {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === resource);
  if (open) {
    const hit = matchCache.get(resource);
    if (hit && hit.version === open.version) return hit.matched;
    const matched = entriesForText(open.getText(), entries).length > 0;
    matchCache.set(resource, { version: open.version, matched });
    return matched;
  }
  const uri = vscode.Uri.parse(resource);
  if (uri.scheme !== 'file') return false;
  const text = readText(uri.fsPath);
  return !!text && entriesForText(text, entries).length > 0;
}

function readText(file: string): string | undefined {
  try {
    if (fs.statSync(file).size > MAX_FILE_BYTES) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
