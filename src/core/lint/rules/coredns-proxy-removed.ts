// The CoreDNS `proxy` plugin was removed in CoreDNS 1.5.0; `forward` replaces it. An error where the target release's
// CoreDNS has no `proxy`, an upgrade warning where it still has it (kubeadm 1.12 installs CoreDNS 1.2.2).
import { compareMinor } from '../../k8s/versions';
import { embeddedCorefiles, embeddedDirectives, embeddedEditToSource, embeddedRange } from '../../k8s/corefile';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import type { Fix } from '../../text/edits';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

/** Block options that mean the same under `forward`; any other option blocks the rename. */
const SHARED_OPTIONS = ['except'];
/** Upstreams `forward` accepts as written: an address with optional port, or a resolv.conf-style file. */
const PLAIN_UPSTREAM = /^(dns:\/\/)?([0-9.]+|\[?[0-9a-fA-F:]+\]?)(:\d+)?$|^\//;

/**
 * The CoreDNS kubeadm installs, by Kubernetes minor (kubernetes cmd/kubeadm/app/constants/constants.go, CoreDNSVersion
 * at each release): every release up to 1.15 installs one with `proxy`, 1.16 the first without it (1.6.2).
 */
const KUBEADM_COREDNS: Record<string, string> = { '1.11': '1.1.3', '1.12': '1.2.2', '1.13': '1.2.6', '1.14': '1.3.1', '1.15': '1.3.1', '1.16': '1.6.2' };
const FIRST_WITHOUT_PROXY = '1.16';

/** What the target's CoreDNS does with `proxy`: undefined when it fails to load, else the CoreDNS version that still loads it. */
function corednsWithProxy(kubernetesVersion: string): string | undefined {
  if (compareMinor(kubernetesVersion, FIRST_WITHOUT_PROXY) >= 0) return undefined;
  const minor = Object.keys(KUBEADM_COREDNS).find((v) => compareMinor(kubernetesVersion, v) === 0);
  return KUBEADM_COREDNS[minor ?? ''] ?? 'before 1.5.0';
}

export const corednsProxyRemoved: Rule = {
  id: 'coredns-proxy-removed',
  category: 'infra',
  severity: 'error',
  title: 'CoreDNS proxy plugin (removed in CoreDNS 1.5.0)',
  docs: [
    'The `proxy` plugin was deprecated in CoreDNS 1.4.0 and removed in 1.5.0: a Corefile that uses it fails to load, and CoreDNS does not start. Use `forward`.',
    'An error when the target Kubernetes release installs a CoreDNS without `proxy` (kubeadm: 1.16 and later, CoreDNS 1.6.2+); a warning before (kubeadm 1.12 installs CoreDNS 1.2.2, which loads it).',
    '',
    'The quick fix renames `proxy . /etc/resolv.conf` to `forward . /etc/resolv.conf` when the line has only upstream addresses (and at most an `except` option). Options only `proxy` had (`policy`, `fail_timeout`, `health_check`, `protocol`, `spray`…) have no one-to-one `forward` equivalent: rewrite those by hand. `forward` is allowed once per server block, so several `proxy` lines in one block need merging by hand too.',
  ].join('\n'),
  tags: ['deprecated'],
  applies: (doc) => doc.kind === 'ConfigMap',
  check(doc, ctx) {
    const problems: Problem[] = [];
    const k8s = ctx.settings.kubernetesVersion;
    const stillLoads = corednsWithProxy(k8s);
    for (const core of embeddedCorefiles(doc)) {
      const found = embeddedDirectives(core, 'proxy') ?? [];
      for (const { directive: proxy, siblings } of found) {
        const options = (proxy.block?.directives ?? []).map((d) => d.name.text).filter((o) => !SHARED_OPTIONS.includes(o));
        const upstreams = proxy.args.slice(1).map((a) => a.text);
        const several = siblings.filter((d) => d.name.text === 'proxy' || d.name.text === 'forward').length > 1;
        const compatible = upstreams.length > 0 && upstreams.every((u) => PLAIN_UPSTREAM.test(u)) && options.length === 0 && !several;
        const edit = compatible ? embeddedEditToSource(core, { range: { start: proxy.name.start, end: proxy.name.end }, newText: 'forward' }) : undefined;
        const fixes: Fix[] = edit ? [{ title: msg('Replace proxy with forward'), edits: [{ uri: doc.file.uri, ...edit }], preferred: true, safety: 'safe' }] : [];
        const why = options.length
          ? msg('Its options ({options}) need rewriting by hand for forward.', { options: [...new Set(options)].join(', ') })
          : several
            ? msg('forward is allowed once per server block: merge these lines by hand.')
            : undefined;
        const removed = stillLoads
          ? msg(
              'CoreDNS removed the proxy plugin in 1.5.0: the CoreDNS of Kubernetes {k8s} (kubeadm installs {coredns}) still loads this Corefile ({key}), the CoreDNS of Kubernetes {firstWithout}+ does not. Use forward before upgrading.',
              { k8s, coredns: stillLoads, key: core.key, firstWithout: FIRST_WITHOUT_PROXY },
            )
          : msg('CoreDNS removed the proxy plugin in 1.5.0: this Corefile ({key}) fails to load on the CoreDNS of Kubernetes {k8s}. Use forward.', { key: core.key, k8s });
        const message = why ? sentences(removed, why) : removed;
        problems.push({
          message,
          severity: stillLoads ? 'warning' : 'error',
          range: embeddedRange(core, proxy.name.start, proxy.name.end),
          fixes,
        });
      }
    }
    return problems;
  },
};
