// The Karpenter scenarios (scripts/cluster/scenarios/karpenter-*/): each needs the `karpenter` component (the real
// controller, KWOK provider), which switching to it starts. Their checks wait for what Karpenter itself shows: a
// NodeClaim's conditions, a NodePool's, and the events it writes on pods it cannot place.
// @ts-check

/**
 * @typedef {{kubectl: (args: string[], options?: {allowFail?: boolean, input?: string}) => {code: number, stdout: string, stderr: string}}} CheckContext
 */

/**
 * The items of `kubectl get <what> -o json` (an empty list when the kind is not served yet).
 * @param {CheckContext} ctx
 * @param {string[]} args
 * @returns {any[]}
 */
export function getItems(ctx, args) {
  const r = ctx.kubectl(['get', ...args, '-o', 'json'], { allowFail: true });
  if (r.code !== 0) return [];
  return JSON.parse(r.stdout).items ?? [];
}

/** @param {any} obj @param {string} type */
export function conditionOf(obj, type) {
  return (obj?.status?.conditions ?? []).find((/** @type {any} */ c) => c.type === type);
}

const isReadyNode = (/** @type {any} */ n) => conditionOf(n, 'Ready')?.status === 'True';

/**
 * NodeClaims of `nodePool` that are Ready, with their nodes Ready too.
 * @param {CheckContext} ctx
 * @param {string} nodePool
 */
export function readyNodeClaims(ctx, nodePool) {
  const claims = getItems(ctx, ['nodeclaims.karpenter.sh', '-l', `karpenter.sh/nodepool=${nodePool}`]).filter((c) => conditionOf(c, 'Ready')?.status === 'True');
  const nodes = new Map(getItems(ctx, ['nodes', '-l', `karpenter.sh/nodepool=${nodePool}`]).map((n) => [n.metadata.name, n]));
  return claims.filter((c) => isReadyNode(nodes.get(c.status?.nodeName)));
}

/**
 * Pods of `app` in `namespace` by phase.
 * @param {CheckContext} ctx
 * @param {string} namespace
 * @param {string} app
 */
export function podsByPhase(ctx, namespace, app) {
  /** @type {Record<string, any[]>} */
  const out = {};
  for (const p of getItems(ctx, ['pods', '-n', namespace, '-l', `app=${app}`])) {
    if (p.metadata.deletionTimestamp) continue;
    (out[p.status?.phase ?? 'Unknown'] ||= []).push(p);
  }
  return out;
}

/**
 * The events Karpenter wrote on pods of `namespace` (its recorder's source component is "karpenter").
 * @param {CheckContext} ctx
 * @param {string} namespace
 * @param {string} reason
 */
export function karpenterPodEvents(ctx, namespace, reason) {
  return getItems(ctx, ['events', '-n', namespace, '--field-selector', `involvedObject.kind=Pod,reason=${reason}`]).filter((e) => (e.source?.component ?? e.reportingComponent) === 'karpenter');
}

/**
 * Every pod of `app` Pending, and a Karpenter FailedScheduling event on them whose message matches `re`.
 * @param {string} namespace
 * @param {RegExp} re
 * @param {number} [pending] how many pods are Pending (the others Running)
 */
function pendingWithKarpenterEvent(namespace, re, pending = 2) {
  return {
    what: `${pending} pod(s) of ${namespace}/inflate Pending with a Karpenter FailedScheduling event matching ${re}`,
    timeoutMs: 120_000,
    test: async (/** @type {CheckContext} */ ctx) =>
      (podsByPhase(ctx, namespace, 'inflate').Pending ?? []).length === pending && karpenterPodEvents(ctx, namespace, 'FailedScheduling').some((e) => re.test(e.message ?? '')),
  };
}

/**
 * @param {string} nodePool
 * @param {number} count
 */
function nodeClaimsReady(nodePool, count) {
  return {
    what: `${count} NodeClaim(s) of NodePool ${nodePool} Ready, their nodes Ready`,
    timeoutMs: 180_000,
    test: async (/** @type {CheckContext} */ ctx) => readyNodeClaims(ctx, nodePool).length === count,
  };
}

/**
 * @param {string} namespace
 * @param {string} app
 * @param {number} count
 */
function podsRunning(namespace, app, count) {
  return {
    what: `${count} pod(s) of ${namespace}/${app} Running`,
    timeoutMs: 120_000,
    test: async (/** @type {CheckContext} */ ctx) => (podsByPhase(ctx, namespace, app).Running ?? []).length === count,
  };
}

/**
 * @param {string} nodePool
 * @param {string} reason
 */
function nodeClassNotReady(nodePool, reason) {
  return {
    what: `NodePool ${nodePool}: NodeClassReady=False reason ${reason}`,
    timeoutMs: 120_000,
    test: async (/** @type {CheckContext} */ ctx) => {
      const c = conditionOf(
        getItems(ctx, ['nodepools.karpenter.sh']).find((np) => np.metadata.name === nodePool),
        'NodeClassReady',
      );
      return c?.status === 'False' && c.reason === reason;
    },
  };
}

