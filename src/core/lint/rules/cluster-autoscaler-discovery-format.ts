// cluster-autoscaler-discovery-format: a `--node-group-auto-discovery` value Cluster Autoscaler cannot parse (it exits at
// start) or parses into tag keys no Auto Scaling group has (it discovers nothing).
import { CA_BOOLEAN_FLAGS, containersOf, discoverySpecProblem, isClusterAutoscalerContainer } from '../../k8s/clusterAutoscaler';
import { readFlags } from '../../k8s/metricsServer';
import { isWorkload } from '../../manifest/kinds';
import { isTemplatedValue } from '../../manifest/model';
import type { Rule } from '../rule';
import type { Problem } from '../types';

export const clusterAutoscalerDiscoveryFormat: Rule = {
  id: 'cluster-autoscaler-discovery-format',
  category: 'infra',
  severity: 'error',
  title: 'Cluster Autoscaler node-group auto-discovery in a form it cannot use',
  docs: [
    'Each `--node-group-auto-discovery` value is `<discoverer>:<parameters>`: `asg:tag=<tag key>,<tag key>` on AWS, `mig:namePrefix=<prefix>,min=<n>,max=<n>` on GCE,',
    "`label:<key>=<value>,…` on Azure. A value without a discoverer, with another provider's discoverer than `--cloud-provider`, with `tags=` or `tag:` for `tag=`,",
    'an unknown `mig:` key, min above max: Cluster Autoscaler fails to build its cloud provider and exits, so the pod crash-loops.',
    'An empty tag key (`,,`, a trailing comma) or spaces around a tag key parse, but no Auto Scaling group has such a tag: nothing is discovered (warning).',
  ].join('\n'),
  applies: (doc) => isWorkload(doc),
  check(doc) {
    const problems: Problem[] = [];
    for (const container of containersOf(doc)) {
      if (!isClusterAutoscalerContainer(container)) continue;
      const uses = readFlags(container, CA_BOOLEAN_FLAGS);
      const provider = uses.find((u) => u.flag === '--cloud-provider')?.value;
      for (const use of uses) {
        if (use.flag !== '--node-group-auto-discovery' || use.value === undefined || isTemplatedValue(use.value)) continue;
        const problem = discoverySpecProblem(use.value, provider && !isTemplatedValue(provider) ? provider : undefined);
        if (!problem) continue;
        problems.push({
          severity: problem.fatal ? 'error' : 'warning',
          message: problem.message,
          range: use.range,
        });
      }
    }
    return problems;
  },
};
