// coredns-corefile-missing: a kube-system/coredns ConfigMap without the Corefile key its pods mount.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corednsCorefileMissing } from '../../../src/core/lint/rules/coredns-corefile-missing';
import { analyze, covered } from '../../helpers';

const rules = [corednsCorefileMissing];

// What a GKE-era guide tells users to apply, aimed at a cluster that runs CoreDNS.
const KUBE_DNS_DATA = `apiVersion: v1
kind: ConfigMap
metadata:
  name: coredns
  namespace: kube-system
data:
  # company resolvers first
  upstreamNameservers: |
    ["10.20.0.2", "10.20.0.3"]
  stubDomains: |
    {"corp.example": ["10.20.0.53"]}
`;

test('kube-dns keys in the coredns ConfigMap: error on the first one, naming both and the missing Corefile', () => {
  const [f, ...rest] = analyze(KUBE_DNS_DATA, { rules });
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(covered(KUBE_DNS_DATA, f), 'upstreamNameservers');
  assert.match(f.message, /no Corefile key/);
  assert.match(f.message, /non-existent config key: Corefile/);
  assert.match(f.message, /upstreamNameservers and stubDomains are kube-dns keys: CoreDNS does not read them/);
});

test('no data at all, or data without Corefile: reported on metadata.name or data', () => {
  const empty = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\n  namespace: kube-system\n';
  assert.equal(covered(empty, analyze(empty, { rules })[0]), 'name');
  assert.equal(covered(empty + 'data:\n', analyze(empty + 'data:\n', { rules })[0]), 'data');
  const other = empty + 'data:\n  extra.server: |\n    corp.example:53 {\n        forward . 10.20.0.53\n    }\n';
  assert.equal(covered(other, analyze(other, { rules })[0]), 'data');
});

test("a coredns ConfigMap with a Corefile, another name or namespace, or kube-dns's own ConfigMap: silent", () => {
  const ok = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\n  namespace: kube-system\ndata:\n  Corefile: |\n    .:53 {\n        forward . /etc/resolv.conf\n    }\n';
  assert.deepEqual(analyze(ok, { rules }), []);
  assert.deepEqual(analyze(KUBE_DNS_DATA.replace('name: coredns', 'name: kube-dns'), { rules }), []);
  assert.deepEqual(analyze(KUBE_DNS_DATA.replace('namespace: kube-system', 'namespace: dns-lab'), { rules }), []);
  // Applied with `kubectl -n kube-system`: still the cluster's CoreDNS configuration.
  assert.equal(analyze(KUBE_DNS_DATA.replace('  namespace: kube-system\n', ''), { rules }).length, 1);
  // A chart that renders the data from values: the Corefile may well be there.
  const chart = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\n  namespace: kube-system\ndata:\n  {{- toYaml .Values.corednsData | nindent 2 }}\n';
  assert.deepEqual(analyze(chart, { rules }), []);
});
