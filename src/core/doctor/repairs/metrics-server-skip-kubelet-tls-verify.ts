// metrics-server-skip-kubelet-tls-verify: set --kubelet-insecure-tls on metrics-server (insecure, warned
// first). Was the repair id `metrics-server-insecure-tls`, renamed apart from the lint rule that warns against the flag.
import { planMetricsServerFlag } from '../repairKit/metricsServerFlag';
import type { Repair } from '../repairKit/repair';
import { msg } from '../../l10n';

const WARNING = msg(
  "--kubelet-insecure-tls makes metrics-server skip verifying the kubelets' serving certificates, so anything that can impersonate a node's address can feed it false metrics. Use it for test clusters only. The secure alternative: have kubelets get serving certificates signed by the cluster CA (kubelet config `serverTLSBootstrap: true`, then approve the `kubernetes.io/kubelet-serving` CSRs, e.g. `kubectl certificate approve <csr>`), and keep TLS verification on.",
);

export const repair: Repair = {
  id: 'metrics-server-skip-kubelet-tls-verify',
  offer: {
    title: msg('Make metrics-server skip kubelet certificate verification (--kubelet-insecure-tls)'),
    insecure: true,
    warning: WARNING,
  },
  plan: (kc, finding, base) => planMetricsServerFlag(kc, finding, { ...base, warnings: [WARNING] }, '--kubelet-insecure-tls'),
};
