// Finding and loading the kubeconfig the way kubectl does, and small connection helpers shared by
// the session, `top` and the doctor. Never logs or returns credentials.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { msg } from '../l10n';
import { ClusterProblemError, credentialError, kubeconfigProblem, stripUserinfo } from './problems';
import { REQUEST_TIMEOUT_MS } from './request';
import type { ClusterInfo, ConnectOptions } from './types';

/** Where a kubeconfig comes from, for messages. */
export interface KubeconfigSource {
  files: string[];
  /** `--kubeconfig`, `$KUBECONFIG` or `~/.kube/config`. */
  from: 'explicit' | 'env' | 'home';
}

/**
 * The files to read, in precedence order: the explicit path (a `path.delimiter` list is accepted),
 * else `$KUBECONFIG` (every listed file; missing ones skipped as kubectl does), else `~/.kube/config`.
 */
export function kubeconfigSource(opts: ConnectOptions = {}, env: NodeJS.ProcessEnv = process.env, home = os.homedir()): KubeconfigSource {
  const split = (list: string) => [
    ...new Set(
      list
        .split(path.delimiter)
        .filter(Boolean)
        .map((f) => path.resolve(expandHome(f, home))),
    ),
  ];
  if (opts.kubeconfig) return { files: split(opts.kubeconfig), from: 'explicit' };
  if (env.KUBECONFIG) return { files: split(env.KUBECONFIG), from: 'env' };
  return { files: [path.join(home, '.kube', 'config')], from: 'home' };
}

function expandHome(file: string, home: string): string {
  return file === '~' || file.startsWith('~/') ? path.join(home, file.slice(1)) : file;
}

interface LoadedFile {
  file: string;
  kc: k8s.KubeConfig;
}

function readOne(file: string, from: KubeconfigSource['from']): LoadedFile | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // kubectl skips missing files of a $KUBECONFIG list, but an explicit --kubeconfig must exist.
    if (code === 'ENOENT' && from !== 'explicit') return undefined;
    const why = code === 'ENOENT' ? msg('no such file') : code === 'EACCES' ? msg('permission denied') : code === 'EISDIR' ? msg('is a directory') : (code ?? msg('unreadable'));
    throw new ClusterProblemError(kubeconfigProblem(msg('Cannot read the kubeconfig'), msg('{file}: {why}. Check --kubeconfig, $KUBECONFIG or the kubeconfig setting.', { file, why })));
  }
  const kc = new k8s.KubeConfig();
  if (text.trim() === '') return { file, kc };
  try {
    kc.loadFromString(text, { onInvalidEntry: 'filter' });
  } catch (err) {
    // js-yaml's message quotes the offending lines, which may hold a token: report only the position.
    const e = err as { reason?: string; mark?: { line: number; column: number } };
    // The YAML parser's reason is its own English, quoted as it is, like a log line.
    const reason = e.reason ?? msg('not a kubeconfig (a YAML map with clusters, contexts and users)');
    const message = e.mark ? msg('{file} at line {line}, column {column}: {reason}.', { file, line: e.mark.line + 1, column: e.mark.column + 1, reason }) : msg('{file}: {reason}.', { file, reason });
    throw new ClusterProblemError(kubeconfigProblem(msg('The kubeconfig is not valid'), message));
  }
  kc.makePathsAbsolute(path.dirname(file));
  for (const user of kc.users) resolveExec(user, path.dirname(file));
  return { file, kc };
}

/**
 * kubectl resolves an exec plugin command that contains a path separator against the kubeconfig's
 * directory, and tells the plugin it is not interactive through KUBERNETES_EXEC_INFO.
 */
function resolveExec(user: k8s.User, dir: string): void {
  const exec = user.exec as { command?: string; apiVersion?: string; env?: { name: string; value: string }[] } | undefined;
  if (!exec?.command) return;
  if (exec.command.includes('/') && !path.isAbsolute(exec.command)) exec.command = path.join(dir, exec.command);
  const env = exec.env ?? [];
  if (!env.some((e) => e.name === 'KUBERNETES_EXEC_INFO')) {
    const info = { kind: 'ExecCredential', apiVersion: exec.apiVersion ?? 'client.authentication.k8s.io/v1beta1', spec: { interactive: false } };
    exec.env = [...env, { name: 'KUBERNETES_EXEC_INFO', value: JSON.stringify(info) }];
  }
}

/**
 * Loads the kubeconfig as kubectl does: several files merged with the first file winning for each
 * cluster, user and context name and for `current-context` (client-node's loadFromDefault lets the
 * last file win and throws on duplicates). `context` overrides the current context. Throws
 * ClusterProblemError (kind `kubeconfig`) with an actionable message.
 */
