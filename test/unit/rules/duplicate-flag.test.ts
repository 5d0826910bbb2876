// duplicate-flag: a metrics-server or Cluster Autoscaler flag given twice (pflag keeps the last value, or appends a list).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { duplicateFlag } from '../../../src/core/lint/rules/duplicate-flag';
import { analyze, covered, titleOf } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';

const rules = [duplicateFlag];

// metrics-server as a v0.3.x tutorial patches it: the fix in `command`, the release's own list later in `args`.
const metricsServer = (command: string, args: string) => `apiVersion: apps/v1
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
        command:
${command}        args:
${args}`;

const caDeployment = (command: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cluster-autoscaler
  namespace: kube-system
spec:
  template:
    spec:
      containers:
      - image: registry.k8s.io/autoscaling/cluster-autoscaler:v1.30.2
        name: cluster-autoscaler
        command:
${command}`;

test('a plain flag given twice: warning on the overridden one naming the value that wins, across command and args', () => {
  const text = caDeployment(
    [
      '        - ./cluster-autoscaler',
      '        - --v=4',
      '        - --cloud-provider=aws',
      '        - --expander=least-waste',
      '        - --skip-nodes-with-local-storage=false',
      '        - --expander',
      '        - priority',
      '',
    ].join('\n'),
  );
  const [f, ...rest] = analyze(text, { rules });
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(covered(text, f), '--expander=least-waste');
  assert.match(f.message, /--expander=least-waste is overridden by --expander=priority on line 18: pflag keeps the last value.*Cluster Autoscaler runs with --expander=priority/);
  assert.deepEqual(
    f.fixes.map((x) => [titleOf(x), x.safety === 'safe']),
    [
      ['Remove --expander=least-waste (it has no effect)', false],
      ['Keep --expander=least-waste (remove the later --expander)', false],
    ],
  );
  assert.equal(applyTextEdits(text, f.fixes[1].edits), text.replace('        - --expander\n        - priority\n', ''));
});

test('metrics-server --kubelet-preferred-address-types twice: a list flag, so pflag appends; the message says what metrics-server uses', () => {
  const text = metricsServer(
    '        - /metrics-server\n        - --kubelet-insecure-tls\n        - --kubelet-preferred-address-types=InternalIP\n',
    '        - --cert-dir=/tmp\n        - --secure-port=10250\n        - --kubelet-preferred-address-types=Hostname,InternalDNS,InternalIP\n',
  );
  const [f] = analyze(text, { rules });
  assert.equal(f.severity, 'warning');
  assert.equal(covered(text, f), '--kubelet-preferred-address-types=InternalIP');
  assert.match(f.message, /given 2 times: for this list flag pflag appends.*uses --kubelet-preferred-address-types=InternalIP,Hostname,InternalDNS,InternalIP/);
  assert.equal(applyTextEdits(text, f.fixes[0].edits), text.replace('        - --kubelet-preferred-address-types=Hostname,InternalDNS,InternalIP\n', ''));
});

test('the same value twice: info, and a safe fix that removes the repeat', () => {
  const text = metricsServer('        - /metrics-server\n        - --metric-resolution=15s\n', '        - --cert-dir=/tmp\n        - --metric-resolution=15s\n');
  const [f] = analyze(text, { rules });
  assert.equal(f.severity, 'info');
  assert.match(f.message, /--metric-resolution is given again on line 21 in args with the same value/);
  assert.equal(f.fixes[0].safety, 'safe');
  assert.equal(applyTextEdits(text, f.fixes[0].edits), text.replace('        - --metric-resolution=15s\n        args:', '        args:'));
});

test('repeatable Cluster Autoscaler flags, boolean flags before a value-less item, other containers: silent', () => {
  const text = caDeployment(
    [
      '        - ./cluster-autoscaler',
      '        - --nodes=1:10:eks-general-a',
      '        - --nodes=0:5:eks-gpu-b',
      '        - --node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/prod-eu',
      '        - --node-group-auto-discovery=asg:tag=team=payments',
      '        - --balance-similar-node-groups',
      '        - --startup-taint=node.cilium.io/agent-not-ready',
      '        - --startup-taint=ebs.csi.aws.com/agent-not-ready',
      '',
    ].join('\n'),
  );
  assert.deepEqual(analyze(text, { rules }), []);
  const app = text
    .replace('registry.k8s.io/autoscaling/cluster-autoscaler:v1.30.2', 'ghcr.io/acme/worker:2.1')
    .replace('name: cluster-autoscaler\n        command', 'name: worker\n        command')
    .replace('./cluster-autoscaler', './worker');
  assert.deepEqual(analyze(app.replace('--nodes=0:5', '--expander=x\n        - --expander=y\n        - --nodes=0:5'), { rules }), []);
});

test('after a `--` item pflag stops reading flags: what follows is a positional argument, never an override', () => {
  const text = caDeployment(['        - ./cluster-autoscaler', '        - --expander=least-waste', '        - --', '        - --expander=random', ''].join('\n'));
  assert.deepEqual(analyze(text, { rules }), []);
  const flagged = caDeployment(['        - ./cluster-autoscaler', '        - --expander=least-waste', '        - --expander=random', '        - --', ''].join('\n'));
  assert.equal(covered(flagged, analyze(flagged, { rules })[0]), '--expander=least-waste', 'flags before `--` are still read');
});
