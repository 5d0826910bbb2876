// metrics-server reaches no kubelet: dial timeouts, refused connections, deadlines while scraping.
// The network between metrics-server and the kubelet port is closed (firewall, security group,
// NetworkPolicy) or the address type points at an unroutable address. No repair is automatic.
import { detectSetup, metricsServerWhere } from '../setup';
import { addressTypes, capEvidence, klogMessage, metricsServerRef, type Check } from '../checkKit';
import { currentScrapeErrors, failingNodes } from '../scrapeErrors';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';
import { nodeCount } from '../findingText';

export const check: Check = {
  id: 'metrics-server-unreachable-kubelets',
  title: msg('metrics-server cannot reach the kubelets'),
  run(state) {
    const errors = currentScrapeErrors(state).filter((e) => e.kind === 'unreachable');
    if (!errors.length) return [];
    const nodes = failingNodes(errors);
    const addresses = [...new Set(errors.map((e) => e.address).filter(Boolean))];
    const refused = errors.some((e) => /connection refused/.test(e.line));
    const types = addressTypes(state);
    return [
      {
        id: 'metrics-server-unreachable-kubelets',
        severity: 'error',
        message: nodes.length
          ? refused
            ? msg('metrics-server cannot reach the kubelets of {count}: {nodes} (connection refused)', { count: nodeCount(nodes.length), nodes: nodes.join(', ') })
            : msg('metrics-server cannot reach the kubelets of {count}: {nodes} (timeout)', { count: nodeCount(nodes.length), nodes: nodes.join(', ') })
          : addresses.length
            ? refused
              ? msg('metrics-server cannot reach the kubelets of {addresses} (connection refused)', { addresses: addresses.join(', ') })
              : msg('metrics-server cannot reach the kubelets of {addresses} (timeout)', { addresses: addresses.join(', ') })
            : refused
              ? msg('metrics-server cannot reach the kubelets of its nodes (connection refused)')
              : msg('metrics-server cannot reach the kubelets of its nodes (timeout)'),
        object: metricsServerRef(state),
        evidence: capEvidence(
          errors.map((e) => e.line),
          { key: (l) => errors.find((e) => e.line === l)?.node ?? klogMessage(l) },
        ),
        explanation: sentences(
          msg(
            "metrics-server opens HTTPS connections to every node's kubelet (port from the node status with --kubelet-use-node-status-port, else --kubelet-port, default 10250) at the address chosen by --kubelet-preferred-address-types={types}.",
            { types: types.value },
          ),
          refused
            ? msg('Connections are refused: nothing listens on that address and port (wrong port, kubelet not serving, or an address of another interface).')
            : msg(
                'Connections time out: a firewall, cloud security group or NetworkPolicy drops traffic from the metrics-server pod to the kubelet port, or the chosen address is not routable from the pod network.',
              ),
          msg(
            'Open the kubelet port from the pod network to the nodes (on EKS/GKE: the node security group / firewall rule for 10250), check NetworkPolicies in the metrics-server namespace, or, when pod-to-node traffic cannot be opened, run metrics-server with `hostNetwork: true`.',
          ),
          metricsServerWhere(detectSetup(state)),
        ),
        repairs: [],
      },
    ];
  },
};
