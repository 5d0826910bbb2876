// coredns-node-hosts: make node names resolve in cluster DNS, for metrics-server connecting to kubelets by Hostname.
// kubeadm/EKS: a `hosts` block with `fallthrough` in the `.:53` server block of kube-system/coredns
// `Corefile`; k3s: lines in its `NodeHosts` key; AKS: a `*.override` key of kube-system/coredns-custom;
// GKE kube-dns: nothing to patch (the address-type repair applies). Edits come from src/core/k8s/corefile/hosts.ts.
import type { KubeConfig } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { isRootServerBlock, mergeHostsEntries, mergeHostsFile, parseCorefile, parseDirectiveList, type HostsEntry, type MergeResult } from '../../k8s/corefile';
import type { DoctorFinding, PlannedChange, RepairPlan } from '../types';
import type { Repair, RepairBase } from '../repairKit/repair';
import { newPlan, warn } from '../repairKit/plan';
import { RepairRefusedError } from '../repairKit/errors';
import { guardedPatch, objectYaml, refOf } from '../repairKit/objects';
import { kubeRequest, type KubeObject } from '../../cluster/request';
import { readIfExists } from '../repairKit/rest';
import { msg, textOf } from '../../l10n';

export const repair: Repair = {
  id: 'coredns-node-hosts',
  offer: { title: msg("Add node names to cluster DNS (CoreDNS hosts block with the nodes' InternalIPs, fallthrough kept)") },
  plan: (kc, finding, base) => planCorednsHosts(kc, finding, base),
};

const NS = 'kube-system';
/** The key this repair adds to AKS's coredns-custom. */
export const AKS_OVERRIDE_KEY = 'ksd-node-hosts.override';

/** `InternalIP → node name (+ its Hostname address)` for every node that has an InternalIP. */
export function nodeHostsEntries(nodes: KubeObject[]): { entries: HostsEntry[]; skipped: string[] } {
  const entries: HostsEntry[] = [];
  const skipped: string[] = [];
  for (const n of nodes) {
    const addresses: { type: string; address: string }[] = n.status?.addresses ?? [];
    const ip = addresses.find((a) => a.type === 'InternalIP')?.address;
    const name: string = n.metadata?.name;
    if (!ip) {
      skipped.push(name);
      continue;
    }
    const names = [name, ...addresses.filter((a) => a.type === 'Hostname').map((a) => a.address)];
    entries.push({ ip, names: [...new Set(names)] });
  }
  return { entries, skipped };
}

/** Which DNS setup the cluster has, decided from the kube-system ConfigMaps. */
export function dnsFlavor(coredns: KubeObject | undefined, custom: KubeObject | undefined, kubeDns: boolean): 'kubeadm' | 'k3s' | 'aks' | 'kube-dns' | 'none' {
  if (coredns) {
    const data = coredns.data ?? {};
    if (typeof data.NodeHosts === 'string') return 'k3s';
    if (custom && /import\s+\S*custom\/\*\.override/.test(String(data.Corefile ?? ''))) return 'aks';
    return 'kubeadm';
  }
  return kubeDns ? 'kube-dns' : 'none';
}

function configMapChange(before: KubeObject, data: Record<string, string>): PlannedChange {
  const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', ...before };
  const after = structuredClone(cm);
  after.data = { ...(cm.data ?? {}), ...data };
  return { action: 'patch', object: refOf(cm), resourceVersion: cm.metadata.resourceVersion, before: objectYaml(cm), after: objectYaml(after), body: guardedPatch(cm, after) };
}

function refuseUnless(r: MergeResult, what: string): asserts r is Extract<MergeResult, { ok: true }> {
  if (!r.ok) throw new RepairRefusedError(`${what}: ${textOf(r.error, 'en')}. Nothing was changed.`);
}

/** Merges entries into an AKS `*.override` directive list (wrapped in a `.:53` block for the merge). */
function mergeOverride(text: string, entries: HostsEntry[]): MergeResult {
  const wrapped = `.:53 {\n${text.endsWith('\n') || text === '' ? text : text + '\n'}}\n`;
  const r = mergeHostsEntries(wrapped, entries);
  if (!r.ok) return r;
  const inner = r.text.slice('.:53 {\n'.length, r.text.length - '}\n'.length);
  return { ...r, text: inner, changed: inner !== text };
}

