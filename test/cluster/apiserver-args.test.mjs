// `up --apiserver-arg` (no cluster needed): what kwokctl is given for extra kube-apiserver flags, the rule for an
// existing cluster created with other flags, and the CLI's refusal of a malformed flag before anything starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { paths } from '../../scripts/cluster/lib.mjs';
import { checkApiserverArgs, kwokctlConfiguration, parseApiserverArgs } from '../../scripts/cluster/lib/kwok.mjs';

const p = paths({ name: 'ksd-apiserver-args-unit' });
const apiserverArgsOf = (conf) => conf.componentsPatches.find((c) => c.name === 'kube-apiserver').extraArgs;

test('each --apiserver-arg reaches kube-apiserver after our flags; one named like ours replaces it', () => {
  const args = apiserverArgsOf(kwokctlConfiguration(p, 'test', ['--runtime-config=autoscaling/v2=false', '--requestheader-allowed-names=aggregator', '--requestheader-username-headers=X-User']));
  assert.deepEqual(args.slice(-3), [
    { key: 'runtime-config', value: 'autoscaling/v2=false', override: false },
    { key: 'requestheader-allowed-names', value: 'aggregator', override: false },
    { key: 'requestheader-username-headers', value: 'X-User', override: false },
  ]);
  assert.equal(args.filter((a) => a.key === 'requestheader-username-headers').length, 1, 'replaced, never given twice');
  assert.ok(
    args.some((a) => a.key === 'requestheader-client-ca-file'),
    'the front-proxy CA stays',
  );
  assert.deepEqual(apiserverArgsOf(kwokctlConfiguration(p, 'test')), apiserverArgsOf(kwokctlConfiguration(p, 'test', [])), 'no flags: the configuration of before');
});

test('a flag must be --name=value (or --name for a boolean); anything else is refused naming it', () => {
  assert.deepEqual(parseApiserverArgs(['--v=4', '--enable-aggregator-routing', '--runtime-config=a=b,c=d']), [
    { key: 'v', value: '4' },
    { key: 'enable-aggregator-routing', value: 'true' },
    { key: 'runtime-config', value: 'a=b,c=d' },
  ]);
  for (const bad of ['runtime-config=x', '-v=4', '--', '--Bad=1', '']) assert.throws(() => parseApiserverArgs([bad]), /--apiserver-arg takes one kube-apiserver flag as --name=value/, bad);
});

test('an existing cluster keeps the flags it was created with; asking for others is refused with what to do', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ksd-apiserver-args-'));
  const cluster = { ...p, state: path.join(dir, 'ksd-state.json') };
  try {
    fs.writeFileSync(cluster.state, JSON.stringify({ profile: 'test', apiserverArgs: ['--runtime-config=autoscaling/v2=false'] }));
    assert.doesNotThrow(() => checkApiserverArgs(cluster, ['--runtime-config=autoscaling/v2=false']));
    assert.throws(() => checkApiserverArgs(cluster, []), /created with kube-apiserver flags --runtime-config=autoscaling\/v2=false, not \(none\).*down --name ksd-apiserver-args-unit` first/);
    fs.writeFileSync(cluster.state, JSON.stringify({ profile: 'test' })); // a cluster created before the option: no flags
    assert.doesNotThrow(() => checkApiserverArgs(cluster, []));
    assert.throws(() => checkApiserverArgs(cluster, ['--requestheader-allowed-names=aggregator']), /created with kube-apiserver flags \(none\), not --requestheader-allowed-names=aggregator/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('npm run cluster -- up refuses a malformed --apiserver-arg with exit code 1 before building or starting anything', () => {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ksd-apiserver-args-cache-'));
  try {
    const cli = path.join(import.meta.dirname, '..', '..', 'scripts', 'cluster', 'cli.mjs');
    const r = spawnSync(process.execPath, [cli, 'up', '--name', 'ksd-never', '--apiserver-arg=--runtime-config=autoscaling/v2=false', '--apiserver-arg', 'runtime-config'], {
      encoding: 'utf8',
      env: { ...process.env, KSD_CACHE_DIR: cacheDir },
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /ERROR: --apiserver-arg takes one kube-apiserver flag as --name=value \(got "runtime-config"\)/);
    assert.deepEqual(fs.readdirSync(cacheDir), [], 'nothing built, nothing created');
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});
