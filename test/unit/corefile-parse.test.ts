// Corefile syntax (k8s/corefile/parse.ts): tokens, blocks, refusals, server keys and the printer.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { render } from '../../src/core/l10n';
import { hasFallthrough, hostsDirective, isRootServerBlock, parseCorefile, parseDirectiveList, parseServerKey, printCorefile, walkDirectives, type Corefile } from '../../src/core/k8s/corefile';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/infra', name), 'utf8');
const kubeadm = fixture('kubeadm.Corefile');
const k3s = fixture('k3s.Corefile');

function parsed(text: string): Corefile {
  const r = parseCorefile(text);
  if (!r.ok) assert.fail(`expected to parse: ${render(r.error, 'en')}`);
  return r.value;
}

const names = (cf: Corefile) => cf.serverBlocks.map((sb) => sb.block.directives.map((d) => d.name.text));

test('parses the kubeadm default Corefile with nested plugin blocks', () => {
  const cf = parsed(kubeadm);
  assert.equal(cf.serverBlocks.length, 1);
  const sb = cf.serverBlocks[0];
  assert.deepEqual(
    sb.keys.map((k) => k.text),
    ['.:53'],
  );
  assert.ok(isRootServerBlock(sb));
  assert.deepEqual(names(cf)[0], ['errors', 'health', 'ready', 'kubernetes', 'prometheus', 'forward', 'cache', 'loop', 'reload', 'loadbalance']);
  const k8s = sb.block.directives[3];
  assert.deepEqual(
    k8s.args.map((a) => a.text),
    ['cluster.local', 'in-addr.arpa', 'ip6.arpa'],
  );
  assert.deepEqual(
    k8s.block?.directives.map((d) => d.name.text),
    ['pods', 'fallthrough', 'ttl'],
  );
  assert.equal(k8s.indent, '    ');
  assert.equal(kubeadm.slice(k8s.name.start, k8s.name.end), 'kubernetes');
  assert.equal(kubeadm[k8s.end - 1], '}');
  assert.equal(hostsDirective(sb), undefined);
});

test('parses the k3s default Corefile: NodeHosts file, override import and top-level import', () => {
  const cf = parsed(k3s);
  const hosts = hostsDirective(cf.serverBlocks[0])!;
  assert.deepEqual(
    hosts.args.map((a) => a.text),
    ['/etc/coredns/NodeHosts'],
  );
  assert.ok(hasFallthrough(hosts));
  assert.deepEqual(
    cf.imports.map((d) => d.args[0].text),
    ['/etc/coredns/custom/*.server'],
  );
  assert.equal(names(cf)[0].at(-1), 'import');
});

test('parses several server blocks, comments, quotes and multi-key blocks', () => {
  const text = [
    '# company zones',
    'example.org:53 example.net {   # two keys',
    '    file "/etc/coredns/db file" example.org',
    '    log',
    '}',
    '',
    'dns://.:53 {',
    '    forward . 8.8.8.8 {$UPSTREAM}',
    '}',
    '',
  ].join('\n');
  const cf = parsed(text);
  assert.deepEqual(
    cf.serverBlocks.map((sb) => sb.keys.map((k) => k.text)),
    [['example.org:53', 'example.net'], ['dns://.:53']],
  );
  assert.deepEqual(cf.serverBlocks.map(isRootServerBlock), [false, true]);
  assert.deepEqual(
    cf.serverBlocks[0].block.directives[0].args.map((a) => a.text),
    ['/etc/coredns/db file', 'example.org'],
  );
  assert.deepEqual(
    cf.serverBlocks[1].block.directives[0].args.map((a) => a.text),
    ['.', '8.8.8.8', '{$UPSTREAM}'],
  );
});

test('walkDirectives visits nested blocks and the printer round-trips the structure', () => {
  const cf = parsed(kubeadm);
  assert.deepEqual([...walkDirectives(cf.serverBlocks[0].block.directives)].filter((d) => d.name.text === 'fallthrough').length, 1);
  const again = parsed(printCorefile(cf));
  assert.deepEqual(names(again), names(cf));
  assert.equal(printCorefile(again), printCorefile(cf));
});

test('refuses what it cannot read with certainty', () => {
  for (const bad of [
    '.:53 {\n    errors\n',
    '.:53 {\n    health {lameduck 5s}\n}\n',
    '.:53\n    errors\n',
    '.:53 {\n    errors\n}\n}\n',
    '.:53 {\n    forward . "/etc/resolv.conf\n}\n',
    '.:53 {\n    hosts {\n        1.2.3.4 a\n    } extra\n}\n',
  ]) {
    const r = parseCorefile(bad);
    assert.equal(r.ok, false, bad);
  }
});

test('parses the directive list of an AKS *.override key', () => {
  const r = parseDirectiveList('hosts {\n  10.0.0.1 node-a\n  fallthrough\n}\nlog\n');
  assert.ok(r.ok);
  assert.deepEqual(
    r.value.map((d) => d.name.text),
    ['hosts', 'log'],
  );
  assert.equal(parseDirectiveList('log\n}\n').ok, false);
});

test('server keys: scheme, zone and port', () => {
  assert.deepEqual(parseServerKey('.:53'), { scheme: 'dns', zone: '.', port: '53' });
  assert.deepEqual(parseServerKey('.'), { scheme: 'dns', zone: '.' });
  assert.deepEqual(parseServerKey('dns://example.org:1053'), { scheme: 'dns', zone: 'example.org', port: '1053' });
  assert.deepEqual(parseServerKey('tls://.:853'), { scheme: 'tls', zone: '.', port: '853' });
  assert.ok(!isRootServerBlock(parsed('.:1053 {\n    log\n}\n').serverBlocks[0]));
  assert.ok(!isRootServerBlock(parsed('tls://.:53 {\n    log\n}\n').serverBlocks[0]));
  assert.ok(isRootServerBlock(parsed('example.org, . {\n    log\n}\n').serverBlocks[0]));
});

test('a byte-order mark or other Unicode space inside a Corefile is read as CoreDNS reads it, never looped on', () => {
  // JavaScript's \s counts U+FEFF as a space, Go's unicode.IsSpace does not: the tokenizer used to stop on it forever.
  const parsed = parseCorefile('.:53 {\n    hosts {\n    \ufeff  10.0.0.1 node1\n      fallthrough\n    }\n\u00a0   errors\n}\n');
  assert.ok(parsed.ok, !parsed.ok ? render(parsed.error, 'en') : '');
  const hosts = parsed.value.serverBlocks[0].block.directives[0];
  assert.deepEqual(
    hosts.block!.directives.map((d) => [d.name.text, ...d.args.map((a) => a.text)]),
    [['\ufeff', '10.0.0.1', 'node1'], ['fallthrough']],
  );
  assert.equal(parsed.value.serverBlocks[0].block.directives[1].name.text, 'errors', 'U+00A0 separates tokens, as in Go');
});
