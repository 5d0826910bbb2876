// metrics-server-insecure-tls: --kubelet-insecure-tls on a metrics-server container (a security hint, no fix).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, covered, ofRule } from '../../helpers';

import { argsForm, commandForm, deployment } from '../metricsServerManifests';

test('metrics-server-insecure-tls flags the bare and =true forms in args and command', () => {
  const fromCommand = ofRule(analyze(commandForm), 'metrics-server-insecure-tls');
  assert.equal(fromCommand.length, 1);
  assert.equal(fromCommand[0].severity, 'hint');
  assert.deepEqual(fromCommand[0].tags, ['security']);
  assert.equal(covered(commandForm, fromCommand[0]), '--kubelet-insecure-tls=true');
  assert.deepEqual(fromCommand[0].fixes, []);
  const bare = argsForm.replace('        - --kubelet-use-node-status-port\n', '        - --kubelet-use-node-status-port\n        - --kubelet-insecure-tls\n');
  const fromArgs = ofRule(analyze(bare), 'metrics-server-insecure-tls');
  assert.deepEqual(
    fromArgs.map((f) => covered(bare, f)),
    ['--kubelet-insecure-tls'],
  );
});

test('metrics-server-insecure-tls stays quiet for secure setups, =false and other workloads', () => {
  assert.deepEqual(ofRule(analyze(argsForm), 'metrics-server-insecure-tls'), []);
  assert.deepEqual(ofRule(analyze(commandForm.replace('tls=true', 'tls=false')), 'metrics-server-insecure-tls'), []);
  const other = deployment('      - name: web\n        image: nginx:1.27\n        args: [--kubelet-insecure-tls]\n');
  assert.deepEqual(ofRule(analyze(other), 'metrics-server-insecure-tls'), []);
  const templated = deployment('      - name: metrics-server\n        image: metrics-server:v0.7.2\n        args:\n        - {{ .Values.tlsFlag }}\n');
  assert.deepEqual(ofRule(analyze(templated), 'metrics-server-insecure-tls'), []);
});
