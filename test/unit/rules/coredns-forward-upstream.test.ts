// coredns-forward-upstream: a .:53 block without forward (external names SERVFAIL) and forward targets CoreDNS cannot load.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corednsForwardUpstream } from '../../../src/core/lint/rules/coredns-forward-upstream';
import { analyze, covered } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';

const rules = [corednsForwardUpstream];

const configMap = (corefile: string, name = 'coredns') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: kube-system
data:
  Corefile: |
${corefile
  .split('\n')
  .map((l) => (l ? `    ${l}` : l))
  .join('\n')}`;

// A kubeadm Corefile someone trimmed to "only cluster names", dropping forward.
const NO_FORWARD = configMap(`.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
    }
    cache 30
    loop
    reload
}
`);

test('a .:53 block without forward: error on its key, an unsafe fix adding forward . /etc/resolv.conf', () => {
  const [f, ...rest] = analyze(NO_FORWARD, { rules });
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(covered(NO_FORWARD, f), '.:53');
  assert.match(f.message, /has no forward: names outside the cluster's zones get SERVFAIL/);
  assert.equal(f.fixes.length, 1);
  assert.equal(f.fixes[0].safety, 'guess');
  const fixed = applyTextEdits(NO_FORWARD, f.fixes[0].edits);
  assert.equal(fixed, NO_FORWARD.replace('        reload\n    }', '        reload\n        forward . /etc/resolv.conf\n    }'));
  assert.deepEqual(analyze(fixed, { rules }), []);
});

test('placeholder and host-name forward targets: error on each, none on addresses, files and {$ENV}', () => {
  const text = configMap(`.:53 {
    kubernetes cluster.local
    forward . <UPSTREAM_DNS> x.x.x.x \${DNS} UPSTREAM dns.google 10.0.0.2:53 tls://9.9.9.9 [2001:db8::1]:53 /etc/resolv.conf {$CORP_DNS}
}
`);
  const found = analyze(text, { rules });
  assert.deepEqual(
    found.map((f) => covered(text, f)),
    ['<UPSTREAM_DNS>', 'x.x.x.x', '${DNS}', 'UPSTREAM', 'dns.google'],
  );
  assert.match(found[0].message, /forward target <UPSTREAM_DNS> is a placeholder.*not an IP address or file/);
  assert.match(found[4].message, /is a host name/);
});

test('zone blocks without forward, AKS overrides and the kubeadm default: silent', () => {
  const zones = configMap(`corp.example:53 {
    file /etc/coredns/corp.db
}
.:53 {
    kubernetes cluster.local
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
}
`);
  assert.deepEqual(analyze(zones, { rules }), []);
  const aks = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns-custom\n  namespace: kube-system\ndata:\n  log.override: |\n    log\n';
  assert.deepEqual(analyze(aks, { rules }), []);
  // proxy is coredns-proxy-removed's finding, not a missing forward.
  assert.deepEqual(analyze(configMap('.:53 {\n    proxy . /etc/resolv.conf\n}\n'), { rules }), []);
});
