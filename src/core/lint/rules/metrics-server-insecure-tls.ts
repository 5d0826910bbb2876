// metrics-server started with --kubelet-insecure-tls: kubelet serving certificates are not verified.
import { findFlag, isFlagOn, metricsServerContainers } from '../../k8s/metricsServer';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import { msg } from '../../l10n';

const FLAG = '--kubelet-insecure-tls';

export const metricsServerInsecureTls: Rule = {
  id: 'metrics-server-insecure-tls',
  category: 'infra',
  severity: 'hint',
  title: 'metrics-server skips kubelet certificate verification',
  tags: ['security'],
  docs: [
    "`--kubelet-insecure-tls` makes metrics-server accept any certificate from the kubelets it scrapes, so anyone who can answer on a node's port 10250 can feed it metrics (and the HPA decisions built on them).",
    '',
    '**Secure alternative:** have the kubelets serve certificates signed by the cluster CA — kubelet `serverTLSBootstrap: true`, approve the `kubernetes.io/kubelet-serving` CSRs (`kubectl certificate approve`) — then drop the flag, or point `--kubelet-certificate-authority` at the CA that signed the kubelet certificates.',
    '',
    'Keep the flag only on test clusters. Removing it without fixing the certificates breaks scraping (`x509: …` errors), so there is no automatic fix.',
  ].join('\n'),
  applies: (doc) => doc.kind === 'Deployment',
  check(doc) {
    const problems: Problem[] = [];
    for (const container of metricsServerContainers(doc)) {
      for (const use of findFlag(container, FLAG)) {
        if (!isFlagOn(use)) continue;
        problems.push({
          message: msg(
            'metrics-server runs with {flag}: kubelet serving certificates are not verified. Fine for a test cluster; in production sign kubelet serving certificates with the cluster CA (serverTLSBootstrap) and remove the flag.',
            { flag: FLAG },
          ),
          range: use.range,
        });
      }
    }
    return problems;
  },
};
