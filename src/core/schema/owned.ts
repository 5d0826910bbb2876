// Which documents the product owns, and so checks against a generated schema: every kind of autoscaling it reads
// (HPA, KEDA, Karpenter, VPA), and of the common kinds only the ones it is about: the metrics-server and
// Cluster Autoscaler Deployments and the CoreDNS ConfigMaps. Other Deployments and ConfigMaps are not ours to judge.
import { isMap, isSeq } from 'yaml';
import { metricsServerContainers } from '../k8s/metricsServer';
import { podSpecOf } from '../manifest/kinds';
import { stringAt, type ManifestDoc } from '../manifest/model';
import { hasSchema, loadSchema, type KindSchema } from './load';

const COREDNS_CONFIGMAPS = ['coredns', 'coredns-custom'];

/** Whether `doc` is one the schema check reads (cheap: reads no schema file). */
export function isOwnedDoc(doc: ManifestDoc): boolean {
  if (!doc.root || !hasSchema(doc.apiVersion, doc.kind)) return false;
  if (doc.kind === 'Deployment') return metricsServerContainers(doc).length > 0 || isClusterAutoscaler(doc);
  if (doc.kind === 'ConfigMap') return COREDNS_CONFIGMAPS.includes(stringAt(doc.root, ['metadata', 'name']) ?? '');
  return true;
}

/** The schema `doc` is checked against, or undefined when it is not one of ours. */
export function ownedSchema(doc: ManifestDoc): KindSchema | undefined {
  return isOwnedDoc(doc) ? loadSchema(doc.apiVersion, doc.kind) : undefined;
}

function isClusterAutoscaler(doc: ManifestDoc): boolean {
  const containers = podSpecOf(doc)?.get('containers', true);
  if (!isSeq(containers)) return false;
  return containers.items.some((c) => isMap(c) && ((stringAt(c, ['image']) ?? '').includes('cluster-autoscaler') || stringAt(c, ['name']) === 'cluster-autoscaler'));
}
