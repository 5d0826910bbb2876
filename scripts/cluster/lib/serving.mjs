// What a component that serves the API server (an aggregated API, a webhook) needs when it runs as a local process: a
// CA and a serving certificate for the Service names the API server checks (`<service>.<namespace>.svc`), and a
// kubeconfig with a token of its ServiceAccount (what in-cluster config gives its pod upstream), so its RBAC is the
// one its manifests grant, not the cluster admin's.
// @ts-check
import fs from 'node:fs';
import path from 'node:path';
import { run } from './process.mjs';

/**
 * Writes `ca.crt`/`ca.key` and a certificate signed by it, once (kept while the files exist).
 * @param {{dir: string, caName: string, services: string[], cert: string, key: string, caCert: string, caKey: string, clientAuth?: boolean}} what
 *   services: `<service>.<namespace>` names (each gets `.svc` and `.svc.cluster.local`; the first is the CN); clientAuth:
 *   the certificate also authenticates its holder as a client (KEDA's operator and metrics server use one pair both ways)
 */
export function servingCertificate({ dir, caName, services, cert, key, caCert, caKey, clientAuth = false }) {
  if (fs.existsSync(cert) && fs.existsSync(caCert)) return;
  const ssl = (/** @type {string[]} */ args) => run('openssl', args, { timeoutMs: 60_000 });
  ssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-subj', `/CN=${caName}`, '-keyout', caKey, '-out', caCert]);
  const csr = path.join(dir, 'serving.csr');
  const ext = path.join(dir, 'serving.ext');
  ssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${services[0]}.svc`, '-keyout', key, '-out', csr]);
  const names = services.flatMap((s) => [`DNS:${s}.svc`, `DNS:${s}.svc.cluster.local`]);
  fs.writeFileSync(ext, `subjectAltName=${[...names, 'DNS:localhost', 'IP:127.0.0.1'].join(',')}\nextendedKeyUsage=serverAuth${clientAuth ? ',clientAuth' : ''}\n`);
  ssl(['x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-CAcreateserial', '-days', '3650', '-extfile', ext, '-out', cert]);
}

/**
 * A kubeconfig with a 24 h token of the ServiceAccount, for the cluster of `ctx`.
 * @param {import('../components/index.mjs').ComponentContext} ctx
 * @param {{namespace: string, serviceAccount: string, file: string}} what
 */
export function serviceAccountKubeconfig(ctx, { namespace, serviceAccount, file }) {
  const token = ctx.kubectl(['-n', namespace, 'create', 'token', serviceAccount, '--duration=24h']).stdout.trim();
  const server = /server:\s*(\S+)/.exec(fs.readFileSync(ctx.paths.kubeconfig, 'utf8'))?.[1];
  if (!server) throw new Error(`${serviceAccount}: no server: line in ${ctx.paths.kubeconfig}`);
  const yaml = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: in-cluster',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority: ${ctx.paths.caCert}`,
    'users:',
    `- name: ${namespace}-${serviceAccount}`,
    '  user:',
    `    token: ${token}`,
    'contexts:',
    '- name: in-cluster',
    '  context:',
    '    cluster: in-cluster',
    `    user: ${namespace}-${serviceAccount}`,
    `    namespace: ${namespace}`,
    'current-context: in-cluster',
    '',
  ].join('\n');
  fs.writeFileSync(file, yaml, { mode: 0o600 });
}
