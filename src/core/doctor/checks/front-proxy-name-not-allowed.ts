// metrics-server refuses the API server's proxied requests because the front-proxy client certificate's CN is not
// in --requestheader-allowed-names (`x509: subject with cn=… is not in the allowed list`, k8s.io/apiserver's
// request-header authenticator). Article 002 sets `--requestheader-allowed-names=aggregator` on a certificate made
// for another CN. The finding names the CN and the allowed list the API server publishes.
import { AUTH_CONFIGMAP } from '../state';
import { capEvidence, klogMessage, metricsServerLines, metricsServerRef, type Check } from '../checkKit';
import { apiServerFlagsWhere, detectSetup } from '../setup';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

export const NOT_ALLOWED = /x509: subject with cn=(.+?) is not in the allowed list/;

/** The published allowed names (a JSON list in the ConfigMap), or undefined when unreadable. */
function allowedNames(data: Record<string, string> | null | undefined): string[] | undefined {
  const raw = data?.['requestheader-allowed-names'];
  if (raw === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.map(String) : undefined;
  } catch {
    return undefined;
  }
}

export const check: Check = {
  id: 'front-proxy-name-not-allowed',
  title: msg("The front-proxy client certificate's CN is not in --requestheader-allowed-names"),
  run(state) {
    const lines = metricsServerLines(state).filter((l) => NOT_ALLOWED.test(l));
    if (!lines.length) return [];
    const cns = [...new Set(lines.map((l) => NOT_ALLOWED.exec(l)![1]))];
    const allowed = allowedNames(state.authConfig);
    const configMap = `${AUTH_CONFIGMAP.namespace}/${AUTH_CONFIGMAP.name}`;
    const publishedNames = state.authConfig?.['requestheader-allowed-names'];
    const published =
      publishedNames !== undefined
        ? msg('ConfigMap {configMap} requestheader-allowed-names: {names}', { configMap, names: publishedNames })
        : msg('ConfigMap {configMap} requestheader-allowed-names: (absent)', { configMap });
    const cn = cns[0];
    return [
      {
        id: 'front-proxy-name-not-allowed',
        severity: 'error',
        message: !allowed
          ? msg('metrics-server rejects the API server\'s front-proxy certificate: CN "{cn}" is not in the allowed names', { cn })
          : allowed.length
            ? msg('metrics-server rejects the API server\'s front-proxy certificate: CN "{cn}" is not in the allowed names ({allowed})', { cn, allowed: allowed.join(', ') })
            : msg('metrics-server rejects the API server\'s front-proxy certificate: CN "{cn}" is not in the allowed names (empty list)', { cn }),
        object: metricsServerRef(state),
        evidence: capEvidence([...lines, published], { key: klogMessage }),
        explanation: sentences(
          msg(
            'kube-apiserver proxies metrics.k8s.io requests with the client certificate of `--proxy-client-cert-file`, whose subject CN here is "{cn}". metrics-server accepts it only if it is signed by `--requestheader-client-ca-file` and its CN is in `--requestheader-allowed-names` (published in {configMap}), so it answers 401 and the APIService stays unavailable (FailedDiscoveryCheck).',
            { cn, configMap: AUTH_CONFIGMAP.name },
          ),
          allowed?.length
            ? msg(
                'Fix one side: set `--requestheader-allowed-names={cn}` (or a list that includes it: {list}; an empty value allows any CN the CA signed), or issue the proxy client certificate with a CN from the list (`openssl x509 -noout -subject -in <proxy-client-cert-file>` shows it).',
                { cn, list: [...allowed, cn].join(',') },
              )
            : msg(
                'Fix one side: set `--requestheader-allowed-names={cn}` (or a list that includes it; an empty value allows any CN the CA signed), or issue the proxy client certificate with a CN from the list (`openssl x509 -noout -subject -in <proxy-client-cert-file>` shows it).',
                { cn },
              ),
          apiServerFlagsWhere(detectSetup(state), [`--requestheader-allowed-names=${cn}`]),
          msg('metrics-server picks the new list up from the ConfigMap; restart it if the error stays.'),
        ),
        repairs: [],
      },
    ];
  },
};
