// Workloads and scale targets on the API versions Kubernetes 1.16 stopped serving (extensions/v1beta1, apps/v1beta1,
// apps/v1beta2), and their conversion to apps/v1: the one table the removed-API rules and the HPA conversion read.
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { insertEntries, replaceScalar, yamlScalarText, type EntryTree } from '../manifest/edit';
import { mapAt, type ManifestDoc } from '../manifest/model';
import type { Fix, TextEdit } from '../text/edits';
import { losesTemplate } from './text';
import { msg, render } from '../l10n';

/** The workload kinds apps/v1 serves, with the removed versions that served them (kubernetes CHANGELOG-1.16.md, "Deprecations and Removals"). */
export const REMOVED_WORKLOAD_APIS: Record<string, readonly string[]> = {
  Deployment: ['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'],
  DaemonSet: ['extensions/v1beta1', 'apps/v1beta2'],
  ReplicaSet: ['extensions/v1beta1', 'apps/v1beta2'],
  StatefulSet: ['apps/v1beta1', 'apps/v1beta2'],
};

/** The release that stopped serving them; apps/v1 is served from 1.9. */
export const WORKLOAD_APIS_REMOVED_IN = '1.16';

/** Whether `apiVersion` is a removed version of `kind` (one the table names). */
export function isRemovedWorkloadApi(apiVersion: string | undefined, kind: string | undefined): boolean {
  return !!apiVersion && !!kind && (REMOVED_WORKLOAD_APIS[kind]?.includes(apiVersion) ?? false);
}

/**
 * Whether the HPA controller can no longer find a scale target of this apiVersion on a 1.16+ server. It resolves the
 * target by API group and kind (kubernetes pkg/controller/podautoscaler/horizontal.go: ParseGroupVersion, then
 * RESTMappings(GroupKind)), so `apps/v1beta1` still resolves through apps/v1 while the `extensions` group fails with
 * `no matches for kind "Deployment" in group "extensions"`.
 */
export function isUnresolvableScaleTarget(apiVersion: string | undefined, kind: string | undefined): boolean {
  return !!apiVersion && !!kind && apiVersion.split('/')[0] === 'extensions' && kind in REMOVED_WORKLOAD_APIS;
}

/** The edit pointing a `scaleTargetRef` of a removed workload API at apps/v1, or undefined when it needs none. */
export function scaleTargetRefEdit(doc: ManifestDoc): TextEdit | undefined {
  const ref = mapAt(doc.root, ['spec', 'scaleTargetRef']);
  const node = ref?.get('apiVersion', true);
  const kind = ref?.get('kind');
  if (!isScalar(node) || typeof node.value !== 'string' || typeof kind !== 'string') return undefined;
  const group = node.value.split('/')[0];
  if (!(kind in REMOVED_WORKLOAD_APIS) || (group !== 'extensions' && !isRemovedWorkloadApi(node.value, kind))) return undefined;
  return replaceScalar(doc.file, node, 'apps/v1');
}

/**
 * The conversion of a workload on a removed API to apps/v1. apps/v1 requires `spec.selector`; extensions/v1beta1
 * and apps/v1beta1 defaulted it to the pod template's labels (pkg/apis/extensions/v1beta1/defaults.go in
 * Kubernetes ≤ 1.15), so a missing selector is written from those labels, and the fix is then for review: apps/v1
 * also defaults other fields differently (see docs/rules/workload-removed-api.md). Undefined when it cannot be
 * written exactly (templated spans, no template labels).
 */
export function workloadToAppsV1(doc: ManifestDoc): Fix | undefined {
  const node = doc.root?.get('apiVersion', true);
  if (!isScalar(node) || !isRemovedWorkloadApi(doc.apiVersion, doc.kind)) return undefined;
  const rename = replaceScalar(doc.file, node, 'apps/v1');
  if (!rename) return undefined;
  const edits: TextEdit[] = [rename];
  const spec = mapAt(doc.root, ['spec']);
  const notes: string[] = [];
  if (spec && !spec.has('selector')) {
    const labels = mapAt(spec, ['template', 'metadata', 'labels']);
    const entries = labelEntries(labels);
    if (!entries) return undefined;
    const inserted = insertEntries(doc.file, spec, { selector: { matchLabels: entries } });
    if (!inserted) return undefined;
    edits.push(...inserted);
    notes.push(
      render(msg("spec.selector written from the pod template's labels, as {apiVersion} defaulted it; apps/v1 cannot change it after creation", { apiVersion: String(doc.apiVersion) }), 'en'),
    );
  }
  if (edits.some((e) => losesTemplate(doc.file, e))) return undefined;
  const title = notes.length ? msg('Convert to {target} (selector from the template labels)', { target: 'apps/v1' }) : msg('Convert to {target}', { target: 'apps/v1' });
  return { title, edits, safety: 'review', why: msg('apps/v1 defaults some fields differently (update strategy, revision history)'), notes };
}

function labelEntries(labels: YAMLMap | undefined): EntryTree | undefined {
  if (!labels || !isMap(labels) || labels.items.length === 0) return undefined;
  const out: EntryTree = {};
  for (const p of labels.items) {
    if (!isScalar(p.key) || !isScalar(p.value)) return undefined;
    out[String(p.key.value)] = yamlScalarText(String(p.value.value));
  }
  return out;
}
