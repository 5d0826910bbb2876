// Reading and setting metrics-server flags in manifests (core/k8s/metricsServer): the edits behind the
// metrics-server repairs and quick fixes, in args or command, one- or two-token form, CRLF kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerFlagChange, findFlag, metricsServerContainers, readFlags, setFlagEdits, setFlagInList } from '../../src/core/k8s/metricsServer';
import { parseFile } from '../../src/core/manifest/model';
import { applyTextEdits } from '../../src/core/text/edits';

import { argsForm, commandForm, deployment } from './metricsServerManifests';

function container(text: string) {
  const f = parseFile('file:///ms.yaml', text);
  const c = metricsServerContainers(f.docs[0])[0];
  assert.ok(c, 'metrics-server container found');
  return { f, c };
}

function setFlag(text: string, flag: string, value?: string): string {
  const { f, c } = container(text);
  const edits = setFlagEdits(f, c, flag, value);
  assert.ok(edits, 'edits computed');
  return applyTextEdits(text, edits);
}

test('reads flags from args and from command, with values', () => {
  assert.deepEqual(
    readFlags(container(argsForm).c).map((u) => [u.field, u.flag, u.value]),
    [
      ['args', '--cert-dir', '/tmp'],
      ['args', '--secure-port', '10250'],
      ['args', '--kubelet-preferred-address-types', 'Hostname'],
      ['args', '--kubelet-use-node-status-port', undefined],
    ],
  );
  assert.deepEqual(
    findFlag(container(commandForm).c, '--kubelet-insecure-tls').map((u) => [u.field, u.value]),
    [['command', 'true']],
  );
});

test('finds the container by image when it has another name', () => {
  const text = deployment('      - name: server\n        image: bitnami/metrics-server:0.7.2\n        args: [--kubelet-insecure-tls]\n');
  assert.equal(metricsServerContainers(parseFile('file:///x.yaml', text).docs[0]).length, 1);
  const other = deployment('      - name: web\n        image: nginx:1.27\n        args: [--kubelet-insecure-tls]\n');
  assert.equal(metricsServerContainers(parseFile('file:///x.yaml', other).docs[0]).length, 0);
});

test('setting a flag replaces its value in place and keeps the trailing comment', () => {
  const out = setFlag(argsForm, '--kubelet-preferred-address-types', 'InternalIP,ExternalIP,Hostname');
  assert.equal(out, argsForm.replace('--kubelet-preferred-address-types=Hostname', '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname'));
});

test('setting a missing flag appends it to args, and setting it again changes nothing', () => {
  const out = setFlag(argsForm, '--metric-resolution', '15s');
  assert.equal(out, argsForm.replace('        - --kubelet-use-node-status-port\n', '        - --kubelet-use-node-status-port\n        - --metric-resolution=15s\n'));
  assert.equal(setFlag(out, '--metric-resolution', '15s'), out);
});

test('in the command form the flag goes after the binary and existing ones are replaced', () => {
  const out = setFlag(commandForm, '--kubelet-preferred-address-types', 'InternalIP,ExternalIP,Hostname');
  assert.equal(out, commandForm.replace('=InternalIP\n', '=InternalIP,ExternalIP,Hostname\n'));
  const added = setFlag(commandForm, '--kubelet-use-node-status-port');
  assert.equal(added, commandForm.replace('          - --v=2\n', '          - --v=2\n          - --kubelet-use-node-status-port\n'));
});

test('duplicates are removed, never added', () => {
  const text = deployment(`      - name: metrics-server
        image: metrics-server:v0.7.2
        args:
        - --kubelet-preferred-address-types=Hostname
        - --cert-dir=/tmp
        - --kubelet-preferred-address-types=ExternalIP
`);
  const out = setFlag(text, '--kubelet-preferred-address-types', 'InternalIP');
  assert.equal(out, text.replace('=Hostname', '=InternalIP').replace('        - --kubelet-preferred-address-types=ExternalIP\n', ''));
  assert.equal(findFlag(container(out).c, '--kubelet-preferred-address-types').length, 1);
});

