// Which namespace rows the Cluster view has open: pods' metrics are read for those namespaces only
// (src/extension/explorer/openNamespaces.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Row } from '../../src/extension/explorer/children';
import { OpenNamespaces } from '../../src/extension/explorer/openNamespaces';

const ns = (namespace: string): Row => ({ kind: 'namespace', id: `ns:${namespace}`, namespace });
const pods: Row = { kind: 'pods', id: 'pods' };
const nodes: Row = { kind: 'nodes', id: 'nodes' };

test('the open namespaces: from a row opened until it is closed, or Pods or the tree is; told on each change only', () => {
  const heard: string[][] = [];
  const open = new OpenNamespaces((list) => heard.push(list));
  // The top, the Pods group and Nodes opening say nothing about pod rows.
  open.childrenAsked(undefined);
  open.childrenAsked(pods);
  open.childrenAsked(nodes);
  assert.deepEqual(open.list, []);
  open.childrenAsked(ns('shop'));
  open.childrenAsked(ns('shop')); // VS Code asks again on a refresh
  open.childrenAsked(ns('ksd-load'));
  assert.deepEqual(open.list, ['ksd-load', 'shop']);
  open.collapsed(ns('shop'));
  assert.deepEqual(open.list, ['ksd-load'], 'ksd-load is still open');
  open.collapsed(nodes);
  assert.deepEqual(open.list, ['ksd-load']);
  open.collapsed(ns('ksd-load'));
  assert.deepEqual(open.list, []);
  // Closing Pods hides the namespaces under it, open or not; reopened, VS Code asks for them again.
  open.childrenAsked(ns('shop'));
  open.collapsed(pods);
  assert.deepEqual(open.list, []);
  open.childrenAsked(ns('shop'));
  open.clear();
  assert.deepEqual(heard, [['shop'], ['ksd-load', 'shop'], ['ksd-load'], [], ['shop'], [], ['shop'], []]);
});
