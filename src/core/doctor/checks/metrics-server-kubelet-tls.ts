// metrics-server cannot verify the kubelets' serving certificates (x509 errors while scraping). The
// logs decide the repair: an IP-SAN error while connecting by IP means the address type (often a
// recent switch to InternalIP) meets certificates that carry only DNS names; "valid for X, not Y"
// names the address that would match; "unknown authority" means self-signed kubelet certificates.
import type * as k8s from '@kubernetes/client-node';
import type { RepairId } from '../repairs';
import type { DoctorState } from '../state';
import { addressTypes, capEvidence, DEFAULT_ADDRESS_TYPES, flagValue, metricsServerRef, type Check, type Draft } from '../checkKit';
import { plural } from '../../text/plural';
import { currentScrapeErrors, failingNodes, type ScrapeError } from '../scrapeErrors';

const SECURE_ALTERNATIVE =
  'The secure fix is kubelet serving certificates signed by the cluster CA: set `serverTLSBootstrap: true` in the kubelet configuration, approve the `kubernetes.io/kubelet-serving` CertificateSigningRequests (`kubectl get csr`, `kubectl certificate approve <name>`), and keep metrics-server verifying them (with `--kubelet-certificate-authority` when that CA is not the one in its ServiceAccount token). `--kubelet-insecure-tls` skips verification: acceptable for test clusters (kind, minikube, Docker Desktop) only.';

export const check: Check = {
  id: 'metrics-server-kubelet-tls',
  title: "metrics-server cannot verify the kubelets' serving certificates",
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
    const on = nodes.length ? ` on ${plural(nodes.length, 'node')}: ${nodes.join(', ')}` : '';
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
          message: `metrics-server connects to kubelets by IP, but their serving certificates have no IP SANs${on}`,
          explanation:
            `The logs say \`x509: cannot validate certificate for <IP> because it doesn't contain any IP SANs\`: metrics-server dials the kubelets by ${byIp ? `${first} (--kubelet-preferred-address-types=${types.value})` : 'an IP address'}, and the kubelets' serving certificates carry only DNS names. ` +
            (switched
              ? `The previous revision of the Deployment used --kubelet-preferred-address-types=${previous}: switching to ${first} is what caused this error (metrics-server#196). `
              : byIp
                ? 'This is what switching to InternalIP causes on clusters whose kubelet certificates have no IP SANs (metrics-server#196), so the address-type repair does not apply here. '
                : '') +
            'Connecting by Hostname would match the certificates only if node names resolve (CoreDNS hosts entries). ' +
            SECURE_ALTERNATIVE,
          repairs: ['metrics-server-skip-kubelet-tls-verify'],
        },
      ];
    }
    if (kinds.has('tls-wrong-name')) {
      const match = matchingAddressType(
        state,
        errors.filter((e) => e.kind === 'tls-wrong-name'),
      );
      const repairs: RepairId[] =
        match === 'InternalIP' && first !== 'InternalIP' ? ['metrics-server-address-types', 'metrics-server-skip-kubelet-tls-verify'] : ['metrics-server-skip-kubelet-tls-verify'];
      return [
        {
          ...base,
          message: `The kubelets' serving certificates do not cover the address metrics-server connects to${on}`,
          explanation:
            `The logs say \`x509: certificate is valid for …, not …\`: metrics-server connects by the first address type that a node has in --kubelet-preferred-address-types=${types.value}, and that address is not in the certificate. ` +
            (match
              ? `The certificates are valid for the nodes' ${match} addresses, so putting ${match} first fixes it without turning verification off. `
              : "None of the nodes' addresses appears in the certificates. ") +
            SECURE_ALTERNATIVE,
          repairs,
        },
      ];
    }
    const unknown = kinds.has('tls-unknown-authority');
    return [
      {
        ...base,
        message: unknown
          ? `metrics-server does not trust the kubelets' serving certificates (x509: certificate signed by unknown authority)${on}`
          : `metrics-server cannot verify the kubelets' serving certificates${on}`,
        explanation:
          (unknown
            ? 'The kubelets serve self-signed certificates (the default without `serverTLSBootstrap`), which metrics-server cannot verify against the cluster CA, so every scrape fails and no node or pod metrics exist: `kubectl top` fails and CPU/memory HPAs show `<unknown>`. '
            : 'Scrapes fail on a certificate error (see the log lines), so no node or pod metrics exist. ') + SECURE_ALTERNATIVE,
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
