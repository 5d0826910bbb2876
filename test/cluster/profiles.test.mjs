// Unit tests of the cluster timing profiles (no cluster needed): what kwokctl and metrics-server are given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROFILES, paths } from '../../scripts/cluster/lib.mjs';
import { kwokctlConfiguration } from '../../scripts/cluster/lib/kwok.mjs';
import { metricsServerManifest, metricsServerVariant } from '../../scripts/cluster/lib/scenarioSwitch.mjs';
import { METRICS_SERVER_VARIANTS } from '../../scripts/cluster/scenarios.mjs';

const p = paths({ name: 'ksd-profile-unit' });
const patchOf = (conf, name) => conf.componentsPatches.find((c) => c.name === name);
const argsOf = (variant) => metricsServerManifest(variant).find((d) => d.kind === 'Deployment').spec.template.spec.containers[0].args;
const seconds = (arg) => Number(/^--[a-z-]+=(\d+)s$/.exec(arg)[1]);

test('default profile: kube-controller-manager keeps its flags; metrics-server runs the official manifest args', () => {
  assert.equal(patchOf(kwokctlConfiguration(p, 'default'), 'kube-controller-manager'), undefined);
  assert.deepEqual(argsOf(metricsServerVariant(METRICS_SERVER_VARIANTS.official, { large: false, profileName: 'default' })), argsOf(METRICS_SERVER_VARIANTS.official));
  assert.ok(argsOf(METRICS_SERVER_VARIANTS.official).includes('--metric-resolution=15s'));
});

test('test profile: HPA sync every 5 s, metrics-server at 10 s with a kubelet timeout it accepts', () => {
  assert.deepEqual(patchOf(kwokctlConfiguration(p, 'test'), 'kube-controller-manager').extraArgs, [{ key: 'horizontal-pod-autoscaler-sync-period', value: '5s', override: false }]);
  const args = argsOf(metricsServerVariant(METRICS_SERVER_VARIANTS.insecureTls, { large: false, profileName: 'test' }));
  const resolution = args.filter((a) => a.startsWith('--metric-resolution='));
  const timeout = args.filter((a) => a.startsWith('--kubelet-request-timeout='));
  assert.deepEqual(resolution, ['--metric-resolution=10s'], 'replaced, never duplicated');
  assert.equal(timeout.length, 1);
  // metrics-server v0.7.2 (cmd/metrics-server/app/options/options.go): resolution >= 10s and 9/10 of it >= the kubelet timeout.
  assert.ok(seconds(resolution[0]) >= 10 && (seconds(resolution[0]) * 9) / 10 >= seconds(timeout[0]));
  assert.ok(args.includes('--kubelet-insecure-tls'), "the scenario's own args stay");
});

test('a large cluster keeps its longer metrics-server loop whatever the profile; no metrics-server stays none', () => {
  for (const profileName of Object.keys(PROFILES)) {
    const args = argsOf(metricsServerVariant(METRICS_SERVER_VARIANTS.official, { large: true, profileName }));
    assert.ok(args.includes('--metric-resolution=60s') && args.includes('--kubelet-request-timeout=50s'), profileName);
    assert.equal(metricsServerVariant(null, { large: false, profileName }), null);
  }
  assert.throws(() => metricsServerVariant(METRICS_SERVER_VARIANTS.official, { large: false, profileName: 'fast' }), /unknown cluster profile "fast"; known: default, test/);
});
