// The root server block of a Corefile without `forward`, and `forward` targets that are placeholders or host names.
import {
  appendDirectiveEdit,
  embeddedCorefiles,
  embeddedDirectives,
  embeddedEditToSource,
  embeddedRange,
  indentUnit,
  isIpAddress,
  isRootServerBlock,
  parseCorefile,
  type CorefileToken,
} from '../../k8s/corefile';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import type { Fix } from '../../text/edits';
import { msg } from '../../l10n';

/** Plugins that resolve names outside the cluster's zones (`proxy` is reported by coredns-proxy-removed). */
const RESOLVERS = ['forward', 'proxy', 'grpc'];
/** What a forward target looks like when someone forgot to fill it in: `<UPSTREAM_DNS>`, `x.x.x.x`, `${DNS}`, `$DNS`, `UPSTREAM`. */
const PLACEHOLDER = /^<.*>$|\$\{|^\$[A-Za-z_]|^[xX](\.[xX]){3}|^[A-Z][A-Z0-9_]*$|^(your|my)[-_]|changeme|todo/i;

/** Why `forward` cannot load this target, or undefined when CoreDNS accepts it (an address, a file, a `{$ENV}` substitution). */
function badTarget(token: CorefileToken): 'placeholder' | 'host name' | undefined {
  const raw = token.text;
  if (/^\{\$[A-Za-z_][A-Za-z0-9_]*\}$/.test(raw)) return undefined;
  const host = raw.replace(/^(dns|tls|grpc|https|quic|unix):\/\//, '');
  if (raw.startsWith('unix://') || host.includes('/')) return undefined;
  const bare = host
    .replace(/^\[(.*)\](:\d+)?$/, '$1')
    .replace(/^([^:]+):\d+$/, '$1')
    .replace(/%.*$/, '');
  if (isIpAddress(bare)) return undefined;
  return PLACEHOLDER.test(raw) ? 'placeholder' : 'host name';
}

const shown = (s: string) => (s.length > 40 ? `${s.slice(0, 37)}...` : s);

export const corednsForwardUpstream: Rule = {
  id: 'coredns-forward-upstream',
  category: 'infra',
  severity: 'error',
  title: 'CoreDNS without a usable forward upstream',
  docs: [
    "CoreDNS's `.:53` server block resolves names outside the cluster's zones only through `forward` (or `grpc`). Without it, the `kubernetes` plugin hands every other name to a plugin that is not there and CoreDNS answers **SERVFAIL** (`no next plugin found`): pods stop resolving external names.",
    '',
    '`forward` takes IP addresses (optionally with a port or `tls://`), a resolv.conf-style file, or a `{$ENV}` substitution. A placeholder such as `<UPSTREAM_DNS>`, `x.x.x.x` or `${DNS}`, or a host name, fails to load (`not an IP address or file`): a CoreDNS pod starting with this Corefile exits, and a running one (with `reload`) keeps its old configuration.',
    '',
    "The quick fix for a missing `forward` adds `forward . /etc/resolv.conf` (the kubeadm default: the node's resolvers); it is a choice, so `lint --fix` does not apply it.",
  ].join('\n'),
  applies: (doc) => doc.kind === 'ConfigMap',
  check(doc) {
    const problems: Problem[] = [];
    for (const core of embeddedCorefiles(doc)) {
      for (const { directive } of embeddedDirectives(core, 'forward') ?? []) {
        for (const target of directive.args.slice(1)) {
          const bad = badTarget(target);
          if (!bad) continue;
          problems.push({
            message:
              bad === 'placeholder'
                ? msg(
                    'forward target {target} is a placeholder, not an upstream address: CoreDNS refuses this Corefile ({key}) with "not an IP address or file". Write the upstream\'s IP address (or /etc/resolv.conf).',
                    { target: shown(target.text), key: core.key },
                  )
                : msg(
                    'forward target {target} is a host name, not an upstream address: CoreDNS refuses this Corefile ({key}) with "not an IP address or file". Write the upstream\'s IP address (or /etc/resolv.conf).',
                    { target: shown(target.text), key: core.key },
                  ),
            range: embeddedRange(core, target.start, target.end),
          });
        }
      }
      if (core.key !== 'Corefile') continue;
      const parsed = parseCorefile(core.text);
      if (!parsed.ok) continue;
      for (const sb of parsed.value.serverBlocks) {
        if (!isRootServerBlock(sb) || sb.block.directives.some((d) => RESOLVERS.includes(d.name.text))) continue;
        const indent = sb.block.directives.find((d) => d.ownLine)?.indent ?? sb.indent + indentUnit(sb.block.directives, sb.indent);
        const edit = appendDirectiveEdit(core.text, sb.block, indent, 'forward . /etc/resolv.conf');
        const sourceEdit = edit && embeddedEditToSource(core, edit);
        const fixes: Fix[] = sourceEdit
          ? [
              {
                title: msg("Add forward . /etc/resolv.conf (a guess: the node's resolvers; check this is the upstream you want)"),
                edits: [{ uri: doc.file.uri, ...sourceEdit }],
                safety: 'guess',
                why: msg("the node's resolvers are a guess at the upstream you want"),
              },
            ]
          : [];
        const key = sb.keys.map((k) => k.text).join(' ');
        problems.push({
          message: msg("The {block} server block in {key} has no forward: names outside the cluster's zones get SERVFAIL (no next plugin found), so pods cannot resolve external names.", {
            block: key,
            key: core.key,
          }),
          range: embeddedRange(core, sb.keys[0].start, sb.keys[sb.keys.length - 1].end),
          fixes,
        });
      }
    }
    return problems;
  },
};
