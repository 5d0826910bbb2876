// The doctor's reads of Karpenter: NodePools, NodeClaims, the NodeClasses the NodePools reference, the controller's
// Deployment and its leader Lease. A cluster that does not serve karpenter.sh/v1 (no CRDs) is "not installed", never
// an error; a refused read (403) is kept as the permission it lacks, for karpenter-unreadable, not as a problem line.
import type * as k8s from '@kubernetes/client-node';
import { httpStatus, serverMessage, type Activity } from '../cluster/problems';
import { msg, render, type Message } from '../l10n';
import type { NodeClaim, NodeClass, NodePool } from '../k8s/karpenterScheduling';
import type { Api } from './reads';
import type { Read } from './state';

/** The Lease Karpenter's leader holds (pkg/operator/options: --leader-election-name default). */
export const KARPENTER_LEASE = 'karpenter-leader-election';
/** The label Karpenter's chart sets on its Deployment (charts/karpenter/templates/_helpers.tpl selectorLabels). */
export const KARPENTER_SELECTOR = 'app.kubernetes.io/name=karpenter';
const MAX_NODECLASSES = 50;

export interface KarpenterForbidden {
  /** What was being read, e.g. "listing NodeClaims". */
  what: string;
  verb: string;
  resource: string;
  group: string;
  /** The API server's words. */
  message: string;
}

export interface KarpenterState {
  /** False: karpenter.sh/v1 NodePools are not served (no CRDs), so Karpenter is not installed. */
  installed: boolean;
  /** undefined: could not be read (forbidden lists why). */
  nodePools?: NodePool[];
  nodeClaims?: NodeClaim[];
  /** Keyed `group/Kind/name`; null: no such object (or its kind is not served); undefined: unreadable. */
  nodeClasses: Record<string, NodeClass | null | undefined>;
  /** Deployments labelled app.kubernetes.io/name=karpenter, in every namespace; undefined: unreadable. */
  controllers?: k8s.V1Deployment[];
  /** Leases named karpenter-leader-election; undefined: unreadable. */
  leases?: k8s.V1Lease[];
  forbidden: KarpenterForbidden[];
}

type Reading = <T>(what: Activity, fn: () => Promise<T>) => Promise<Read<T>>;

/** `group/Kind/name` of a NodePool's nodeClassRef. */
export const nodeClassKey = (ref: { group?: string; kind?: string; name?: string } | undefined) => `${ref?.group ?? ''}/${ref?.kind ?? ''}/${ref?.name ?? ''}`;

/** Kubebuilder's plural of a kind (the NodeClass CRDs: kwoknodeclasses, ec2nodeclasses, aksnodeclasses). */
const pluralOf = (kind: string) => {
  const k = kind.toLowerCase();
  return /(s|x|z|ch|sh)$/.test(k) ? `${k}es` : k.endsWith('y') ? `${k.slice(0, -1)}ies` : `${k}s`;
};

export async function readKarpenter(read: Reading, api: Api): Promise<KarpenterState> {
  // Refused reads in the order they were asked (the reads run at once and finish in any order): one stable message.
  const refused: { at: number; entry: KarpenterForbidden }[] = [];
  let asked = 0;
  const forbidden = () => refused.sort((a, b) => a.at - b.at).map((r) => r.entry);
  /** One read: a 403 goes to `forbidden`, a 404 is null, anything else is recorded as a problem by `read`. */
  const get = async <T>(what: Message, perm: { verb: string; resource: string; group: string }, fn: () => Promise<T>): Promise<T | null | undefined> => {
    const at = asked++;
    try {
      return await fn();
    } catch (err) {
      const status = httpStatus(err);
      if (status === 404) return null;
      if (status === 403) {
        refused.push({
          at,
          entry: { what: render(what, 'en') /* the finding's evidence, quoted with the server's English */, ...perm, message: serverMessage(err) ?? (err as Error)?.message ?? String(err) },
        });
        return undefined;
      }
      await read(what, () => Promise.reject(err));
      return undefined;
    }
  };
  const k = '/apis/karpenter.sh/v1';
  const nodePools = await get(msg('listing NodePools'), { verb: 'list', resource: 'nodepools', group: 'karpenter.sh' }, () => api.list<NodePool>(`${k}/nodepools`));
  if (nodePools === null) return { installed: false, nodeClasses: {}, forbidden: forbidden() };
  // RBAC refuses a list before the API server knows the resource, so a 403 does not say Karpenter is installed. The
  // group's discovery, which every authenticated user may read (system:discovery), does: not served is not installed.
  if (nodePools === undefined && refused.length > 0) {
    try {
      await api.preferredVersion('karpenter.sh');
    } catch (err) {
      if (httpStatus(err) === 404) return { installed: false, nodeClasses: {}, forbidden: [] };
    }
  }
  const [nodeClaims, controllers, leases] = await Promise.all([
    get(msg('listing NodeClaims'), { verb: 'list', resource: 'nodeclaims', group: 'karpenter.sh' }, () => api.list<NodeClaim>(`${k}/nodeclaims`)),
    get(msg('listing the Karpenter controller Deployments'), { verb: 'list', resource: 'deployments', group: 'apps' }, () =>
      api.list<k8s.V1Deployment>('/apis/apps/v1/deployments', { labelSelector: KARPENTER_SELECTOR }),
    ),
    get(msg('listing Karpenter leader Leases'), { verb: 'list', resource: 'leases', group: 'coordination.k8s.io' }, () =>
      api.list<k8s.V1Lease>('/apis/coordination.k8s.io/v1/leases', { fieldSelector: `metadata.name=${KARPENTER_LEASE}` }),
    ),
  ]);
  const nodeClasses: KarpenterState['nodeClasses'] = {};
  const refs = new Map((nodePools?.items ?? []).map((np) => [nodeClassKey(np.spec?.template?.spec?.nodeClassRef), np.spec?.template?.spec?.nodeClassRef]));
  const versions = new Map<string, Promise<string | null | undefined>>();
  const versionOf = (group: string) => {
    if (!versions.has(group))
      versions.set(
        group,
        get(msg('reading API group {group}', { group }), { verb: 'get', resource: group, group }, () => api.preferredVersion(group).then((v) => ({ version: v }))).then((g) =>
          g ? (g.version ?? null) : g,
        ),
      );
    return versions.get(group)!;
  };
  await Promise.all(
    [...refs]
      .slice(0, MAX_NODECLASSES)
      .filter(([, ref]) => ref?.group && ref.kind && ref.name)
      .map(async ([key, ref]) => {
        const version = await versionOf(ref!.group!);
        if (!version) {
          nodeClasses[key] = version === undefined ? undefined : null;
          return;
        }
        const plural = pluralOf(ref!.kind!);
        nodeClasses[key] = await get(msg('reading {kind} {name}', { kind: ref!.kind!, name: ref!.name! }), { verb: 'get', resource: plural, group: ref!.group! }, () =>
          api.object<NodeClass>(`/apis/${encodeURIComponent(ref!.group!)}/${encodeURIComponent(version)}/${plural}/${encodeURIComponent(ref!.name!)}`),
        );
      }),
  );
  return {
    installed: true,
    nodePools: nodePools?.items,
    nodeClaims: nodeClaims?.items ?? undefined,
    nodeClasses,
    controllers: controllers?.items ?? undefined,
    leases: leases?.items ?? undefined,
    forbidden: forbidden(),
  };
}
