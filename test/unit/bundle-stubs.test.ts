// scripts/build.mjs puts an empty module where node-fetch 2 (client-node's HTTP library) requires whatwg-url: node-fetch
// uses it only where Node has no URL class of its own. If an upgrade of node-fetch starts to use it otherwise, the
// cluster bundles would break at run time: this fails first. Uses dist/: build first.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..');

test('node-fetch uses whatwg-url only as the fallback for a Node without URL', () => {
  const source = readFileSync(require.resolve('node-fetch', { paths: [require.resolve('@kubernetes/client-node')] }), 'utf8');
  const uses = [...source.matchAll(/whatwgUrl\b[^\n]*/g)].map((m) => m[0]);
  assert.ok(uses.length > 0, 'node-fetch no longer mentions whatwg-url: the stub in scripts/build.mjs can go');
  const fallbacks = uses.filter((u) => /^whatwgUrl\.URL;$/.test(u));
  const load = uses.filter((u) => u.startsWith("whatwgUrl = _interopDefault(require('whatwg-url'))"));
  assert.equal(load.length, 1, uses.join('\n'));
  assert.equal(fallbacks.length + load.length, uses.length, `a use of whatwg-url other than the fallback:\n${uses.join('\n')}`);
  assert.equal([...source.matchAll(/= Url\.URL \|\| whatwgUrl\.URL;/g)].length, fallbacks.length, 'every fallback is `Url.URL || whatwgUrl.URL`');
});

test('the cluster bundles hold no whatwg-url or its Unicode tables', () => {
  for (const bundle of ['cli-top.js', 'cli-cluster.js', 'extension-cluster.js']) {
    const text = readFileSync(join(root, 'dist', bundle), 'utf8');
    assert.ok(!text.includes('node_modules/tr46/'), `${bundle} holds tr46`);
    assert.ok(!text.includes('node_modules/whatwg-url/'), `${bundle} holds whatwg-url`);
  }
});