test('the two-token form `--flag value` keeps its shape', () => {
  const text = deployment(`      - name: metrics-server
        image: metrics-server:v0.7.2
        args:
        - --kubelet-preferred-address-types
        - "Hostname"
        - --kubelet-insecure-tls
        - --cert-dir=/tmp
`);
  const uses = readFlags(container(text).c);
  assert.deepEqual(
    uses.map((u) => [u.flag, u.value]),
    [
      ['--kubelet-preferred-address-types', 'Hostname'],
      ['--kubelet-insecure-tls', undefined],
      ['--cert-dir', '/tmp'],
    ],
  );
  assert.equal(setFlag(text, '--kubelet-preferred-address-types', 'InternalIP'), text.replace('"Hostname"', '"InternalIP"'));
});

test('flow-style args and a container without args', () => {
  const flow = deployment('      - name: metrics-server\n        image: metrics-server:v0.7.2\n        args: ["--cert-dir=/tmp", "--secure-port=4443"]\n');
  assert.equal(
    setFlag(flow, '--kubelet-preferred-address-types', 'InternalIP,Hostname'),
    flow.replace('"--secure-port=4443"]', '"--secure-port=4443", "--kubelet-preferred-address-types=InternalIP,Hostname"]'),
  );
  const none = deployment('      - name: metrics-server\n        image: metrics-server:v0.3.6\n        imagePullPolicy: Always\n');
  assert.equal(setFlag(none, '--kubelet-insecure-tls'), none.replace('Always\n', 'Always\n        args:\n        - --kubelet-insecure-tls\n'));
});

test('CRLF files get CRLF line breaks in appended flags', () => {
  const crlf = argsForm.replace(/\n/g, '\r\n');
  assert.equal(
    setFlag(crlf, '--metric-resolution', '15s'),
    argsForm.replace('        - --kubelet-use-node-status-port\n', '        - --kubelet-use-node-status-port\n        - --metric-resolution=15s\n').replace(/\n/g, '\r\n'),
  );
});

test('setFlagInList edits live container lists the same way', () => {
  assert.deepEqual(setFlagInList(['/metrics-server', '--kubelet-insecure-tls=true', '--kubelet-preferred-address-types=Hostname'], '--kubelet-preferred-address-types', 'InternalIP'), [
    '/metrics-server',
    '--kubelet-insecure-tls=true',
    '--kubelet-preferred-address-types=InternalIP',
  ]);
  assert.deepEqual(setFlagInList(['--a', '--kubelet-port', '10250', '--kubelet-port=1'], '--kubelet-port', '10255'), ['--a', '--kubelet-port', '10255']);
  assert.deepEqual(setFlagInList(['--cert-dir=/tmp'], '--kubelet-use-node-status-port'), ['--cert-dir=/tmp', '--kubelet-use-node-status-port']);
  assert.deepEqual(setFlagInList(['--kubelet-insecure-tls', '--x'], '--kubelet-insecure-tls'), ['--kubelet-insecure-tls', '--x']);
  assert.deepEqual(containerFlagChange({ command: ['/metrics-server', '--v=2'] }, '--kubelet-use-node-status-port'), {
    field: 'command',
    value: ['/metrics-server', '--v=2', '--kubelet-use-node-status-port'],
  });
  assert.deepEqual(containerFlagChange({ command: ['/metrics-server'], args: ['--cert-dir=/tmp'] }, '--metric-resolution', '15s'), {
    field: 'args',
    value: ['--cert-dir=/tmp', '--metric-resolution=15s'],
  });
  assert.deepEqual(containerFlagChange({}, '--kubelet-insecure-tls'), { field: 'args', value: ['--kubelet-insecure-tls'] });
});