/**
 * Creates KWOKNodeClass `name` reporting Ready=False as operatorpkg's root condition does for a failing dependent (an
 * EC2NodeClass whose subnets do not resolve: Ready=False UnhealthyDependents "SubnetsReady=False"). The KWOK provider has
 * no NodeClass controller, and its CRD defaults status to Ready=True, so the status is written through the status
 * subresource, before any NodePool names the class (no NodeClaim can be launched in between).
 * @param {CheckContext} ctx
 * @param {string} name
 * @param {string} scenario
 */
function createUnreadyNodeClass(ctx, name, scenario) {
  const nodeClass = { apiVersion: 'karpenter.kwok.sh/v1alpha1', kind: 'KWOKNodeClass', metadata: { name, labels: { 'ksd.dev/scenario': scenario } } };
  const applied = ctx.kubectl(['apply', '-f', '-'], { input: JSON.stringify(nodeClass), allowFail: true });
  if (applied.code !== 0) throw new Error(`KWOKNodeClass ${name}: ${applied.stderr.trim()}`);
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const status = { conditions: [{ type: 'Ready', status: 'False', reason: 'UnhealthyDependents', message: 'SubnetsReady=False', lastTransitionTime: now, observedGeneration: 1 }] };
  const patched = ctx.kubectl(['patch', 'kwoknodeclasses.karpenter.kwok.sh', name, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })], { allowFail: true });
  if (patched.code !== 0) throw new Error(`KWOKNodeClass ${name}: cannot write its status: ${patched.stderr.trim()}`);
}

/** @param {Record<string, any>} metricsServer the variant of scenarios.mjs the scenarios run with */
export function karpenterScenarios(metricsServer) {
  const base = { metricsServer, components: ['karpenter'] };
  return {
    'karpenter-provision': {
      ...base,
      description: 'Real Karpenter (KWOK provider): pods selecting type=karpenter get a NodeClaim and a Ready node from NodePool default.',
      ready: [nodeClaimsReady('default', 1), podsRunning('karpenter-provision', 'inflate', 2)],
    },
    'karpenter-no-match': {
      ...base,
      description: "Article 004's nodeSelector type=karpenter, which no NodePool gives (the label was lost moving to v1): Pending, 'label \"type\" does not have known values'.",
      ready: [pendingWithKarpenterEvent('karpenter-no-match', /incompatible requirements, label "type" does not have known values/)],
    },
    'karpenter-limits': {
      ...base,
      description: 'NodePool capped (limits cpu 4) spent by its first node: one pod runs, the other Pending with "exceed limits".',
      ready: [
        nodeClaimsReady('capped', 1),
        podsRunning('karpenter-limits', 'inflate', 1),
        pendingWithKarpenterEvent('karpenter-limits', /exceed limits for nodepool/, 1),
        {
          // Karpenter's NodePool counter writes status.resources a moment after the node registers (what
          // `kubectl get nodepool` and the doctor read); on a loaded machine after the pod's event.
          what: 'NodePool capped counts its node in status.resources',
          timeoutMs: 60_000,
          test: async (/** @type {CheckContext} */ ctx) => getItems(ctx, ['nodepools.karpenter.sh']).find((np) => np.metadata.name === 'capped')?.status?.resources?.nodes === '1',
        },
      ],
    },
    'karpenter-taint': {
      ...base,
      description: 'The only NodePool (gpu) taints its nodes nvidia.com/gpu and the pods do not tolerate it: Pending, "did not tolerate".',
      ready: [pendingWithKarpenterEvent('karpenter-taint', /did not tolerate taint/)],
    },
    'karpenter-nodeclass-not-ready': {
      ...base,
      description: 'NodePools whose KWOKNodeClass is not Ready (unready) or missing (missing): Karpenter ignores them, the pods stay Pending.',
      prepare: (/** @type {CheckContext} */ ctx) => createUnreadyNodeClass(ctx, 'unready', 'karpenter-nodeclass-not-ready'),
      ready: [
        nodeClassNotReady('unready', 'UnhealthyDependents'),
        nodeClassNotReady('missing', 'NodeClassNotFound'),
        {
          what: '2 pods of karpenter-nodeclass-not-ready/inflate Pending, no NodeClaim',
          timeoutMs: 60_000,
          test: async (/** @type {CheckContext} */ ctx) =>
            (podsByPhase(ctx, 'karpenter-nodeclass-not-ready', 'inflate').Pending ?? []).length === 2 && getItems(ctx, ['nodeclaims.karpenter.sh']).length === 0,
        },
      ],
    },
    'karpenter-and-ca': {
      ...base,
      description: 'Nodes of a Cluster Autoscaler node group (EKS ng-general) run web; a Karpenter NodePool launches a node for inflate.',
      ready: [
        {
          what: '2 nodes of node group ng-general Ready',
          timeoutMs: 60_000,
          test: async (/** @type {CheckContext} */ ctx) => getItems(ctx, ['nodes', '-l', 'eks.amazonaws.com/nodegroup=ng-general']).filter(isReadyNode).length === 2,
        },
        nodeClaimsReady('default', 1),
        podsRunning('karpenter-and-ca', 'inflate', 1),
        podsRunning('karpenter-and-ca', 'web', 2),
      ],
    },
  };
}
