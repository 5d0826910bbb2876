// Karpenter NodePools as manifests show them: their requirements, and the set of label values those requirements leave
// once Karpenter intersects them per key (sigs.k8s.io/karpenter pkg/scheduling/requirement.go, `Intersection`).
import { isMap, type YAMLMap, type YAMLSeq } from 'yaml';
import { group, version } from '../manifest/kinds';
import { mapAt, seqAt, stringAt, type ManifestDoc } from '../manifest/model';

/** A karpenter.sh NodePool of the v1 or v1beta1 API (the two share `spec.template`, `spec.limits` and `spec.disruption`). */
export function isNodePool(doc: ManifestDoc): boolean {
  return doc.kind === 'NodePool' && group(doc.apiVersion) === 'karpenter.sh' && ['v1', 'v1beta1'].includes(version(doc.apiVersion));
}

/** A karpenter.sh/v1 NodePool. */
export function isNodePoolV1(doc: ManifestDoc): boolean {
  return doc.kind === 'NodePool' && doc.apiVersion === 'karpenter.sh/v1';
}

export interface Requirement {
  key: string;
  operator: string;
  values: string[];
  node: YAMLMap;
}

/** The requirements list of a Provisioner (`spec.requirements`) or NodePool (`spec.template.spec.requirements`). */
export function requirementsSeq(doc: ManifestDoc): YAMLSeq | undefined {
  return doc.kind === 'Provisioner' ? seqAt(doc.root, ['spec', 'requirements']) : seqAt(doc.root, ['spec', 'template', 'spec', 'requirements']);
}

/** The requirements with a key and an operator, values as written (non-string values left out). */
export function readRequirements(seq: YAMLSeq | undefined): Requirement[] {
  const out: Requirement[] = [];
  for (const item of seq?.items ?? []) {
    if (!isMap(item)) continue;
    const key = stringAt(item, ['key']);
    const operator = stringAt(item, ['operator']);
    if (!key || !operator) continue;
    const values = (seqAt(item, ['values'])?.items ?? []).map((v) => stringAt(v, [])).filter((v): v is string => v !== undefined);
    out.push({ key, operator, values, node: item });
  }
  return out;
}

/** The labels of `spec.template.metadata.labels`, which Karpenter adds to the requirements as `In [value]`. */
export function templateLabels(doc: ManifestDoc): Map<string, { value: string; node: YAMLMap }> {
  const labels = mapAt(doc.root, ['spec', 'template', 'metadata', 'labels']);
  const out = new Map<string, { value: string; node: YAMLMap }>();
  for (const pair of labels?.items ?? []) {
    const key = stringAt(pair.key, []);
    const value = stringAt(pair.value, []);
    if (key !== undefined && value !== undefined) out.set(key, { value, node: labels! });
  }
  return out;
}

/** Deprecated label keys Karpenter reads as their stable names (pkg/apis/v1/labels.go `NormalizedLabels`). */
const NORMALIZED_KEYS: Record<string, string> = {
  'failure-domain.beta.kubernetes.io/zone': 'topology.kubernetes.io/zone',
  'beta.kubernetes.io/arch': 'kubernetes.io/arch',
  'beta.kubernetes.io/os': 'kubernetes.io/os',
  'beta.kubernetes.io/instance-type': 'node.kubernetes.io/instance-type',
  'failure-domain.beta.kubernetes.io/region': 'topology.kubernetes.io/region',
};

export const normalizedKey = (key: string) => NORMALIZED_KEYS[key] ?? key;

/**
 * Labels every node Karpenter launches carries, whatever the instance type (pkg/apis/v1/labels.go `WellKnownLabels`), and
 * the AWS provider's instance labels (`karpenter.k8s.aws/…`): a requirement on them that leaves no value excludes every instance type.
 */
export function isInstanceLabel(key: string): boolean {
  return (
    [
      'karpenter.sh/nodepool',
      'topology.kubernetes.io/zone',
      'topology.kubernetes.io/region',
      'node.kubernetes.io/instance-type',
      'kubernetes.io/arch',
      'kubernetes.io/os',
      'karpenter.sh/capacity-type',
      'node.kubernetes.io/windows-build',
    ].includes(key) || key.startsWith('karpenter.k8s.aws/')
  );
}

/**
 * The values a key may take, as Karpenter models a requirement: a set (`In`), or everything but a set (`NotIn`, `Exists`),
 * with integer bounds (`Gt n` is `≥ n+1`, `Lt n` is `≤ n-1`, `Gte`, `Lte`).
 */
export interface ValueSet {
  complement: boolean;
  values: Set<string>;
  gte?: number;
  lte?: number;
}

/** The value set of one requirement; undefined for an unknown operator or a bound that is not an integer (the schema rules report those). */
export function valueSetOf(operator: string, values: string[]): ValueSet | undefined {
  const bound = () => (values.length === 1 && /^-?\d+$/.test(values[0]) ? Number(values[0]) : undefined);
  switch (operator) {
    case 'In':
      return { complement: false, values: new Set(values) };
    case 'NotIn':
      return { complement: true, values: new Set(values) };
    case 'Exists':
      return { complement: true, values: new Set() };
    case 'DoesNotExist':
      return { complement: false, values: new Set() };
    case 'Gt':
    case 'Gte':
    case 'Lt':
    case 'Lte': {
      const n = bound();
      if (n === undefined) return undefined;
      const set: ValueSet = { complement: true, values: new Set() };
      if (operator === 'Gt') set.gte = n + 1;
      if (operator === 'Gte') set.gte = n;
      if (operator === 'Lt') set.lte = n - 1;
      if (operator === 'Lte') set.lte = n;
      return set;
    }
    default:
      return undefined;
  }
}

function withinBounds(value: string, gte: number | undefined, lte: number | undefined): boolean {
  if (gte === undefined && lte === undefined) return true;
  if (!/^-?\d+$/.test(value)) return false;
  const n = Number(value);
  return (gte === undefined || n >= gte) && (lte === undefined || n <= lte);
}

/** Karpenter's `Requirement.Intersection`: what both requirements on one key allow. */
export function intersect(a: ValueSet, b: ValueSet): ValueSet {
  const gte = a.gte === undefined ? b.gte : b.gte === undefined ? a.gte : Math.max(a.gte, b.gte);
  const lte = a.lte === undefined ? b.lte : b.lte === undefined ? a.lte : Math.min(a.lte, b.lte);
  if (gte !== undefined && lte !== undefined && gte > lte) return { complement: false, values: new Set() };
  const complement = a.complement && b.complement;
  let values: Set<string>;
  if (a.complement && b.complement) values = new Set([...a.values, ...b.values]);
  else if (a.complement) values = new Set([...b.values].filter((v) => !a.values.has(v)));
  else if (b.complement) values = new Set([...a.values].filter((v) => !b.values.has(v)));
  else values = new Set([...a.values].filter((v) => b.values.has(v)));
  for (const v of values) if (!withinBounds(v, gte, lte)) values.delete(v);
  return complement ? { complement, values, gte, lte } : { complement, values };
}

/** No value left: Karpenter's `DoesNotExist` (a node without the label). */
export const isEmptySet = (s: ValueSet) => !s.complement && s.values.size === 0;
