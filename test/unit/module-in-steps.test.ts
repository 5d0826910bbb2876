// Loading the cluster bundle in steps (src/extension/moduleInSteps.ts): the same exports as require(), the event
// loop getting turns while it loads, and a V8 code cache that is written, used, and ignored when it is not valid.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadModuleInSteps } from '../../src/extension/moduleInSteps';
import { tempDir } from '../tempDir';

const dir = tempDir('ksd-steps-');
const file = path.join(dir, 'bundle.js');
fs.writeFileSync(path.join(dir, 'helper.js'), 'exports.twice = (n) => 2 * n;\n');
fs.writeFileSync(
  file,
  [
    "const { twice } = require('./helper');",
    "const https = require('node:https');",
    'exports.answer = twice(21);',
    'exports.where = [__filename, __dirname];',
    "exports.agent = typeof https.Agent === 'function';",
    'exports.self = this === module.exports;',
  ].join('\n'),
);
const cacheDir = path.join(dir, 'cache');
const cacheFiles = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : []);

test('a module loaded in steps has the exports require() gives it, with its own __filename, require and this', async () => {
  const r = await loadModuleInSteps<Record<string, unknown>>(file, { builtins: [['node:https']] });
  assert.ok(r);
  assert.deepEqual(r.exports, { answer: 42, where: [file, dir], agent: true, self: true });
  assert.equal(r.codeCache, 'none');
});

test('the event loop gets turns while a module loads in steps', async () => {
  let turns = 0;
  let counting = true;
  const count = () => {
    turns++;
    if (counting) setImmediate(count);
  };
  setImmediate(count);
  await loadModuleInSteps(file, { builtins: [['node:https'], ['node:zlib']] });
  counting = false;
  // read, two built-in groups, compile, run: a turn before each of the last four at least.
  assert.ok(turns >= 4, `${turns} turns`);
});

test('a file that cannot be read gives undefined (the caller then require()s it and reports what is missing)', async () => {
  assert.equal(await loadModuleInSteps(path.join(dir, 'missing.js')), undefined);
});

test('loading stops when cancelled (the module was require()d meanwhile)', async () => {
  assert.equal(await loadModuleInSteps(file, { builtins: [['node:https']], cancelled: () => true }), undefined);
});

/**
 * Loads the file in a process of its own (within one process V8 reuses its own compile of a source it has seen, so
 * a cache would never be consulted), waiting until a new cache is written; its code-cache outcome and exports.
 */
function loadInProcess(): { codeCache: string; answer: number; rebuilt?: boolean } {
  const steps = path.join(__dirname, '..', '..', 'src', 'extension', 'moduleInSteps.ts');
  const script = [
    `const { loadModuleInSteps } = require(${JSON.stringify(steps)});`,
    `loadModuleInSteps(${JSON.stringify(file)}, { codeCacheDir: ${JSON.stringify(cacheDir)}, saveCacheAfterMs: 0 }).then((r) => {`,
    '  console.log(JSON.stringify({ codeCache: r.codeCache, answer: r.exports.answer, rebuilt: r.exports.rebuilt }));',
    '  setTimeout(() => undefined, 1000);',
    '});',
  ].join('\n');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('the code cache is written after a load, used by the next, and a broken one is ignored', () => {
  assert.deepEqual(loadInProcess(), { codeCache: 'none', answer: 42 });
  assert.equal(cacheFiles().length, 1);
  assert.deepEqual(loadInProcess(), { codeCache: 'used', answer: 42 });
  fs.writeFileSync(path.join(cacheDir, cacheFiles()[0]), 'not a code cache');
  assert.deepEqual(loadInProcess(), { codeCache: 'rejected', answer: 42 });
});

test('a new build of the file gets a cache of its own, and the old one is removed', () => {
  const old = cacheFiles();
  assert.equal(old.length, 1);
  fs.appendFileSync(file, '\nexports.rebuilt = true;\n');
  assert.deepEqual(loadInProcess(), { codeCache: 'none', answer: 42, rebuilt: true });
  assert.equal(cacheFiles().length, 1);
  assert.notEqual(cacheFiles()[0], old[0]);
});
