// The quick fixes that add `resources.requests` to containers lacking them: k8s/requests.ts finds which containers lack
// what; the lint layer turns that into Fixes: one with the values measured in the connected cluster (settings.liveRequests,
// when the extension sent some: a VPA target or observed usage, the title says which), and one with the settings'
// defaults, labelled a placeholder.
import { describeContainers, missingRequestsByContainer, type ContainerRef, type RequestGap } from '../k8s/requests';
import { insertEntries, type EntryTree } from '../manifest/edit';
import type { TextEdit } from '../text/edits';
import type { ManifestDoc } from '../manifest/model';
import { liveRequestKey, type LiveRequestValue } from '../k8s/requestSuggestion';
import { requestDefault, type Settings } from './settings';
import type { Fix } from '../text/edits';
import { msg, type Message } from '../l10n';
import { clauseJoin } from '../l10n/lists';

/**
 * A guessed fix adding `resources.requests` (values from settings.defaultRequests, when they are quantities: see
 * requestDefault) to the containers of one workload that `gaps` name, or only to `only`. Edits go to the workload's file.
 */
export function addRequestsFix(gaps: RequestGap[], settings: Settings, only?: ContainerRef): Fix | undefined {
  const edits: TextEdit[] = [];
  const fixed: ContainerRef[] = [];
  const values = new Map<string, string>();
  // By resource: each setting's problem once, however many containers use it.
  const problems = new Map<string, Message>();
  for (const { container, workload, resources } of missingRequestsByContainer(gaps, only)) {
    const requests: EntryTree = {};
    for (const r of resources) {
      if (r !== 'cpu' && r !== 'memory') continue;
      const { value, problem } = requestDefault(settings, r);
      if (value) {
        if (problem) problems.set(r, problem);
        requests[r] = value;
        values.set(r, value);
      }
    }
    if (Object.keys(requests).length === 0) continue;
    const e = insertEntries(workload.file, container.map, { resources: { requests } });
    if (!e) continue;
    edits.push(...e);
    fixed.push(container);
  }
  if (edits.length === 0) return undefined;
  const what = [...values].map(([r, v]) => `${r}: ${v}`).join(', ');
  const containers = describeContainers(fixed);
  const settingProblems = problems.size ? clauseJoin([...problems.values()]) : undefined;
  // The values come from settings, not from this container's usage: a person picks this fix, lint --fix never does.
  return {
    title: settingProblems
      ? msg('Add requests ({values}) to {containers} (a guess: a placeholder, not measured; measure with kube-scaling-doctor top pods; {problems})', {
          values: what,
          containers,
          problems: settingProblems,
        })
      : msg('Add requests ({values}) to {containers} (a guess: a placeholder, not measured; measure with kube-scaling-doctor top pods)', { values: what, containers }),
    edits,
    safety: 'guess',
    why: msg('{values} is a default, not what this workload uses: set requests from its measured usage (kube-scaling-doctor top pods)', { values: what }),
  };
}

/**
 * The measured value for one container's resource: by the workload's namespace when written, else the one namespace
 * where the cluster has this workload (manifests applied with `-n`), when only one has it.
 */
function liveValue(settings: Settings, workload: ManifestDoc, container: string, resource: 'cpu' | 'memory'): LiveRequestValue | undefined {
  const live = settings.liveRequests;
  if (!live || !workload.kind || !workload.name) return undefined;
  if (workload.namespaceExplicit) return live[liveRequestKey(workload.namespace, workload.kind, workload.name, container)]?.[resource];
  const suffix = `/${workload.kind}/${workload.name}/${container}`;
  const found = Object.keys(live).filter((k) => k.endsWith(suffix) && k.split('/').length === 4);
  return found.length === 1 ? live[found[0]][resource] : undefined;
}

/**
 * A fix adding the requests measured in the connected cluster (settings.liveRequests) to the containers `gaps` name that
 * have them; undefined when none has. A guess still (a person picks it, lint --fix never does), but one with a source.
 */
export function measuredRequestsFix(gaps: RequestGap[], settings: Settings, only?: ContainerRef): Fix | undefined {
  if (!settings.liveRequests) return undefined;
  const edits: TextEdit[] = [];
  const fixed: ContainerRef[] = [];
  const parts: string[] = [];
  const sources = new Set<string>();
  for (const { container, workload, resources } of missingRequestsByContainer(gaps, only)) {
    const requests: EntryTree = {};
    for (const r of resources) {
      if (r !== 'cpu' && r !== 'memory') continue;
      const v = liveValue(settings, workload, container.name, r);
      if (!v) continue;
      requests[r] = v.value;
      sources.add(`${r} ${v.value} = ${v.source}`);
    }
    const what = Object.entries(requests).map(([r, v]) => `${r}: ${v}`);
    if (what.length === 0) continue;
    const e = insertEntries(workload.file, container.map, { resources: { requests } });
    if (!e) continue;
    edits.push(...e);
    fixed.push(container);
    parts.push(`${JSON.stringify(container.name)} ${what.join(', ')}`);
  }
  if (edits.length === 0) return undefined;
  const what = fixed.length === 1 ? parts[0].slice(parts[0].indexOf(' ') + 1) : parts.join('; ');
  const from = [...sources].join('; ');
  return {
    title: msg('Add requests measured in the cluster ({values}) to {containers} (a guess from the cluster: {sources})', { values: what, containers: describeContainers(fixed), sources: from }),
    edits,
    safety: 'guess',
    why: msg("measured in the connected cluster ({sources}): check it covers the workload's busy hours before committing it", { sources: from }),
  };
}

/** The measured fix (when the cluster gave values), then the placeholder one: a finding's list of fixes. */
export function requestsFixes(gaps: RequestGap[], settings: Settings, only?: ContainerRef): Fix[] {
  return [measuredRequestsFix(gaps, settings, only), addRequestsFix(gaps, settings, only)].filter((f): f is Fix => !!f);
}
