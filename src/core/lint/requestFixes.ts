// The quick fix that adds `resources.requests` to containers lacking them: k8s/requests.ts finds which
// containers lack what; the lint layer turns that into a Fix with the request values from the settings.
import { describeContainers, missingRequestsByContainer, type ContainerRef, type RequestGap } from '../k8s/requests';
import { insertEntries, type EntryTree } from '../manifest/edit';
import type { TextEdit } from '../text/edits';
import { requestDefault, type Settings } from './settings';
import type { Fix } from '../text/edits';

/** How a request fix's title marks its values as guesses. */
const GUESS_NOTE = 'a guess: measure with kube-scaling-doctor top pods';

/**
 * A guessed fix adding `resources.requests` (values from settings.defaultRequests, when they are quantities: see
 * requestDefault) to the containers of one workload that `gaps` name, or only to `only`. Edits go to the workload's file.
 */
export function addRequestsFix(gaps: RequestGap[], settings: Settings, only?: ContainerRef): Fix | undefined {
  const edits: TextEdit[] = [];
  const fixed: ContainerRef[] = [];
  const values = new Map<string, string>();
  const problems = new Set<string>();
  for (const { container, workload, resources } of missingRequestsByContainer(gaps, only)) {
    const requests: EntryTree = {};
    for (const r of resources) {
      if (r !== 'cpu' && r !== 'memory') continue;
      const { value, problem } = requestDefault(settings, r);
      if (value) {
        if (problem) problems.add(problem);
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
  const settingProblems = problems.size ? `; ${[...problems].join('; ')}` : '';
  // The values come from settings, not from this container's usage: a person picks this fix, lint --fix never does.
  return {
    title: `Add requests (${what}) to ${describeContainers(fixed)} (${GUESS_NOTE}${settingProblems})`,
    edits,
    safety: 'guess',
    why: `${what} is a default, not what this workload uses: set requests from its measured usage (kube-scaling-doctor top pods)`,
  };
}

/** addRequestsFix as a finding's list of fixes (empty when there is none). */
export function requestsFixes(gaps: RequestGap[], settings: Settings, only?: ContainerRef): Fix[] {
  const fix = addRequestsFix(gaps, settings, only);
  return fix ? [fix] : [];
}
