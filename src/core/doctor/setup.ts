// Which kind of control plane the doctor is looking at (kubeadm, k3s, EKS, AKS, GKE, binary/systemd), and where a
// finding's fix lives there: kube-apiserver flags, kubelet configuration, metrics-server's own objects. The DNS side
// is decided once, by the CoreDNS repair's dnsFlavor (k3s NodeHosts, AKS coredns-custom); nodes and kube-system pods
// decide the rest. The sentences name files and flags; each is cited in docs/doctor-setups.md.
import type * as k8s from '@kubernetes/client-node';
import type { DoctorState } from './state';
import { dnsFlavor } from './repairs/coredns-node-hosts';
import { msg, type Message } from '../l10n';
import { listJoin } from '../l10n/lists';

export type SetupKind = 'kubeadm' | 'k3s' | 'eks' | 'aks' | 'gke' | 'binary' | 'unknown';

export interface Setup {
  kind: SetupKind;
  /** What decided it, one phrase (for the explanation: "kubeadm (static pod kube-system/kube-apiserver-cp1)"). */
  because: Message;
}

const LABELS = {
  eks: /^eks\.amazonaws\.com\//,
  aks: /^kubernetes\.azure\.com\//,
  gke: /^cloud\.google\.com\/gke-/,
};

function byNodes(nodes: k8s.V1Node[]): Setup | undefined {
  for (const n of nodes) {
    const kubelet = n.status?.nodeInfo?.kubeletVersion ?? '';
    const labels = Object.keys(n.metadata?.labels ?? {});
    const name = n.metadata?.name ?? '';
    if (/\+k3s\d*/.test(kubelet)) return { kind: 'k3s', because: msg('node {node} runs kubelet {kubelet}', { node: name, kubelet }) };
    if (/-eks-/.test(kubelet) || labels.some((l) => LABELS.eks.test(l))) return { kind: 'eks', because: msg('node {node} (kubelet {kubelet}, EKS labels)', { node: name, kubelet: kubelet || '?' }) };
    if (labels.some((l) => LABELS.aks.test(l)) || (n.spec?.providerID ?? '').startsWith('azure://')) return { kind: 'aks', because: msg('node {node} (AKS labels/providerID)', { node: name }) };
    if (/-gke\./.test(kubelet) || labels.some((l) => LABELS.gke.test(l))) return { kind: 'gke', because: msg('node {node} (kubelet {kubelet}, GKE labels)', { node: name, kubelet: kubelet || '?' }) };
  }
  return undefined;
}

/** The setup, from what the doctor already read: nodes, kube-system's kube-apiserver pods, CoreDNS ConfigMaps. */
export function detectSetup(state: DoctorState): Setup {
  const fromNodes = byNodes(state.nodes);
  if (fromNodes) return fromNodes;
  const config = state.coredns?.config ?? undefined;
  const flavor = dnsFlavor(config, state.coredns?.custom ?? undefined, false);
  if (flavor === 'k3s') return { kind: 'k3s', because: msg('ConfigMap kube-system/coredns has the NodeHosts key k3s writes') };
  if (flavor === 'aks') return { kind: 'aks', because: msg('CoreDNS imports kube-system/coredns-custom overrides (AKS)') };
  const apiServer = state.apiServerPods?.find((p) => p.metadata?.namespace === 'kube-system' || !p.metadata?.namespace);
  if (apiServer) return { kind: 'kubeadm', because: msg('static pod kube-system/{pod}', { pod: apiServer.metadata?.name ?? '' }) };
  if (state.apiServerPods && state.nodes.length)
    return { kind: 'binary', because: msg('no kube-apiserver pod in kube-system: the control plane runs outside the cluster (systemd units or another host)') };
  return { kind: 'unknown', because: msg('the control plane could not be identified') };
}

/** The setup as the explanations name it: "kubeadm (static pod kube-system/kube-apiserver-cp1)". */
export function setupName(s: Setup): Message {
  const why = s.because;
  switch (s.kind) {
    case 'kubeadm':
      return msg('kubeadm ({why})', { why });
    case 'k3s':
      return msg('k3s ({why})', { why });
    case 'eks':
      return msg('EKS ({why})', { why });
    case 'aks':
      return msg('AKS ({why})', { why });
    case 'gke':
      return msg('GKE ({why})', { why });
    case 'binary':
      return msg('a binary/systemd control plane ({why})', { why });
    default:
      return msg('an unidentified setup ({why})', { why });
  }
}

