// metrics-server lacks a permission its ClusterRoles grant in the release manifest: the API server refuses its
// lists (`nodes is forbidden: User "system:serviceaccount:kube-system:metrics-server" cannot list resource "nodes"`),
// or the kubelets refuse its scrapes (`403 Forbidden`, subresource stats or metrics). The finding names the rule
// to restore and the ClusterRole that carries it in metrics-server's release manifest (manifests/base/rbac.yaml).
import { capEvidence, klogMessage, metricsServerContainer, metricsServerLines, metricsServerRef, type Check } from '../checkKit';
import { metricsServerWhere, detectSetup } from '../setup';
import type { DoctorState } from '../state';
import { msg, render, type Message } from '../../l10n';
import { clauseJoin, sentences } from '../../l10n/lists';

/** `<resource> is forbidden: User "system:serviceaccount:<ns>:<sa>" cannot <verb> resource "<resource>" in API group "<group>"`. */
// Structured klog (v0.6+) quotes the error in err="…", escaping its inner quotes: \" is accepted wherever " is.
const API_FORBIDDEN = /is forbidden: User \\?"(system:serviceaccount:[^"\\]+)\\?" cannot (\w+) resource \\?"([\w./]+)\\?"(?: in API group \\?"([^"\\]*)\\?")?/;
/** The kubelet's 403: v0.3–0.5 quote its body (`Forbidden (user=…, verb=get, resource=nodes, subresource=stats)`), v0.6+ only the status. */
const KUBELET_FORBIDDEN = /403 Forbidden/;
const SUBRESOURCE = /resource=nodes, subresource=(\w+)/;

/** Which ClusterRole of metrics-server's release manifest grants what. */
function ruleFor(resource: string, group: string | undefined, verb: string): Message {
  if (resource === 'subjectaccessreviews' || resource === 'tokenreviews')
    return msg('`create` on {resource}: ClusterRoleBinding metrics-server:system:auth-delegator to ClusterRole system:auth-delegator', {
      resource: `${resource}.${group || 'authorization.k8s.io'}`,
    });
  if (resource === 'configmaps')
    return msg('reading ConfigMap kube-system/extension-apiserver-authentication: RoleBinding kube-system/metrics-server-auth-reader to Role extension-apiserver-authentication-reader');
  return msg('`{verb}` (with get, list, watch) on {resource}: a rule of ClusterRole system:metrics-server (bound by ClusterRoleBinding system:metrics-server)', { verb, resource });
}

/** metrics-server's image tag as [minor] of v0.x, when the image names one. */
function imageMinor(state: DoctorState): number | undefined {
  const m = /metrics-server[^:]*:v?0\.(\d+)\./.exec(metricsServerContainer(state)?.image ?? '');
  return m ? Number(m[1]) : undefined;
}

export const check: Check = {
  id: 'metrics-server-rbac',
  title: msg('metrics-server is missing RBAC permissions (API server or kubelet 403)'),
  run(state) {
    const lines = metricsServerLines(state);
    const api = lines.map((l) => ({ l, m: API_FORBIDDEN.exec(l) })).filter((x) => x.m && x.m[3] !== 'configmaps');
    const kubelet = lines.filter((l) => KUBELET_FORBIDDEN.test(l) && /scrape|Kubelet|kubelet/.test(l));
    if (!api.length && !kubelet.length) return [];
    const user = api[0]?.m?.[1] ?? 'system:serviceaccount:kube-system:metrics-server';
    const needs: Message[] = [...new Map(api.map(({ m }) => ruleFor(m![3], m![4], m![2])).map((rule) => [render(rule, 'en'), rule])).values()];
    const anonymous = kubelet.some((l) => /user=system:anonymous/.test(l));
    if (anonymous)
      needs.push(
        msg(
          'the kubelets see metrics-server as system:anonymous: they do not check its token, so no RBAC rule can help. Enable token authentication and webhook authorization in each kubelet configuration (`authentication.webhook.enabled: true`, `authorization.mode: Webhook`, the flags `--authentication-token-webhook=true --authorization-mode=Webhook`)',
        ),
      );
    else if (kubelet.length) {
      const named = kubelet.map((l) => SUBRESOURCE.exec(l)?.[1]).find(Boolean);
      const minor = imageMinor(state);
      const sub = named ?? (minor !== undefined ? (minor >= 6 ? 'metrics' : 'stats') : 'metrics');
      const why = named
        ? msg('the kubelet names it')
        : minor !== undefined
          ? msg('metrics-server v0.{minor} reads {path}', { minor, path: minor >= 6 ? '/metrics/resource' : '/stats/summary' })
          : msg('metrics-server v0.6+ reads /metrics/resource');
      needs.push(
        msg('`get` on nodes/{subresource} ({why}): a rule of ClusterRole system:metrics-server; the kubelet asks the API server (SubjectAccessReview) whether {user} may `get` it', {
          subresource: sub,
          why,
          user,
        }),
      );
    }
    const refused = [...new Set(api.map(({ m }) => `${m![2]} ${m![3]}`))].join(', ');
    return [
      {
        id: 'metrics-server-rbac',
        severity: 'error',
        message: !kubelet.length
          ? msg("metrics-server's ServiceAccount is refused: {refused}", { refused })
          : refused
            ? msg("metrics-server's ServiceAccount is refused: {refused}, kubelet scrapes (403)", { refused })
            : msg("metrics-server's ServiceAccount is refused: kubelet scrapes (403)"),
        object: metricsServerRef(state),
        evidence: capEvidence([...api.map((x) => x.l), ...kubelet], { key: (l) => klogMessage(l).replace(/node="[^"]*"|\d{2}:\d{2}:\d{2}\.\d+/g, '') }),
        explanation: sentences(
          msg(
            "metrics-server runs as {user} and needs what its release manifest grants: `get`, `list` and `watch` on nodes and pods (it lists them to know what to scrape; older releases also list namespaces), `get` on nodes/metrics (v0.6+; nodes/stats for v0.5 and earlier) for the kubelets' endpoints, and the auth-delegator and auth-reader bindings.",
            { user },
          ),
          msg('Missing here: {rules}.', { rules: clauseJoin(needs) }),
          msg(
            'Without it metrics-server has no nodes or pods to scrape, or every scrape is refused, so no metrics exist and HPAs show <unknown>. Restore the rule (re-apply the ClusterRoles of the metrics-server release you run, or edit the one named above, e.g. the `resource-reader.yaml` of old metrics-server deploy folders), then check with `kubectl auth can-i list nodes --as={user}`.',
            { user },
          ),
          metricsServerWhere(detectSetup(state)),
        ),
        repairs: [],
      },
    ];
  },
};
