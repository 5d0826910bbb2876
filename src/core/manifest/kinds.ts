// What a document is: classification by apiVersion group and kind.
import type { YAMLMap } from 'yaml';
import { mapAt, type ManifestDoc } from './model';

export function group(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  const i = apiVersion.indexOf('/');
  return i === -1 ? '' : apiVersion.slice(0, i);
}

export function version(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  const i = apiVersion.indexOf('/');
  return i === -1 ? apiVersion : apiVersion.slice(i + 1);
}

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet', 'ReplicationController', 'Job', 'CronJob', 'Pod', 'Rollout'];
/** Workloads an HPA or ScaledObject can scale (they have a /scale subresource). */
export const SCALABLE_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Rollout'];

export const isHpa = (d: ManifestDoc) => d.kind === 'HorizontalPodAutoscaler' && group(d.apiVersion) === 'autoscaling';
export const isScaledObject = (d: ManifestDoc) => d.kind === 'ScaledObject' && group(d.apiVersion) === 'keda.sh';
export const isScaledJob = (d: ManifestDoc) => d.kind === 'ScaledJob' && group(d.apiVersion) === 'keda.sh';
export const isWorkload = (d: ManifestDoc) => !!d.kind && WORKLOAD_KINDS.includes(d.kind);
export const isLimitRange = (d: ManifestDoc) => d.kind === 'LimitRange' && d.apiVersion === 'v1';
export const isKarpenter = (d: ManifestDoc) =>
  ['karpenter.sh', 'karpenter.k8s.aws'].includes(group(d.apiVersion)) && ['Provisioner', 'AWSNodeTemplate', 'NodePool', 'EC2NodeClass', 'Machine', 'NodeClaim'].includes(d.kind ?? '');

/** The pod spec of a workload document, following each kind's template path. */
export function podSpecOf(d: ManifestDoc): YAMLMap | undefined {
  switch (d.kind) {
    case 'Pod':
      return mapAt(d.root, ['spec']);
    case 'CronJob':
      return mapAt(d.root, ['spec', 'jobTemplate', 'spec', 'template', 'spec']);
    default:
      return mapAt(d.root, ['spec', 'template', 'spec']);
  }
}

export function workloadKey(namespace: string, kind: string, name: string): string {
  return `${namespace}/${kind}/${name}`;
}