export async function planCorednsHosts(kc: KubeConfig, finding: DoctorFinding, base: RepairBase): Promise<RepairPlan> {
  const plan = newPlan(base, finding, msg('node names resolve, so metrics-server scrapes every node: node metrics for every node'));
  const [coredns, custom, kubeDnsCm, kubeDnsDeploy] = await Promise.all([
    readIfExists(kc, { kind: 'ConfigMap', namespace: NS, name: 'coredns' }),
    readIfExists(kc, { kind: 'ConfigMap', namespace: NS, name: 'coredns-custom' }),
    readIfExists(kc, { kind: 'ConfigMap', namespace: NS, name: 'kube-dns' }),
    readIfExists(kc, { kind: 'Deployment', namespace: NS, name: 'kube-dns' }),
  ]);
  const flavor = dnsFlavor(coredns, custom, !!(kubeDnsCm || kubeDnsDeploy));
  if (flavor === 'none')
    throw new RepairRefusedError(
      'No CoreDNS configuration found (ConfigMap kube-system/coredns) and no kube-dns: cannot add node names to cluster DNS. Use the metrics-server-address-types repair instead.',
    );
  if (flavor === 'kube-dns') {
    warn(
      plan,
      msg(
        'This cluster runs kube-dns (GKE), which has no hosts-file equivalent: node names cannot be added to its DNS. Use the metrics-server-address-types repair instead, so metrics-server connects to kubelets by InternalIP.',
      ),
    );
    return plan;
  }
  const nodes = (await kubeRequest(kc, 'GET', '/api/v1/nodes')).items ?? [];
  const { entries, skipped } = nodeHostsEntries(nodes);
  if (!entries.length) throw new RepairRefusedError('No node has an InternalIP address: there is nothing to add to DNS.');
  if (skipped.length) warn(plan, msg('Nodes without an InternalIP are left out: {nodes}.', { nodes: skipped.join(', ') }));
  const data = (coredns!.data ?? {}) as Record<string, string>;
  let change: PlannedChange | undefined;
  let result: Extract<MergeResult, { ok: true }>;
  if (flavor === 'k3s') {
    const r = mergeHostsFile(data.NodeHosts, entries);
    refuseUnless(r, 'The NodeHosts key of kube-system/coredns could not be merged');
    result = r;
    warn(plan, msg('k3s maintains NodeHosts itself and rewrites it when nodes change; these lines may need re-adding after a k3s restart.'));
    if (r.changed) change = configMapChange(coredns!, { NodeHosts: r.text });
  } else if (flavor === 'aks') {
    const corefile = parseCorefile(data.Corefile ?? '');
    if (!corefile.ok) throw new RepairRefusedError(`The Corefile in kube-system/coredns could not be parsed (${textOf(corefile.error, 'en')}); edit it by hand. Nothing was changed.`);
    if (corefile.value.serverBlocks.filter(isRootServerBlock).some((sb) => sb.block.directives.some((d) => d.name.text === 'hosts'))) {
      throw new RepairRefusedError('The .:53 server block of kube-system/coredns already has a hosts directive, so a second one in coredns-custom would not load. Nothing was changed.');
    }
    const customData = (custom!.data ?? {}) as Record<string, string>;
    const withHosts = Object.keys(customData).filter((k) => k.endsWith('.override') && parseDirectiveList(customData[k]).ok && /(^|\n)\s*hosts\b/.test(customData[k]));
    const key = withHosts[0] ?? AKS_OVERRIDE_KEY;
    if (customData[key] !== undefined && !parseDirectiveList(customData[key]).ok)
      throw new RepairRefusedError(`kube-system/coredns-custom key ${key} could not be parsed; edit it by hand. Nothing was changed.`);
    const r = mergeOverride(customData[key] ?? '', entries);
    refuseUnless(r, `kube-system/coredns-custom key ${key} could not be merged`);
    result = r;
    warn(plan, msg('AKS loads coredns-custom when CoreDNS restarts: run `kubectl -n kube-system rollout restart deployment coredns` after applying.'));
    if (r.changed) change = configMapChange(custom!, { [key]: r.text });
  } else {
    const r = mergeHostsEntries(data.Corefile ?? '', entries);
    refuseUnless(r, 'The Corefile in kube-system/coredns cannot be changed safely');
    result = r;
    if (!/(^|\n)\s*reload\b/.test(data.Corefile ?? '')) {
      warn(plan, msg('The Corefile has no `reload` plugin: restart CoreDNS after applying (`kubectl -n kube-system rollout restart deployment coredns`).'));
    }
    if (r.changed) change = configMapChange(coredns!, { Corefile: r.text });
  }
  for (const c of result.conflicts) warn(plan, msg('Left unchanged: {conflict}.', { conflict: c }));
  if (change) plan.changes.push(change);
  else warn(plan, msg('Every node name is already in cluster DNS; nothing to change.'));
  return plan;
}