export function loadKubeConfig(opts: ConnectOptions = {}, env: NodeJS.ProcessEnv = process.env, home = os.homedir()): k8s.KubeConfig {
  const source = kubeconfigSource(opts, env, home);
  const loaded = source.files.map((f) => readOne(f, source.from)).filter((x): x is LoadedFile => !!x);
  if (loaded.length === 0) {
    const message =
      source.from === 'env'
        ? msg("$KUBECONFIG ({files}) names no existing file. Point KUBECONFIG or --kubeconfig at your cluster's kubeconfig (for example the one `aws eks update-kubeconfig` or `kind` writes).", {
            files: source.files.join(path.delimiter),
          })
        : msg("{file} does not exist. Point KUBECONFIG or --kubeconfig at your cluster's kubeconfig (for example the one `aws eks update-kubeconfig` or `kind` writes).", { file: source.files[0] });
    throw new ClusterProblemError(kubeconfigProblem(msg('No kubeconfig found'), message));
  }
  const clusters = new Map<string, k8s.Cluster>();
  const users = new Map<string, k8s.User>();
  const contexts = new Map<string, k8s.Context>();
  let currentContext = '';
  for (const { kc } of loaded) {
    for (const c of kc.clusters) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of kc.users) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of kc.contexts) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!currentContext && kc.currentContext) currentContext = kc.currentContext;
  }
  const files = source.files.join(path.delimiter);
  const name = opts.context || currentContext;
  if (!name) {
    const names = [...contexts.keys()];
    // Context names are listed with commas in every language, as kubectl prints them.
    const message = names.length
      ? msg('{files} sets no current-context. Choose one of: {names} (--context or `kubectl config use-context`).', { files, names: names.join(', ') })
      : msg('{files} sets no current-context. It defines no contexts.', { files });
    throw new ClusterProblemError(kubeconfigProblem(msg('No current context'), message));
  }
  const ctx = contexts.get(name);
  if (!ctx) {
    const names = [...contexts.keys()];
    const message = names.length ? msg('{files} has no context "{name}". Contexts: {names}.', { files, name, names: names.join(', ') }) : msg('{files} has no context "{name}".', { files, name });
    throw new ClusterProblemError(kubeconfigProblem(msg('Context "{name}" not found', { name }), message));
  }
  if (!clusters.has(ctx.cluster)) {
    throw new ClusterProblemError(
      kubeconfigProblem(
        msg('Cluster "{cluster}" not found', { cluster: ctx.cluster }),
        msg('Context "{name}" names cluster "{cluster}", which {files} does not define (or defines without a server).', { name, cluster: ctx.cluster, files }),
      ),
    );
  }
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({ clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext: name });
  markCredentialErrors(kc);
  return kc;
}

/**
 * Errors of credential plugins (exec, token files, OIDC) surface from inside client-node's request
 * code as plain Errors; wrap them so problems.ts can classify them as `unauthorized` without ever
 * echoing plugin output that might contain a token.
 */
function markCredentialErrors(kc: k8s.KubeConfig): void {
  const target = kc as unknown as { applyAuthorizationHeader(opts: unknown): Promise<void> };
  const original = target.applyAuthorizationHeader.bind(kc);
  target.applyAuthorizationHeader = async (opts: unknown) => {
    try {
      await original(opts);
    } catch (err) {
      throw credentialError(err, kc.getCurrentUser()?.name ?? '');
    }
  };
}

/** The server URL as shown to users and written to files: without userinfo (`https://admin:PASSWORD@host` → `https://host`). */
export function displayServer(server: string): string {
  try {
    new URL(server);
  } catch {
    // Not a URL (e.g. a `/` in the password): drop everything from the scheme to the last `@`.
    return server.replace(/^([a-z][a-z0-9+.-]{0,30}:\/\/)?.*@/is, '$1');
  }
  // The authority ends at the first `/`, `?` or `#`; its userinfo at its last `@` (a password may hold spaces and `@`).
  const m = /^([a-z][a-z0-9+.-]{0,30}:\/\/)?([^/?#]*)(.*)$/is.exec(server);
  if (!m) return stripUserinfo(server);
  const at = m[2].lastIndexOf('@');
  return stripUserinfo(`${m[1] ?? ''}${at >= 0 ? m[2].slice(at + 1) : m[2]}${m[3]}`);
}

/** What the tree's root row shows. `namespace` overrides the context's namespace. The server has no userinfo. */
export function clusterInfo(kc: k8s.KubeConfig, namespace?: string): ClusterInfo {
  const ctx = kc.getContextObject(kc.getCurrentContext());
  const cluster = kc.getCurrentCluster();
  return {
    context: kc.getCurrentContext(),
    cluster: cluster?.name ?? ctx?.cluster ?? '',
    server: displayServer(cluster?.server ?? ''),
    namespace: namespace || ctx?.namespace || 'default',
  };
}

/** Request options that abort a request after `ms` (client-node sets no timeout of its own). */
export function timeoutOptions(ms = REQUEST_TIMEOUT_MS): k8s.ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (ctx) => {
          ctx.setSignal(AbortSignal.timeout(ms) as unknown as Parameters<typeof ctx.setSignal>[0]);
          return new k8s.Observable(Promise.resolve(ctx));
        },
        post: (res) => new k8s.Observable(Promise.resolve(res)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

/** `gitVersion` of the API server (e.g. `v1.33.13`). Throws client-node errors; classify with toProblem. */
export async function readVersion(kc: k8s.KubeConfig, timeoutMs = REQUEST_TIMEOUT_MS): Promise<string> {
  const v = await kc.makeApiClient(k8s.VersionApi).getCode(timeoutOptions(timeoutMs));
  return v.gitVersion;
}
