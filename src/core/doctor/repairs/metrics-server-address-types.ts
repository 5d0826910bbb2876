// metrics-server-address-types: make metrics-server connect to kubelets by InternalIP first
// (--kubelet-preferred-address-types), for node names cluster DNS cannot resolve. The flag mechanism is repairKit/metricsServerFlag.ts.
import { planMetricsServerFlag } from '../repairKit/metricsServerFlag';
import type { Repair } from '../repairKit/repair';
import { msg } from '../../l10n';

export const ADDRESS_TYPES = 'InternalIP,ExternalIP,Hostname';

export const repair: Repair = {
  id: 'metrics-server-address-types',
  offer: {
    title: msg('Make metrics-server connect to kubelets by InternalIP (--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname)'),
  },
  plan: (kc, finding, base) =>
    planMetricsServerFlag(
      kc,
      finding,
      {
        ...base,
        warnings: [
          msg(
            'Connecting by InternalIP needs kubelet serving certificates that carry the node IPs (IP SANs); if they only name the host, metrics-server will log "x509: cannot validate certificate … doesn\'t contain any IP SANs" instead. The verification step shows it.',
          ),
        ],
      },
      '--kubelet-preferred-address-types',
      ADDRESS_TYPES,
    ),
};
