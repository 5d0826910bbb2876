// install-metrics-server: install metrics-server from the release manifests bundled in assets/metrics-server/ (shipped
// in the .vsix and next to the CLI), chosen by the cluster's version. Nothing is downloaded.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { parseAllDocuments } from 'yaml';
import type { DoctorFinding, PlannedChange, RepairPlan } from '../types';
import type { Repair, RepairBase } from '../repairKit/repair';
import { newPlan, warn } from '../repairKit/plan';
import { RepairRefusedError } from '../repairKit/errors';
import { describeRef, objectYaml, refOf } from '../repairKit/objects';
import { kubeRequest, type KubeObject } from '../../cluster/request';
import { readIfExists } from '../repairKit/rest';
import { msg, type Message } from '../../l10n';
import { thenSentence } from '../../l10n/lists';

export const repair: Repair = {
  id: 'install-metrics-server',
  offer: { title: msg('Install metrics-server from the manifests bundled with Scaling Doctor (matched to the cluster version)') },
  plan: (kc, finding, base) => planInstall(kc, finding, base),
};

/**
 * Bundled releases, newest first, with the oldest Kubernetes each supports: the compatibility matrix
 * of metrics-server's README.md at that tag (v0.7.2: "0.7.x | metrics.k8s.io/v1beta1 | 1.19+").
 */
export const BUNDLED_METRICS_SERVER = [{ version: 'v0.7.2', file: 'metrics-server-v0.7.2.yaml', minKubernetes: [1, 19] as const }];

export const INSTALL_VERIFIES = msg('APIService v1beta1.metrics.k8s.io Available, and node metrics for every node');

/** assets/metrics-server next to the bundle (dist/…) or the sources (src/core/doctor/repairs/…): searched upwards, so moving this file keeps working. */
export function assetsDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'assets', 'metrics-server');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('the bundled metrics-server manifests (assets/metrics-server) are missing from this installation');
}

/** Parses "v1.33.13", "1.27+", "v1.29.4-eks-abc" into [major, minor]. */
export function parseKubeVersion(v: { major?: string; minor?: string; gitVersion?: string }): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(v.gitVersion ?? '');
  if (m) return [Number(m[1]), Number(m[2])];
  const major = parseInt(v.major ?? '', 10);
  const minor = parseInt(v.minor ?? '', 10);
  return Number.isFinite(major) && Number.isFinite(minor) ? [major, minor] : undefined;
}

/**
 * Which release to install by hand on a cluster older than every bundled one, from the compatibility matrix of
 * metrics-server's README.md (v0.7.2): 0.5.x and 0.4.x support 1.8+, and below 1.16 need
 * `--authorization-always-allow-paths=/livez,/readyz`; nothing serves metrics.k8s.io before 1.8.
 */
export function byHandAdvice(version: [number, number]): Message {
  const [major, minor] = version;
  if (major === 1 && minor < 8) return msg('No metrics-server release supports it: the Metrics API needs Kubernetes 1.8 or later (metrics-server README, compatibility matrix).');
  const release = 'https://github.com/kubernetes-sigs/metrics-server/releases/tag/v0.5.2';
  // Below 1.16 it needs one more flag; its APIService is apiregistration.k8s.io/v1, which Kubernetes serves from 1.10 (v1beta1 before).
  if (major === 1 && minor < 10)
    return msg(
      "Install metrics-server v0.5.2 by hand (the newest release for Kubernetes 1.8+ in metrics-server's compatibility matrix: {release}, components.yaml) with `--authorization-always-allow-paths=/livez,/readyz` added to its arguments (needed below 1.16), and its APIService written as apiregistration.k8s.io/v1beta1 (v1 is served from 1.10).",
      { release },
    );
  if (major === 1 && minor < 16)
    return msg(
      "Install metrics-server v0.5.2 by hand (the newest release for Kubernetes 1.8+ in metrics-server's compatibility matrix: {release}, components.yaml) with `--authorization-always-allow-paths=/livez,/readyz` added to its arguments (needed below 1.16).",
      { release },
    );
  return msg("Install metrics-server v0.5.2 by hand (the newest release for Kubernetes 1.8+ in metrics-server's compatibility matrix: {release}, components.yaml).", { release });
}

/** The bundled release for a cluster version, or undefined when none supports it. */
export function manifestFor(version: [number, number]): (typeof BUNDLED_METRICS_SERVER)[number] | undefined {
  return BUNDLED_METRICS_SERVER.find((m) => version[0] > m.minKubernetes[0] || (version[0] === m.minKubernetes[0] && version[1] >= m.minKubernetes[1]));
}

/** The objects of a bundled manifest file, in file order. */
export function bundledObjects(file: string): KubeObject[] {
  const text = readFileSync(join(assetsDir(), file), 'utf8');
  return parseAllDocuments(text)
    .map((d) => d.toJS() as KubeObject)
    .filter((o) => o && o.kind);
}

export async function planInstall(kc: KubeConfig, finding: DoctorFinding, base: RepairBase): Promise<RepairPlan> {
  const v = await kubeRequest(kc, 'GET', '/version');
  const version = parseKubeVersion(v);
  if (!version) throw new RepairRefusedError(msg("Could not read the cluster's Kubernetes version (got {answer}).", { answer: JSON.stringify(v.gitVersion ?? v) }));
  const release = manifestFor(version);
  if (!release) {
    const oldest = BUNDLED_METRICS_SERVER[BUNDLED_METRICS_SERVER.length - 1];
    throw new RepairRefusedError(
      thenSentence(
        msg('Kubernetes {version} is older than any bundled metrics-server supports ({release} needs {minimum}+)', {
          version: version.join('.'),
          release: oldest.version,
          minimum: oldest.minKubernetes.join('.'),
        }),
        byHandAdvice(version),
      ),
    );
  }
  const plan = newPlan(
    base,
    finding,
    INSTALL_VERIFIES,
    [
      msg(
        "metrics-server verifies the kubelets' serving certificates. If they are self-signed (kind, minikube, kubeadm without serverTLSBootstrap) it will log x509 errors after the install; run the doctor again for the fix.",
      ),
    ],
    `${base.title}: metrics-server ${release.version} for Kubernetes ${version.join('.')}`,
  );
  if (version[0] === 1 && version[1] < 27) {
    warn(
      plan,
      msg(
        "metrics-server {version}'s README supports Kubernetes 1.19+, but later metrics-server READMEs list 0.7.x for 1.27+ and 0.6.x for 1.25–1.26; on Kubernetes {kubernetes} consider the 0.6.x release instead (not bundled).",
        { version: release.version, kubernetes: version.join('.') },
      ),
    );
  }
  const kept: string[] = [];
  for (const obj of bundledObjects(release.file)) {
    const ref = refOf(obj);
    if (await readIfExists(kc, ref)) {
      kept.push(describeRef(ref));
      continue;
    }
    const change: PlannedChange = { action: 'create', object: ref, resourceVersion: '', before: '', after: objectYaml(obj), body: obj };
    plan.changes.push(change);
  }
  if (kept.length) warn(plan, msg('Already present, kept as they are: {objects}.', { objects: kept.join(', ') }));
  if (!plan.changes.length) warn(plan, msg('Every object of the metrics-server manifest already exists; nothing to create.'));
  return plan;
}
