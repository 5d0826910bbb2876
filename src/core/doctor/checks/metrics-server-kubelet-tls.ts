// metrics-server cannot verify the kubelets' serving certificates (x509 errors while scraping). The
// logs decide the repair: an IP-SAN error while connecting by IP means the address type (often a
// recent switch to InternalIP) meets certificates that carry only DNS names; "valid for X, not Y"
// names the address that would match; "unknown authority" means self-signed kubelet certificates.
import type * as k8s from '@kubernetes/client-node';
import type { RepairId } from '../repairs';
import type { DoctorState } from '../state';
import { addressTypes, capEvidence, DEFAULT_ADDRESS_TYPES, flagValue, metricsServerRef, type Check, type Draft } from '../checkKit';
import { currentScrapeErrors, failingNodes, type ScrapeError } from '../scrapeErrors';
import { detectSetup, kubeletServingCertWhere } from '../setup';
import { msg } from '../../l10n';
import { clauseJoin, sentences } from '../../l10n/lists';
import { nodeCount } from '../findingText';

const SECURE_ALTERNATIVE = msg(
  'The secure fix is kubelet serving certificates signed by the cluster CA: set `serverTLSBootstrap: true` in the kubelet configuration, approve the `kubernetes.io/kubelet-serving` CertificateSigningRequests (`kubectl get csr`, `kubectl certificate approve <name>`), and keep metrics-server verifying them (with `--kubelet-certificate-authority` when that CA is not the one in its ServiceAccount token). `--kubelet-insecure-tls` skips verification: acceptable for test clusters (kind, minikube, Docker Desktop) only.',
);

export const check: Check = {
  id: 'metrics-server-kubelet-tls',
  title: msg("metrics-server cannot verify the kubelets' serving certificates"),
  run(state) {
    const errors = currentScrapeErrors(state).filter((e) => e.kind.startsWith('tls-'));
    if (!errors.length) return [];
    const nodes = failingNodes(errors);
    const evidence = capEvidence(
      errors.map((e) => e.line),
      { key: (l) => keyOf(errors.find((e) => e.line === l)!) },
    );
    const base = {
      id: 'metrics-server-kubelet-tls' as const,
      severity: 'error' as const,
      object: metricsServerRef(state),
      evidence,
    };
    const count = nodeCount(nodes.length);
    const nodeList = nodes.join(', ');
    const kinds = new Set(errors.map((e) => e.kind));
    const types = addressTypes(state);
    const first = types.value.split(',')[0]?.trim();

    if (kinds.has('tls-ip-sans')) {
      const previous = previousAddressTypes(state);
      const switched = previous !== undefined && previous !== types.value;
      const byIp = first === 'InternalIP' || first === 'ExternalIP';
      return [
        {
          ...base,
          message: nodes.length
            ? msg('metrics-server connects to kubelets by IP, but their serving certificates have no IP SANs on {count}: {nodes}', { count, nodes: nodeList })
            : msg('metrics-server connects to kubelets by IP, but their serving certificates have no IP SANs'),
          explanation: sentences(
            byIp
              ? msg(
                  "The logs say `x509: cannot validate certificate for <IP> because it doesn't contain any IP SANs`: metrics-server dials the kubelets by {first} (--kubelet-preferred-address-types={types}), and the kubelets' serving certificates carry only DNS names.",
                  { first, types: types.value },
                )
              : msg(
                  "The logs say `x509: cannot validate certificate for <IP> because it doesn't contain any IP SANs`: metrics-server dials the kubelets by an IP address, and the kubelets' serving certificates carry only DNS names.",
                ),
            switched
              ? msg('The previous revision of the Deployment used --kubelet-preferred-address-types={previous}: switching to {first} is what caused this error (metrics-server#196).', {
                  previous,
                  first,
                })
              : byIp && msg('This is what switching to InternalIP causes on clusters whose kubelet certificates have no IP SANs (metrics-server#196), so the address-type repair does not apply here.'),
            msg('Connecting by Hostname would match the certificates only if node names resolve (CoreDNS hosts entries).'),
            SECURE_ALTERNATIVE,
            kubeletServingCertWhere(detectSetup(state)),
          ),
          repairs: ['metrics-server-skip-kubelet-tls-verify'],
        },
      ];
    }
    if (kinds.has('tls-wrong-name')) {
      const wrongName = errors.filter((e) => e.kind === 'tls-wrong-name');
      const borrowed = anotherNodesCertificate(state, wrongName);
      if (borrowed.length) return [{ ...base, ...borrowedCertificate(state, borrowed) }];
      const match = matchingAddressType(state, wrongName);
      const repairs: RepairId[] =
        match === 'InternalIP' && first !== 'InternalIP' ? ['metrics-server-address-types', 'metrics-server-skip-kubelet-tls-verify'] : ['metrics-server-skip-kubelet-tls-verify'];
      return [
        {
          ...base,
          message: nodes.length
            ? msg("The kubelets' serving certificates do not cover the address metrics-server connects to on {count}: {nodes}", { count, nodes: nodeList })
            : msg("The kubelets' serving certificates do not cover the address metrics-server connects to"),
          explanation: sentences(
            msg(
              'The logs say `x509: certificate is valid for …, not …`: metrics-server connects by the first address type that a node has in --kubelet-preferred-address-types={types}, and that address is not in the certificate.',
              { types: types.value },
            ),
            match
              ? msg("The certificates are valid for the nodes' {match} addresses, so putting {match} first fixes it without turning verification off.", { match })
              : msg("None of the nodes' addresses appears in the certificates."),
            SECURE_ALTERNATIVE,
            kubeletServingCertWhere(detectSetup(state)),
          ),
          repairs,
        },
      ];
    }
    const unknown = kinds.has('tls-unknown-authority');
    return [
      {
        ...base,
        message: unknown
          ? nodes.length
            ? msg("metrics-server does not trust the kubelets' serving certificates (x509: certificate signed by unknown authority) on {count}: {nodes}", { count, nodes: nodeList })
            : msg("metrics-server does not trust the kubelets' serving certificates (x509: certificate signed by unknown authority)")
          : nodes.length
            ? msg("metrics-server cannot verify the kubelets' serving certificates on {count}: {nodes}", { count, nodes: nodeList })
            : msg("metrics-server cannot verify the kubelets' serving certificates"),
        explanation: sentences(
          unknown
            ? msg(
                'The kubelets serve self-signed certificates (the default without `serverTLSBootstrap`), which metrics-server cannot verify against the cluster CA, so every scrape fails and no node or pod metrics exist: `kubectl top` fails and CPU/memory HPAs show `<unknown>`.',
              )
            : msg('Scrapes fail on a certificate error (see the log lines), so no node or pod metrics exist.'),
          SECURE_ALTERNATIVE,
          kubeletServingCertWhere(detectSetup(state)),
        ),
        repairs: ['metrics-server-skip-kubelet-tls-verify'],
      } satisfies Draft,
    ];
  },
};

