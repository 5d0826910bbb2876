// The mechanism of the repairs that set a metrics-server container flag on the live Deployment (args or
// command, an existing value replaced, never duplicated: containerFlagChange), or, for Helm-managed
// installs, the chart values change to make instead. Used by repairs/metrics-server-address-types.ts and
// repairs/metrics-server-skip-kubelet-tls-verify.ts.
import type { KubeConfig } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { stringify } from 'yaml';
import { containerFlagChange, METRICS_SERVER_CONTAINER } from '../../k8s/metricsServer';
import type { DoctorFinding, RepairPlan } from '../types';
import { describeRef, guardedPatch, objectYaml, refOf } from './objects';
import { kubeRequest, type KubeObject } from '../../cluster/request';
import { readIfExists } from './rest';
import { RepairRefusedError } from './errors';
import type { RepairBase } from './repair';
import { newPlan, warn } from './plan';
import { msg, type Message } from '../../l10n';

export const METRICS_VERIFIES = msg('node and pod metrics from the metrics API, and metrics for every HPA on resource metrics');

/** The metrics-server Deployment: the finding's object, kube-system/metrics-server, or one labelled as metrics-server. */
export async function findMetricsServer(kc: KubeConfig, finding?: DoctorFinding): Promise<KubeObject | undefined> {
  const o = finding?.object;
  if (o?.kind === 'Deployment') {
    const d = await readIfExists(kc, { kind: 'Deployment', namespace: o.namespace ?? 'kube-system', name: o.name });
    if (d) return d;
  }
  const d = await readIfExists(kc, { kind: 'Deployment', namespace: 'kube-system', name: 'metrics-server' });
  if (d) return d;
  for (const selector of ['k8s-app=metrics-server', 'app.kubernetes.io/name=metrics-server']) {
    const list = await kubeRequest(kc, 'GET', '/apis/apps/v1/deployments', { query: { labelSelector: selector } });
    if (list.items?.length) return { apiVersion: 'apps/v1', kind: 'Deployment', ...list.items[0] };
  }
  return undefined;
}

/** The metrics-server container of a Deployment (by name, else by image), same rule as the manifest rules. */
export function metricsServerContainer(deployment: KubeObject): KubeObject | undefined {
  const containers: KubeObject[] = deployment.spec?.template?.spec?.containers ?? [];
  return containers.find((c) => c.name === METRICS_SERVER_CONTAINER) ?? containers.find((c) => String(c.image ?? '').includes('metrics-server'));
}

/** Helm release owning the object, from the labels/annotations Helm 3 sets (not validated: see helmReleaseProblem). */
export function helmRelease(obj: KubeObject): { release: string; namespace: string } | undefined {
  const labels = obj.metadata?.labels ?? {};
  const ann = obj.metadata?.annotations ?? {};
  if (labels['app.kubernetes.io/managed-by'] !== 'Helm' && !ann['meta.helm.sh/release-name']) return undefined;
  return {
    release: String(ann['meta.helm.sh/release-name'] ?? labels['app.kubernetes.io/instance'] ?? labels.release ?? ''),
    namespace: String(ann['meta.helm.sh/release-namespace'] ?? obj.metadata?.namespace ?? 'default'),
  };
}

/**
 * Helm's own rule for release names, ValidateReleaseName in helm/helm pkg/chartutil/validate_name.go: at most
 * 53 characters matching `^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`.
 */
export function isHelmReleaseName(name: string): boolean {
  return name.length > 0 && name.length <= 53 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name);
}

/** A namespace is a DNS-1123 label: at most 63 characters of `[a-z0-9]([-a-z0-9]*[a-z0-9])?`. */
export function isNamespaceName(name: string): boolean {
  return name.length > 0 && name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
}

/**
 * Why the release read from the object's annotations/labels must not go into a values file or a shell
 * line (they are cluster text anyone who can edit the Deployment controls), or undefined when it may.
 */