/** Flags in backticks, listed the reader's way (`a`, `b` / `a`、`b`). */
const code = (flags: string[]) => listJoin(flags.map((f) => `\`${f}\``));

/** Where kube-apiserver flags are set on this setup, as one or two sentences ending the "how to fix". */
export function apiServerFlagsWhere(s: Setup, flags: string[]): Message {
  const args = { setup: setupName(s), flags: code(flags) };
  switch (s.kind) {
    case 'kubeadm':
      return msg(
        'Detected {setup}: kube-apiserver is a static pod, so add {flags} to its command in /etc/kubernetes/manifests/kube-apiserver.yaml on every control-plane node (the kubelet restarts it when the file changes), and to `apiServer.extraArgs` of the kubeadm ClusterConfiguration (ConfigMap kube-system/kubeadm-config) so `kubeadm upgrade` keeps it.',
        args,
      );
    case 'k3s':
      return msg(
        'Detected {setup}: kube-apiserver runs inside the k3s server, so add {k3sArgs} to /etc/rancher/k3s/config.yaml (or `--kube-apiserver-arg={first}` on the k3s server command line) on every server node, then `systemctl restart k3s`.',
        { setup: args.setup, k3sArgs: listJoin(flags.map((x) => `\`kube-apiserver-arg: ["${x.replace(/^--/, '')}"]\``)), first: flags[0]?.replace(/^--/, '') ?? '' },
      );
    case 'eks':
      return msg(
        "Detected {setup}: the control plane is managed and its kube-apiserver flags cannot be set ({flags} included); EKS configures the aggregation layer itself, so the fix is on your side of it: the security groups must let the control plane reach metrics-server's pods on their port, and metrics-server must run from an unmodified release manifest or chart.",
        args,
      );
    case 'aks':
    case 'gke':
      return msg(
        'Detected {setup}: the control plane is managed and its kube-apiserver flags cannot be set ({flags} included); {platform} also installs and reconciles metrics-server itself, so a failing managed metrics-server is a support case, not a flag to change.',
        { ...args, platform: s.kind === 'aks' ? 'AKS' : 'GKE' },
      );
    case 'binary':
      return msg(
        'Detected {setup}: add {flags} to the ExecStart of the kube-apiserver unit (e.g. /etc/systemd/system/kube-apiserver.service or /usr/lib/systemd/system/kube-apiserver.service, or the file its EnvironmentFile= names) on every control-plane host, then `systemctl daemon-reload && systemctl restart kube-apiserver`.',
        args,
      );
    default:
      return msg(
        "Where {flags} goes depends on the setup: kubeadm /etc/kubernetes/manifests/kube-apiserver.yaml; k3s `kube-apiserver-arg` in /etc/rancher/k3s/config.yaml; systemd the kube-apiserver unit's ExecStart; EKS, AKS and GKE do not let you set kube-apiserver flags.",
        { flags: args.flags },
      );
  }
}

