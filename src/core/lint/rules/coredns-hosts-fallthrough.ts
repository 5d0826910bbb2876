// A CoreDNS `hosts` block without `fallthrough`: every other name in its zones fails (SERVFAIL).
import { addFallthroughEdit, embeddedCorefiles, embeddedDirectives, embeddedEditToSource, embeddedRange, hasFallthrough, indentUnit } from '../../k8s/corefile';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import type { Fix } from '../../text/edits';
import { msg, type Message } from '../../l10n';

/** Four templates: the root zone or named zones, and k3s's NodeHosts (whose manifest k3s re-applies) or not. */
function withoutFallthrough(key: string, zones: string[], k3s: boolean): Message {
  if (zones.includes('.')) {
    return k3s
      ? msg(
          'CoreDNS hosts block without fallthrough in {key}: every name it does not list — cluster Services and external names included — fails (SERVFAIL) (k3s re-applies its CoreDNS manifest at startup: put customizations in the coredns-custom ConfigMap).',
          { key },
        )
      : msg('CoreDNS hosts block without fallthrough in {key}: every name it does not list — cluster Services and external names included — fails (SERVFAIL).', { key });
  }
  const names = zones.join(', ');
  return k3s
    ? msg(
        'CoreDNS hosts block without fallthrough in {key}: every other name in {zones} fails (SERVFAIL) (k3s re-applies its CoreDNS manifest at startup: put customizations in the coredns-custom ConfigMap).',
        { key, zones: names },
      )
    : msg('CoreDNS hosts block without fallthrough in {key}: every other name in {zones} fails (SERVFAIL).', { key, zones: names });
}

export const corednsHostsFallthrough: Rule = {
  id: 'coredns-hosts-fallthrough',
  category: 'infra',
  severity: 'error',
  title: 'CoreDNS hosts block without fallthrough',
  docs: [
    'The CoreDNS `hosts` plugin answers every query in its zones. Without `fallthrough`, a name it does not list fails with **SERVFAIL** (CoreDNS has no SOA to send NXDOMAIN with) instead of being passed on to `kubernetes` and `forward` — in the `.:53` server block that breaks Service names and all external names for the whole cluster.',
    '',
    'Add `fallthrough` as the last line of the `hosts` block (the quick fix does). Entries stay as they are.',
  ].join('\n'),
  applies: (doc) => doc.kind === 'ConfigMap',
  check(doc) {
    const problems: Problem[] = [];
    for (const core of embeddedCorefiles(doc)) {
      for (const { directive: hosts, zones: serverZones, siblings, baseIndent } of embeddedDirectives(core, 'hosts') ?? []) {
        if (hasFallthrough(hosts)) continue;
        const zones = hosts.args.length > 1 ? hosts.args.slice(1).map((a) => a.text) : serverZones;
        const k3s = !!hosts.args[0]?.text.endsWith('NodeHosts');
        const edit = addFallthroughEdit(core.text, hosts, indentUnit(siblings, baseIndent));
        const sourceEdit = edit && embeddedEditToSource(core, edit);
        const fixes: Fix[] = sourceEdit ? [{ title: msg('Add fallthrough to the hosts block'), edits: [{ uri: doc.file.uri, ...sourceEdit }], preferred: true, safety: 'safe' }] : [];
        problems.push({
          message: withoutFallthrough(core.key, zones, k3s),
          range: embeddedRange(core, hosts.name.start, hosts.name.end),
          fixes,
        });
      }
    }
    return problems;
  },
};
