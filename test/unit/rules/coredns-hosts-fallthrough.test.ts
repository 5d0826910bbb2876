// coredns-hosts-fallthrough: a CoreDNS hosts block without fallthrough answers SERVFAIL for every other name.
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

const noFallthrough = configMap(`  Corefile: |
    .:53 {
        errors
        hosts {
            10.0.1.11 node-a
            10.0.1.12 node-b
        }
        forward . /etc/resolv.conf
    }
`);

test('coredns-hosts-fallthrough points at the hosts line inside the block scalar and adds fallthrough', () => {
  const [f, ...rest] = ofRule(analyze(noFallthrough), 'coredns-hosts-fallthrough');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(covered(noFallthrough, f), 'hosts');
  assert.equal(noFallthrough.slice(noFallthrough.lastIndexOf('\n', f.range.start) + 1, f.range.end), '        hosts');
  assert.match(f.message, /SERVFAIL/);
  assert.equal(f.fixes.length, 1);
  assert.equal(f.fixes[0].safety, 'safe');
  const fixed = applyTextEdits(noFallthrough, f.fixes[0].edits);
  assert.equal(fixed, noFallthrough.replace('            10.0.1.12 node-b\n', '            10.0.1.12 node-b\n            fallthrough\n'));
  assert.deepEqual(ofRule(analyze(fixed), 'coredns-hosts-fallthrough'), []);
});

test('coredns-hosts-fallthrough maps offsets and line breaks in CRLF files', () => {
  const crlf = noFallthrough.replace(/\n/g, '\r\n');
  const [f] = ofRule(analyze(crlf), 'coredns-hosts-fallthrough');
  assert.equal(covered(crlf, f), 'hosts');
  assert.equal(applyTextEdits(crlf, f.fixes[0].edits), noFallthrough.replace('            10.0.1.12 node-b\n', '            10.0.1.12 node-b\n            fallthrough\n').replace(/\n/g, '\r\n'));
});

test('coredns-hosts-fallthrough handles |- scalars, deeper indentation and block-less hosts lines', () => {
  const text = configMap(`    Corefile: |-
      .:53 {
          hosts /etc/hosts
          forward . /etc/resolv.conf
      }`);
  const [f] = ofRule(analyze(text), 'coredns-hosts-fallthrough');
  assert.equal(covered(text, f), 'hosts');
  const fixed = applyTextEdits(text, f.fixes[0].edits);
  assert.equal(fixed, text.replace('hosts /etc/hosts\n', 'hosts /etc/hosts {\n              fallthrough\n          }\n'));
  assert.deepEqual(ofRule(analyze(fixed), 'coredns-hosts-fallthrough'), []);
});

test('coredns-hosts-fallthrough reports on the key when the Corefile is a quoted string', () => {
  const text = configMap('  Corefile: ".:53 {\\n    hosts {\\n        10.0.0.1 a\\n    }\\n}\\n"\n');
  const [f] = ofRule(analyze(text), 'coredns-hosts-fallthrough');
  assert.equal(covered(text, f), 'Corefile');
  assert.deepEqual(f.fixes, []);
});

test('coredns-hosts-fallthrough reports on the key for block scalars with an indentation indicator', () => {
  const text = configMap('  Corefile: |2\n      .:53 {\n          hosts {\n          }\n      }\n');
  const [f] = ofRule(analyze(text), 'coredns-hosts-fallthrough');
  assert.equal(covered(text, f), 'Corefile');
  assert.deepEqual(f.fixes, []);
});

test('coredns-hosts-fallthrough reads AKS coredns-custom *.override and *.server keys', () => {
  const text = configMap(
    `  nodes.override: |
    hosts {
      10.0.0.4 aks-node-1
    }
  corp.server: |
    corp.example:53 {
      hosts {
        10.1.0.1 db.corp.example
      }
    }
  unrelated.txt: |
    hosts {
    }
`,
    'coredns-custom',
  );
  const found = ofRule(analyze(text), 'coredns-hosts-fallthrough');
  assert.equal(found.length, 2);
  assert.match(found[0].message, /nodes\.override: every name it does not list/);
  assert.match(found[1].message, /every other name in corp\.example fails \(SERVFAIL\)/);
  const fixed = applyTextEdits(
    text,
    found.flatMap((f) => f.fixes[0].edits),
  );
  assert.equal(
    fixed,
    text
      .replace('      10.0.0.4 aks-node-1\n', '      10.0.0.4 aks-node-1\n      fallthrough\n')
      .replace('        10.1.0.1 db.corp.example\n', '        10.1.0.1 db.corp.example\n        fallthrough\n'),
  );
  // The same keys in any other ConfigMap are not CoreDNS configuration.
  assert.deepEqual(ofRule(analyze(text.replace('name: coredns-custom', 'name: app-config')), 'coredns-hosts-fallthrough'), []);
});

test('coredns-hosts-fallthrough is quiet on k3s and seed ConfigMaps that keep fallthrough, and on templates', () => {
  assert.deepEqual(ofRule(analyze(fixture('k3s-coredns-configmap.yaml')), 'coredns-hosts-fallthrough'), []);
  assert.deepEqual(ofRule(analyze(fixture('seed-coredns-hosts.yaml')), 'coredns-hosts-fallthrough'), []);
  const templated = configMap(`  Corefile: |
    .:53 {
        hosts {
            10.0.0.1 a
            {{- if .Values.fallthrough }}
            fallthrough
            {{- end }}
        }
    }
`);
  assert.deepEqual(ofRule(analyze(templated), 'coredns-hosts-fallthrough'), []);
  const broken = configMap('  Corefile: |\n    .:53 {\n        hosts {\n');
  assert.deepEqual(ofRule(analyze(broken), 'coredns-hosts-fallthrough'), []);
});

test('coredns-hosts-fallthrough names the k3s NodeHosts caveat', () => {
  const text = fixture('k3s-coredns-configmap.yaml').replace('          fallthrough\n        }\n        prometheus', '        }\n        prometheus');
  const [f] = ofRule(analyze(text), 'coredns-hosts-fallthrough');
  assert.match(f.message, /k3s re-applies/);
  assert.equal(applyTextEdits(text, f.fixes[0].edits), fixture('k3s-coredns-configmap.yaml'));
});
