// Which namespace rows the Cluster view has open: pods' metrics are read only while one is (src/extension/explorer/openNamespaces.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Row } from '../../src/extension/explorer/children';
import { OpenNamespaces } from '../../src/extension/explorer/openNamespaces';

const ns = (namespace: string): Row => ({ kind: 'namespace', id: `ns:${namespace}`, namespace });
const pods: Row = { kind: 'pods', id: 'pods' };
const nodes: Row = { kind: 'nodes', id: 'nodes' };

test('pods are wanted from the first namespace opened until the last one is closed, or Pods or the tree is', () => {
  const heard: boolean[] = [];
  const open = new OpenNamespaces((any) => heard.push(any));
  // The top, the Pods group and Nodes opening say nothing about pod rows.
  open.childrenAsked(undefined);
  open.childrenAsked(pods);
  open.childrenAsked(nodes);
  assert.equal(open.anyOpen, false);
  open.childrenAsked(ns('shop'));
  open.childrenAsked(ns('shop')); // VS Code asks again on a refresh
  open.childrenAsked(ns('ksd-load'));
  open.collapsed(ns('shop'));
  assert.equal(open.anyOpen, true, 'ksd-load is still open');
  open.collapsed(nodes);
  assert.equal(open.anyOpen, true);
  open.collapsed(ns('ksd-load'));
  assert.equal(open.anyOpen, false);
  // Closing Pods hides the namespaces under it, open or not; reopened, VS Code asks for them again.
  open.childrenAsked(ns('shop'));
  open.collapsed(pods);
  assert.equal(open.anyOpen, false);
  open.childrenAsked(ns('shop'));
  open.clear();
  assert.deepEqual(heard, [true, false, true, false, true, false], 'told only when the answer changes');
});
