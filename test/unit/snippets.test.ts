import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { parseDirectiveList } from '../../src/core/k8s/corefile';
import { schemaFor, validate } from '../../src/core/language/schemaLookup';
import { completionsAt } from '../../src/core/language/completion';
import { withDefaults } from '../../src/core/lint/settings';
import { analyze } from '../helpers';

interface Snippet {
  /** One prefix, or several (VS Code offers the snippet for each). */
  prefix: string | string[];
  description: string;
  body: string[];
}

const snippets: Record<string, Snippet> = JSON.parse(readFileSync(join(__dirname, '../../snippets/kubernetes-autoscaling.json'), 'utf8'));
/** A snippet's first prefix: its name in these tests. */
const firstPrefix = (s: Snippet) => (Array.isArray(s.prefix) ? s.prefix[0] : s.prefix);

/** Expands a VS Code snippet body with every placeholder at its default (first choice). */
function expand(body: string): string {
  const defaults = new Map<string, string>();
  const pattern = /\\([$}\\])|\$\{(\d+):((?:\\.|[^}\\])*)\}|\$\{(\d+)\|([^|]*)\|\}|\$\{(\d+)\}|\$(\d+)/g;
  const unescape = (s: string) => s.replace(/\\([$}\\,|])/g, '$1');
  for (const m of body.matchAll(pattern)) {
    if (m[2] !== undefined) defaults.set(m[2], unescape(m[3]));
    if (m[4] !== undefined) defaults.set(m[4], unescape(m[5].split(',')[0]));
  }
  return body.replace(pattern, (_all, esc, n1, def, n2, choices, n3, n4) => {
    if (esc !== undefined) return esc;
    if (n1 !== undefined) return unescape(def);
    if (n2 !== undefined) return unescape(choices.split(',')[0]);
    return defaults.get(n3 ?? n4) ?? '';
  });
}

const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n');