function keyOf(e: ScrapeError): string {
  return `${e.kind}:${e.node ?? e.address ?? e.line}`;
}

/** --kubelet-preferred-address-types of the Deployment's previous revision, when it had one. */
function previousAddressTypes(state: DoctorState): string | undefined {
  const revision = (rs: k8s.V1ReplicaSet) => Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
  const sets = [...(state.metricsServer?.replicaSets ?? [])].sort((a, b) => revision(b) - revision(a));
  const prev = sets[1];
  if (!prev) return undefined;
  const containers = prev.spec?.template?.spec?.containers ?? [];
  const c = containers.find((x) => x.name === 'metrics-server') ?? containers[0];
  return flagValue(c, '--kubelet-preferred-address-types') ?? DEFAULT_ADDRESS_TYPES;
}

/** The node address type whose values the certificates are valid for ("valid for X, not Y"). */
function matchingAddressType(state: DoctorState, errors: ScrapeError[]): string | undefined {
  for (const e of errors) {
    const node = state.nodes.find((n) => n.metadata?.name === e.node);
    const hit = node?.status?.addresses?.find((a) => e.validFor?.includes(a.address));
    if (hit) return hit.type;
  }
  return undefined;
}

interface Borrowed {
  /** The node whose kubelet serves the certificate (from the log line, else by the address dialled). */
  node: string;
  address: string;
  /** The other node whose address the certificate names, and that address. */
  owner: string;
  ownerAddress: string;
}

/** "valid for 192.168.10.50, not 192.168.10.51" where .50 is another node's address: that node's certificate was copied. */
function anotherNodesCertificate(state: DoctorState, errors: ScrapeError[]): Borrowed[] {
  const out: Borrowed[] = [];
  for (const e of errors) {
    const dialled = e.address ?? '';
    const self = e.node ?? state.nodes.find((n) => n.status?.addresses?.some((a) => a.address === dialled))?.metadata?.name;
    for (const other of state.nodes) {
      const name = other.metadata?.name ?? '';
      if (name === self) continue;
      const hit = other.status?.addresses?.find((a) => e.validFor?.includes(a.address));
      if (hit) {
        out.push({ node: self ?? dialled, address: dialled, owner: name, ownerAddress: hit.address });
        break;
      }
    }
  }
  return out.filter((b, i) => out.findIndex((x) => x.node === b.node) === i);
}

function borrowedCertificate(state: DoctorState, borrowed: Borrowed[]): Pick<Draft, 'message' | 'explanation' | 'repairs'> {
  const first = borrowed[0];
  const list = clauseJoin(
    borrowed.map((b) => msg('{node} ({address}) serves the certificate of {owner} ({ownerAddress})', { node: b.node, address: b.address, owner: b.owner, ownerAddress: b.ownerAddress })),
  );
  const others = borrowed.length - 1;
  const where = { node: first.node, owner: first.owner };
  return {
    message:
      others === 0
        ? msg('The kubelet on {node} serves a certificate made for another node, {owner}', where)
        : others === 1
          ? msg('The kubelet on {node} serves a certificate made for another node, {owner} (and 1 more node)', where)
          : msg('The kubelet on {node} serves a certificate made for another node, {owner} (and {count} more nodes)', { ...where, count: others }),
    explanation: sentences(
      msg('The logs say `x509: certificate is valid for {ownerAddress}, not {address}`, and {ownerAddress} is the address of node {owner}: {list}.', {
        ownerAddress: first.ownerAddress,
        address: first.address,
        owner: first.owner,
        list,
      }),
      msg("That happens when a node was cloned from another (VM image or copied /var/lib/kubelet/pki with the kubelet's self-signed kubelet.crt/kubelet.key), so changing address types cannot help."),
      msg('Secure repair first: give each kubelet its own serving certificate signed by the cluster CA.'),
      kubeletServingCertWhere(detectSetup(state)),
      msg(
        'Until then, deleting the copied kubelet.crt and kubelet.key on {node} and restarting its kubelet makes it generate its own (still self-signed: metrics-server then reports unknown authority).',
        { node: first.node },
      ),
      msg('`--kubelet-insecure-tls` would hide the mismatch by skipping verification altogether: acceptable for test clusters only.'),
    ),
    repairs: ['metrics-server-skip-kubelet-tls-verify'],
  };
}