/** Where `serverTLSBootstrap: true` (kubelet serving certificates from the cluster CA) is set on this setup. */
export function kubeletServingCertWhere(s: Setup): Message {
  const setup = setupName(s);
  switch (s.kind) {
    case 'kubeadm':
      return msg(
        'Detected {setup}: set `serverTLSBootstrap: true` in /var/lib/kubelet/config.yaml on each node and in ConfigMap kube-system/kubelet-config (kubeadm writes the file from it on join and upgrade), restart the kubelet, then approve the `kubernetes.io/kubelet-serving` CertificateSigningRequests (`kubectl get csr`, `kubectl certificate approve <name>`).',
        { setup },
      );
    case 'k3s':
      return msg(
        'Detected {setup}: pass `kubelet-arg: ["rotate-server-certificates=true"]` (the flag form of serverTLSBootstrap) in /etc/rancher/k3s/config.yaml of every node, restart k3s (k3s-agent on agents), then approve the `kubernetes.io/kubelet-serving` CertificateSigningRequests (`kubectl get csr`, `kubectl certificate approve <name>`).',
        { setup },
      );
    case 'eks':
      return msg(
        "Detected {setup}: set `serverTLSBootstrap: true` in the nodes' kubelet configuration through their bootstrap (launch template user data), then approve the `kubernetes.io/kubelet-serving` CertificateSigningRequests (`kubectl get csr`, `kubectl certificate approve <name>`).",
        { setup },
      );
    case 'aks':
    case 'gke':
      return msg(
        "Detected {setup}: the nodes' kubelet configuration is managed by the platform; with its managed metrics-server this error should not occur, so compare the metrics-server in use with the managed one.",
        { setup },
      );
    case 'binary':
      return msg(
        "Detected {setup}: set `serverTLSBootstrap: true` in the file the kubelet unit's `--config` names (often /var/lib/kubelet/config.yaml), `systemctl restart kubelet`, then approve the `kubernetes.io/kubelet-serving` CertificateSigningRequests (`kubectl get csr`, `kubectl certificate approve <name>`).",
        { setup },
      );
    default:
      return msg(
        'Set `serverTLSBootstrap: true` in each kubelet\'s configuration file (kubeadm: /var/lib/kubelet/config.yaml and ConfigMap kube-system/kubelet-config; k3s: `kubelet-arg: ["rotate-server-certificates=true"]`), restart the kubelets, then approve the `kubernetes.io/kubelet-serving` CertificateSigningRequests (`kubectl get csr`, `kubectl certificate approve <name>`).',
      );
  }
}

/** Who owns metrics-server's objects on this setup: where its flags and RBAC are changed so they stay changed. */
export function metricsServerWhere(s: Setup): Message {
  const setup = setupName(s);
  switch (s.kind) {
    case 'k3s':
      return msg(
        'Detected {setup}: k3s deploys metrics-server from /var/lib/rancher/k3s/server/manifests/metrics-server/ and re-applies those files when it starts, so change them there (or start k3s with `--disable=metrics-server` and install your own).',
        { setup },
      );
    case 'aks':
    case 'gke':
      return msg('Detected {setup}: metrics-server is a managed add-on that the platform reconciles, so edits to its Deployment or ClusterRole are reverted.', { setup });
    case 'eks':
      return msg(
        'Detected {setup}: metrics-server is yours to install (release manifest, Helm chart or EKS add-on); change it where it was installed from (`helm upgrade` values, the add-on configuration or the manifest) so a re-install keeps the change.',
        { setup },
      );
    default:
      return msg('Detected {setup}: change metrics-server where it was installed from (the manifest you applied, or Helm values) so a re-install keeps the change.', { setup });
  }
}

/** Who installs metrics-server on this setup, for a cluster without the metrics API: the next step where it is missing ('' when unknown). */
export function metricsServerInstallWhere(s: Setup): Message | '' {
  const setup = setupName(s);
  switch (s.kind) {
    case 'k3s':
      return msg(
        'Detected {setup}: k3s installs metrics-server itself unless its server runs with `--disable=metrics-server` (or `disable: [metrics-server]` in /etc/rancher/k3s/config.yaml): drop that option and restart k3s on the server nodes, or install metrics-server yourself.',
        { setup },
      );
    case 'aks':
    case 'gke':
      return msg(
        'Detected {setup}: {platform} installs and reconciles metrics-server as part of the platform, so a missing metrics API means its managed add-on was removed or is failing: check kube-system for it before installing another one beside it.',
        { setup, platform: s.kind === 'aks' ? 'AKS' : 'GKE' },
      );
    case 'eks':
      return msg('Detected {setup}: EKS does not install metrics-server by itself: install it (release manifest, Helm chart or the EKS add-on).', { setup });
    case 'kubeadm':
    case 'binary':
      return msg('Detected {setup}: neither kubeadm nor a hand-built control plane installs metrics-server: apply its release manifest (the repair does) or its Helm chart.', { setup });
    default:
      return '';
  }
}
