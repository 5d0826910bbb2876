// Live CodeLens in Restricted Mode (issue 11, item 22): an untrusted workspace's YAML does not connect to the
// cluster until the workspace is trusted or the user asks; until then one lens says how to connect.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseFile } from '../../src/core/manifest/model';
import { CONNECT_LIVE_COMMAND, liveAccess, waitingLens } from '../../src/extension/live/access';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));

test('live lenses connect only in a trusted workspace or when the user asked, and never when turned off', () => {
  assert.equal(liveAccess({ enabled: true, trusted: false, userAsked: false }), 'waitForTrust', 'opening a file of an untrusted repository must not connect');
  assert.equal(liveAccess({ enabled: true, trusted: false, userAsked: true }), 'connect');
  assert.equal(liveAccess({ enabled: true, trusted: true, userAsked: false }), 'connect');
  assert.equal(liveAccess({ enabled: false, trusted: true, userAsked: true }), 'off');
  assert.equal(liveAccess({ enabled: false, trusted: false, userAsked: false }), 'off');
});

test('while waiting for trust, one lens per file sits where the first live lens would and runs the contributed connect command', () => {
  const text =
    '# a comment\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n';
  const lens = waitingLens(parseFile('file:///repo/app.yaml', text));
  assert.ok(lens);
  assert.equal(text.slice(lens.range.start, lens.range.start + 'kind: HorizontalPodAutoscaler'.length), 'kind: HorizontalPodAutoscaler', 'on the HPA, not the ConfigMap');
  assert.match(lens.title, /Restricted Mode/);
  assert.match(lens.tooltip, /credential plugin/);
  assert.equal(lens.command, CONNECT_LIVE_COMMAND);
  const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command);
  assert.ok(contributed.includes(CONNECT_LIVE_COMMAND), 'the lens runs a command the extension contributes');
  assert.equal(waitingLens(parseFile('file:///repo/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n')), undefined, 'no lens on files without live objects');
});
