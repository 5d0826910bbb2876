// coredns-proxy-removed: `proxy` lines in a CoreDNS Corefile, renamed to `forward` when nothing proxy-only is set.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze, covered, ofRule } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/infra', name), 'utf8');

const configMap = (data: string, name = 'coredns') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: kube-system
data:
${data}`;

test('coredns-proxy-removed renames a compatible proxy line to forward', () => {
  const text = fixture('seed-coredns-hosts.yaml');
  const [f, ...rest] = ofRule(analyze(text), 'coredns-proxy-removed');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(covered(text, f), 'proxy');
  assert.equal(f.fixes[0].safety, 'safe');
  const fixed = applyTextEdits(text, f.fixes[0].edits);
  assert.equal(fixed, text.replace('        proxy . /etc/resolv.conf', '        forward . /etc/resolv.conf'));
  assert.deepEqual(ofRule(analyze(fixed), 'coredns-proxy-removed'), []);
});

test('coredns-proxy-removed offers no fix for proxy-only options or several proxy lines', () => {
  const withOptions = configMap(`  Corefile: |
    .:53 {
        proxy . 8.8.8.8:53 8.8.4.4:53 {
            policy least_conn
            fail_timeout 10s
            except internal.example
        }
    }
`);
  const [f] = ofRule(analyze(withOptions), 'coredns-proxy-removed');
  assert.deepEqual(f.fixes, []);
  assert.match(f.message, /policy, fail_timeout/);
  const except = withOptions.replace('            policy least_conn\n            fail_timeout 10s\n', '');
  assert.equal(ofRule(analyze(except), 'coredns-proxy-removed')[0].fixes.length, 1);
  const two = configMap('  Corefile: |\n    .:53 {\n        proxy example.org 10.0.0.2\n        proxy . /etc/resolv.conf\n    }\n');
  const found = ofRule(analyze(two), 'coredns-proxy-removed');
  assert.equal(found.length, 2);
  assert.ok(found.every((x) => x.fixes.length === 0));
  const google = configMap('  Corefile: |\n    .:53 {\n        proxy . 8.8.8.8:443 {\n            protocol https_google\n        }\n    }\n');
  assert.deepEqual(ofRule(analyze(google), 'coredns-proxy-removed')[0].fixes, []);
});

test('coredns-proxy-removed ignores forward and proxy as a word elsewhere', () => {
  assert.deepEqual(ofRule(analyze(fixture('k3s-coredns-configmap.yaml')), 'coredns-proxy-removed'), []);
  const text = configMap(
    '  Corefile: |\n    .:53 {\n        forward . /etc/resolv.conf\n        template IN A proxy.example {\n            answer "proxy.example 60 IN A 10.0.0.1"\n        }\n    }\n',
  );
  assert.deepEqual(ofRule(analyze(text), 'coredns-proxy-removed'), []);
});

test('coredns-proxy-removed: a warning where the CoreDNS kubeadm installs still has proxy (1.12: CoreDNS 1.2.2), an error from 1.16', () => {
  const text = configMap(`  Corefile: |
    .:53 {
        proxy . /etc/resolv.conf
    }
`);
  const at = (kubernetesVersion: string) => ofRule(analyze(text, { settings: { kubernetesVersion } }), 'coredns-proxy-removed');
  const [w] = at('1.12');
  assert.equal(w.severity, 'warning');
  assert.match(w.message, /Kubernetes 1\.12 \(kubeadm installs 1\.2\.2\) still loads this Corefile/);
  assert.equal(w.fixes[0].safety, 'safe');
  assert.equal(at('1.15')[0].severity, 'warning');
  for (const v of ['1.16', '1.33']) {
    const [e] = at(v);
    assert.equal(e.severity, 'error', v);
    assert.match(e.message, new RegExp(`fails to load on the CoreDNS of Kubernetes ${v.replace('.', '\\.')}`));
  }
});