/** Fragments are checked where a user would insert them. */
const contexts: Record<string, (s: string) => string> = {
  'metrics-server-args': (s) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: metrics-server
  namespace: kube-system
spec:
  selector:
    matchLabels: {k8s-app: metrics-server}
  template:
    metadata:
      labels: {k8s-app: metrics-server}
    spec:
      containers:
      - name: metrics-server
        image: registry.k8s.io/metrics-server/metrics-server:v0.7.2
${indent(s, '        ')}
`,
  'coredns-hosts': (s) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: coredns
  namespace: kube-system
data:
  Corefile: |
    .:53 {
        errors
${indent(s, '        ')}
        forward . /etc/resolv.conf
    }
`,
  'prometheus-adapter-rule': (s) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: prometheus-adapter
  namespace: monitoring
data:
  config.yaml: |
    rules:
${indent(s, '    ')}
`,
};

test('the snippet file lists the expected snippets with unique prefixes', () => {
  const prefixes = Object.values(snippets).map(firstPrefix);
  assert.deepEqual(prefixes, [
    'hpa-v2-cpu',
    'hpa-v2-memory',
    'hpa-v2-pods-metric',
    'hpa-v2-behavior',
    'keda-scaledobject-prometheus',
    'keda-scaledobject-cpu',
    'karpenter-nodepool-v1',
    'metrics-server-args',
    'coredns-hosts',
    'prometheus-adapter-rule',
  ]);
  for (const s of Object.values(snippets)) assert.ok(s.description.length > 20 && Array.isArray(s.body), firstPrefix(s));
});

test('expand resolves placeholders, mirrors, choices and escapes', () => {
  assert.equal(expand('name: ${1:web}\nref: $1 ${1}\nkind: ${2|Deployment,StatefulSet|}\nq: ${3:a{b="c"\\}}'), 'name: web\nref: web web\nkind: Deployment\nq: a{b="c"}');
});

for (const [name, snippet] of Object.entries(snippets)) {
  test(`snippet "${name}" expands to YAML the analyzer reports no errors on`, () => {
    const body = expand(snippet.body.join('\n'));
    assert.ok(!/\$\{?\d/.test(body), 'no placeholder left');
    const text = (contexts[firstPrefix(snippet)] ?? ((s: string) => s + '\n'))(body);
    const docs = parseAllDocuments(text);
    for (const d of docs)
      assert.deepEqual(
        d.errors.map((e) => e.message),
        [],
        `${name} is valid YAML`,
      );
    const errors = analyze(text).filter((f) => f.severity === 'error');
    assert.deepEqual(
      errors.map((f) => `${f.rule}: ${f.message}`),
      [],
    );
    for (const d of docs) {
      const value = d.toJS();
      const schema = schemaFor(value?.apiVersion, value?.kind);
      if (schema) assert.deepEqual(validate(schema, value), [], `${name} matches the ${value.kind} schema`);
    }
  });
}

test('every manifest snippet has a schema, so it is validated above', () => {
  for (const s of Object.values(snippets)) {
    if (contexts[firstPrefix(s)]) continue;
    for (const d of parseAllDocuments(expand(s.body.join('\n')))) {
      const v = d.toJS();
      assert.ok(schemaFor(v.apiVersion, v.kind), `${firstPrefix(s)}: ${v.kind}`);
    }
  }
});

test('the CoreDNS snippet keeps fallthrough and the metrics-server snippet verifies kubelet TLS', () => {
  const hosts = Object.values(snippets).find((s) => firstPrefix(s) === 'coredns-hosts')!;
  const parsed = parseDirectiveList(expand(hosts.body.join('\n')));
  assert.ok(parsed.ok);
  assert.deepEqual(
    parsed.value[0].block?.directives.map((d) => d.name.text),
    ['10.0.0.11', 'fallthrough'],
  );
  const args = Object.values(snippets).find((s) => firstPrefix(s) === 'metrics-server-args')!;
  const text = contexts['metrics-server-args'](expand(args.body.join('\n')));
  assert.deepEqual(
    analyze(text).filter((f) => f.rule === 'metrics-server-insecure-tls'),
    [],
  );
  assert.match(text, /--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname/);
});

test('HPA and ScaledObject snippets write metadata.namespace, as a tab stop right after the name', () => {
  for (const s of Object.values(snippets).filter((x) => /^(hpa|keda-scaledobject)-/.test(firstPrefix(x)))) {
    assert.equal(s.body[s.body.indexOf('  name: ${1:web}') + 1], '  namespace: ${2:default}', firstPrefix(s));
    assert.equal(parseAllDocuments(expand(s.body.join('\n')))[0].toJS().metadata.namespace, 'default', firstPrefix(s));
  }
});

test('typing "provisioner" finds the NodePool snippet, which says Provisioner became NodePool', () => {
  const found = Object.values(snippets).filter((s) => [s.prefix].flat().some((p) => p.startsWith('provisioner')));
  assert.deepEqual(found.map(firstPrefix), ['karpenter-nodepool-v1']);
  assert.match(found[0].description, /Provisioner became NodePool in Karpenter v1beta1 \(v0\.32\)/);
  assert.ok([found[0].prefix].flat().includes('nodepool'));
});

test('the language server offers the v1alpha5 Provisioner snippet only while the target Karpenter serves it', () => {
  const offered = (karpenterVersion: string, text = 'prov') => completionsAt(text, text.length, undefined, withDefaults({ karpenterVersion }));
  for (const v of ['0.31', '0.32'])
    assert.deepEqual(
      offered(v).map((s) => [s.label, s.snippet]),
      [['provisioner-v1alpha5', true]],
      v,
    );
  for (const v of ['0.33', '0.37', '1.0', '1.8']) assert.deepEqual(offered(v), [], v);
  assert.deepEqual(offered('0.32', 'spec:\n  prov'), [], 'only at the top of a document');
  // What it inserts is a Provisioner the v1alpha5 schema accepts and the analyzer reports no error on.
  const [snippet] = offered('0.32');
  const body = expand(snippet.insertText);
  const value = parseAllDocuments(body)[0].toJS();
  assert.equal(value.kind, 'Provisioner');
  assert.deepEqual(validate(schemaFor(value.apiVersion, value.kind)!, value), []);
  assert.deepEqual(
    analyze(body + '\n', { settings: { karpenterVersion: '0.32' } })
      .filter((f) => f.severity === 'error')
      .map((f) => f.message),
    [],
  );
  assert.match(snippet.documentation ?? '', /Provisioner became NodePool in Karpenter v1beta1 \(v0\.32\)/);
});
