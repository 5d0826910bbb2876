// The API aggregation layer is off or misconfigured: kube-system/extension-apiserver-authentication
// lacks the requestheader-* keys (kube-apiserver runs without --requestheader-client-ca-file), or
// metrics-server rejects the aggregator's requests (authenticator errors in its logs, 401/403 from
// the discovery check). Extension API servers such as metrics-server cannot work then.
import { AUTH_CONFIGMAP } from '../state';
import { capEvidence, klogMessage, metricsServerLines, metricsServerRef, type Check } from '../checkKit';
import { apiServerFlagsWhere, detectSetup } from '../setup';
import { NOT_ALLOWED } from './front-proxy-name-not-allowed';
import { availableCondition } from './metrics-api-unavailable';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';
import type { DoctorText } from '../types';

const REQUESTHEADER_KEYS = ['requestheader-client-ca-file', 'requestheader-allowed-names', 'requestheader-username-headers'];

const LOG_SIGNS = [
  /cluster doesn't provide requestheader-client-ca-file/,
  /Unable to authenticate the request/,
  /unable to load configmap based request-header-client-ca-file/,
  /forbidden: User "[^"]+" cannot get resource "configmaps" in API group "" in the namespace "kube-system"/,
];

export const check: Check = {
  id: 'aggregation-layer-off',
  title: msg('The API aggregation layer is off or rejected by metrics-server'),
  run(state) {
    const evidence: DoctorText[] = [];
    const configMap = `${AUTH_CONFIGMAP.namespace}/${AUTH_CONFIGMAP.name}`;
    if (state.authConfig === null) evidence.push(msg('ConfigMap {configMap} not found', { configMap }));
    else if (state.authConfig) {
      const missing = REQUESTHEADER_KEYS.filter((k) => !state.authConfig![k]);
      if (missing.includes('requestheader-client-ca-file')) evidence.push(msg('ConfigMap {configMap} has no {keys}', { configMap, keys: missing.join(', ') }));
    }
    const configSigns = evidence.length;
    // A CN outside --requestheader-allowed-names is front-proxy-name-not-allowed: set up, but mismatched.
    evidence.push(...metricsServerLines(state).filter((l) => LOG_SIGNS.some((re) => re.test(l)) && !NOT_ALLOWED.test(l)));
    const cond = availableCondition(state.apiService);
    const cnMismatch = metricsServerLines(state).some((l) => NOT_ALLOWED.test(l));
    if (!cnMismatch && cond?.reason === 'FailedDiscoveryCheck' && /\b(401|403)\b/.test(cond.message ?? '')) evidence.push(`Available=${cond.status} ${cond.reason}: ${cond.message}`);
    if (!evidence.length) return [];
    const runtimeSigns = evidence.length > configSigns;
    return [
      {
        id: 'aggregation-layer-off',
        severity: runtimeSigns || state.apiService ? 'error' : 'warning',
        message: runtimeSigns
          ? msg("metrics-server rejects the API server's proxied requests: the aggregation layer's front-proxy authentication is not set up")
          : msg('The API aggregation layer looks disabled: kube-apiserver publishes no requestheader client CA'),
        object: runtimeSigns ? metricsServerRef(state) : { apiVersion: 'v1', kind: 'ConfigMap', namespace: AUTH_CONFIGMAP.namespace, name: AUTH_CONFIGMAP.name },
        evidence: capEvidence(evidence, { key: klogMessage }),
        explanation: sentences(
          msg(
            'The API server forwards metrics.k8s.io requests to metrics-server through the aggregation layer, authenticating with a front-proxy client certificate; metrics-server trusts it through the `requestheader-client-ca-file` that kube-apiserver publishes in ConfigMap kube-system/extension-apiserver-authentication.',
          ),
          msg(
            "Without it (kube-apiserver started without `--requestheader-client-ca-file`, `--requestheader-allowed-names`, `--requestheader-username-headers=X-Remote-User`, `--requestheader-group-headers=X-Remote-Group`, `--requestheader-extra-headers-prefix=X-Remote-Extra-`, `--proxy-client-cert-file`, `--proxy-client-key-file`) metrics-server logs `cluster doesn't provide requestheader-client-ca-file` or `Unable to authenticate the request` and the API server gets 401/403.",
          ),
          msg(
            'Fix the kube-apiserver flags (kubeadm sets them by default; managed clusters always do), and do not reuse the --client-ca-file CA as the requestheader CA. metrics-server also needs RBAC to read that ConfigMap (RoleBinding `metrics-server-auth-reader` to Role `extension-apiserver-authentication-reader`).',
          ),
          apiServerFlagsWhere(detectSetup(state), ['--requestheader-client-ca-file', '--proxy-client-cert-file', '--proxy-client-key-file']),
        ),
        repairs: [],
      },
    ];
  },
};