export function helmReleaseProblem(ref: string, helm: { release: string; namespace: string }): Message | undefined {
  const shown = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);
  if (!isHelmReleaseName(helm.release)) {
    return msg(
      '{object} is managed by Helm, but its release name {release} (annotation meta.helm.sh/release-name or label app.kubernetes.io/instance) is not a valid Helm release name (at most 53 characters: lower-case letters, digits, "-" and "."), so no values change or helm command is generated. Find the release with `helm list -A` and change its values by hand.',
      { object: ref, release: shown(helm.release) },
    );
  }
  if (!isNamespaceName(helm.namespace)) {
    return msg(
      '{object} is managed by Helm, but its release namespace {namespace} (annotation meta.helm.sh/release-namespace) is not a valid Helm release namespace (a DNS-1123 label), so no values change or helm command is generated. Find the release with `helm list -A` and change its values by hand.',
      { object: ref, namespace: shown(helm.namespace) },
    );
  }
  return undefined;
}

/** A word for a POSIX shell line: unchanged when it holds only safe characters, else single-quoted. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The values file for the metrics-server chart (kubernetes-sigs/metrics-server charts/metrics-server):
 * its template renders `--secure-port=<containerPort>`, then `defaultArgs`, then
 * `--authorization-always-allow-paths=/metrics` when metrics.enabled, then `args`. The container's
 * current flags minus those two rendered ones become `defaultArgs` (with the flag set) and `args` is
 * emptied, so the flag is not given twice (repeating `--kubelet-preferred-address-types` appends to it).
 * The release must have passed helmReleaseProblem; it is shell-quoted in the command line all the same.
 */
export function helmValuesChange(release: { release: string; namespace: string }, newArgs: string[]): string {
  const defaultArgs = newArgs.filter((a) => !a.startsWith('--secure-port=') && a !== '--authorization-always-allow-paths=/metrics');
  const header = [
    `# metrics-server chart values: replaces defaultArgs and args of release ${release.release}.`,
    `# helm upgrade ${shellQuote(release.release)} metrics-server/metrics-server --namespace ${shellQuote(release.namespace)} --reuse-values -f this-file.yaml`,
  ].join('\n');
  return `${header}\n${stringify({ defaultArgs, args: [] }, { lineWidth: 0 })}`;
}

export async function planMetricsServerFlag(kc: KubeConfig, finding: DoctorFinding, base: RepairBase & { warnings: Message[] }, flag: string, value?: string): Promise<RepairPlan> {
  const deployment = await findMetricsServer(kc, finding);
  if (!deployment)
    throw new RepairRefusedError(msg('No metrics-server Deployment found (kube-system/metrics-server or labelled k8s-app=metrics-server). Install it first: repair install-metrics-server.'));
  deployment.apiVersion ??= 'apps/v1';
  deployment.kind ??= 'Deployment';
  const ref = refOf(deployment);
  const container = metricsServerContainer(deployment);
  if (!container) throw new RepairRefusedError(msg('{object} has no metrics-server container.', { object: describeRef(ref) }));
  const change = containerFlagChange(container, flag, value);
  const after = structuredClone(deployment);
  const target = metricsServerContainer(after)!;
  target[change.field] = change.value;
  const plan = newPlan(base, finding, METRICS_VERIFIES, base.warnings);
  const helm = helmRelease(deployment);
  if (helm) {
    const problem = helmReleaseProblem(describeRef(ref), helm);
    if (problem) throw new RepairRefusedError(problem);
    const newArgs = change.field === 'args' ? change.value : (container.args ?? []);
    plan.helm = { ...helm, valuesChange: helmValuesChange(helm, newArgs) };
    warn(
      plan,
      msg('{object} is managed by Helm release {release}: a direct patch would be undone by the next helm upgrade, so nothing is patched. Change the release values instead (shown below).', {
        object: describeRef(ref),
        release: `${helm.namespace}/${helm.release}`,
      }),
      true,
    );
    return plan;
  }
  const current = container[change.field] ?? [];
  if (JSON.stringify(current) === JSON.stringify(change.value)) {
    warn(plan, msg('{object} already runs metrics-server with {flag}; nothing to change.', { object: describeRef(ref), flag: value === undefined ? flag : `${flag}=${value}` }));
    return plan;
  }
  if (deployment.metadata?.labels?.['addonmanager.kubernetes.io/mode'] === 'Reconcile') {
    warn(plan, msg("{object} is reconciled by the cluster's addon manager, which may revert this change; prefer the provider's configuration.", { object: describeRef(ref) }));
  }
  plan.changes.push({
    action: 'patch',
    object: ref,
    resourceVersion: deployment.metadata.resourceVersion,
    before: objectYaml(deployment),
    after: objectYaml(after),
    body: guardedPatch(deployment, after),
  });
  return plan;
}
