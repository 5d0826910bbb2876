// metrics-server cannot resolve node names (`lookup <node>: no such host`): it connects by Hostname
// (or InternalDNS) and cluster DNS has no records for nodes. Two repairs: connect by InternalIP (the
// address-type fix), or add the node names to CoreDNS. The first is preferred when nodes have
// InternalIPs; if the kubelets' certificates then lack IP SANs, the TLS diagnosis takes over.
import { detectSetup, metricsServerWhere } from '../setup';
import type { RepairId } from '../repairs';
import { addressTypes, capEvidence, metricsServerRef, type Check } from '../checkKit';
import { currentScrapeErrors, failingNodes } from '../scrapeErrors';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';
import { nodeCount } from '../findingText';

export const check: Check = {
  id: 'metrics-server-node-dns',
  title: msg('metrics-server cannot resolve node names'),
  run(state) {
    const errors = currentScrapeErrors(state).filter((e) => e.kind === 'dns');
    if (!errors.length) return [];
    const nodes = failingNodes(errors);
    const names = [...new Set(errors.map((e) => e.address).filter(Boolean))];
    const types = addressTypes(state);
    const firstType = types.value.split(',')[0]?.trim();
    const withInternalIp = state.nodes.filter((n) => n.status?.addresses?.some((a) => a.type === 'InternalIP')).length;
    const repairs: RepairId[] = [];
    if (firstType !== 'InternalIP' && (withInternalIp > 0 || state.nodes.length === 0)) repairs.push('metrics-server-address-types');
    repairs.push('coredns-node-hosts');
    const errorsSeen = [...new Set(errors.map((e) => e.detail))].join(', ');
    const byAddressTypes = repairs[0] === 'metrics-server-address-types';
    const preferred = types.explicit ? types.value : msg('{types} (its default)', { types: types.value });
    const here = firstType === 'Hostname' || firstType === 'InternalDNS' ? firstType : undefined;
    const shown = names.slice(0, 3).join(', ');
    return [
      {
        id: 'metrics-server-node-dns',
        severity: 'error',
        message: nodes.length
          ? msg('metrics-server cannot resolve node names ({count}: {nodes}): {errors}', { count: nodeCount(nodes.length), nodes: nodes.join(', '), errors: errorsSeen })
          : msg('metrics-server cannot resolve node names ({names}): {errors}', { names: names.join(', '), errors: errorsSeen }),
        object: metricsServerRef(state),
        evidence: capEvidence(
          errors.map((e) => e.line),
          { key: (l) => errors.find((e) => e.line === l)?.node ?? l },
        ),
        explanation: sentences(
          here
            ? names.length
              ? msg(
                  "metrics-server connects to each kubelet by the first address type in --kubelet-preferred-address-types={types} that the node has; here {first}, and the cluster's DNS has no record for node names ({names}), so every scrape fails and no metrics exist.",
                  { types: preferred, first: here, names: shown },
                )
              : msg(
                  "metrics-server connects to each kubelet by the first address type in --kubelet-preferred-address-types={types} that the node has; here {first}, and the cluster's DNS has no record for node names, so every scrape fails and no metrics exist.",
                  { types: preferred, first: here },
                )
            : names.length
              ? msg(
                  "metrics-server connects to each kubelet by the first address type in --kubelet-preferred-address-types={types} that the node has; and the cluster's DNS has no record for node names ({names}), so every scrape fails and no metrics exist.",
                  { types: preferred, names: shown },
                )
              : msg(
                  "metrics-server connects to each kubelet by the first address type in --kubelet-preferred-address-types={types} that the node has; and the cluster's DNS has no record for node names, so every scrape fails and no metrics exist.",
                  { types: preferred },
                ),
          byAddressTypes
            ? msg(
                "Connecting by InternalIP avoids DNS ({withInternalIp}/{total} nodes have an InternalIP). If the kubelets' serving certificates carry no IP SANs, that change brings `x509: cannot validate certificate for <IP> because it doesn't contain any IP SANs` instead: then add the node names to CoreDNS and keep Hostname, or fix the certificates.",
                { withInternalIp, total: state.nodes.length },
              )
            : msg('metrics-server already prefers InternalIP, so the failing nodes have none: add the node names to cluster DNS.'),
          msg(
            'The CoreDNS repair adds a `hosts` block (with `fallthrough`, so other names still resolve) mapping node names to their InternalIPs; on GKE (kube-dns) only the address-type fix applies.',
          ),
          byAddressTypes && metricsServerWhere(detectSetup(state)),
        ),
        repairs,
      },
    ];
  },
};
