// How `lint --fix` writes (issue 11 items 5-6): atomically, only over a file still as it was read, keeping mode,
// symlinks, byte-order mark and line endings; never over a file that is not valid UTF-8.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { applyFixes } from '../../src/cli/lint';
import { withDefaults } from '../../src/core/lint/settings';
import { Workspace } from '../../src/core/manifest/workspace';
import { keepLineEndings, snapshotForFix, writeFileAtomically, WriteRefusedError } from '../../src/cli/fileWrite';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

const HPA = `apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
  metrics:
    - type: Pods
      pods:
        metricName: rps
        targetAverageValue: 30
`;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ksd-fix-write-'));
}

const lint = (args: string[]) => spawnSync(process.execPath, [CLI, 'lint', ...args], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '' } });

test('item 5: a file saved by someone else after it was read is not overwritten', () => {
  const dir = tempDir();
  try {
    const path = join(dir, 'hpa.yaml');
    writeFileSync(path, HPA);
    const snapshot = snapshotForFix(path, HPA);
    writeFileSync(path, HPA + '# saved by the editor\n');
    assert.throws(
      () => writeFileAtomically(snapshot, 'fixed\n'),
      (err: Error) => err instanceof WriteRefusedError && /changed on disk/.test(err.message),
    );
    assert.equal(readFileSync(path, 'utf8'), HPA + '# saved by the editor\n');
    assert.deepEqual(readdirSync(dir), ['hpa.yaml'], 'no temporary file left behind');
    assert.throws(() => snapshotForFix(path, HPA), /changed on disk since it was read/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('item 5: the write replaces the file through a rename, keeping its mode and any symlink to it', () => {
  const dir = tempDir();
  try {
    const path = join(dir, 'hpa.yaml');
    writeFileSync(path, HPA);
    chmodSync(path, 0o640);
    symlinkSync('hpa.yaml', join(dir, 'link.yaml'));
    const before = statSync(path).ino;
    writeFileAtomically(snapshotForFix(join(dir, 'link.yaml'), HPA), 'fixed\n');
    assert.equal(readFileSync(path, 'utf8'), 'fixed\n');
    assert.notEqual(statSync(path).ino, before, 'a new file renamed into place, never a truncate-and-write');
    assert.equal(statSync(path).mode & 0o777, 0o640);
    assert.ok(lstatSync(join(dir, 'link.yaml')).isSymbolicLink());
    assert.deepEqual(readdirSync(dir).sort(), ['hpa.yaml', 'link.yaml']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('item 5: new lines take the line endings of a file that uses one kind', () => {
  assert.equal(keepLineEndings('a\r\nb\r\n', 'a\r\nx\ny\r\n'), 'a\r\nx\r\ny\r\n');
  assert.equal(keepLineEndings('a\nb\n', 'a\r\nx\n'), 'a\nx\n');
  assert.equal(keepLineEndings('a\r\nb\n', 'a\r\nx\n'), 'a\r\nx\n', 'mixed endings are left as they are');
});

test('item 5 (CLI): --fix renames a new file into place, keeping the byte-order mark, CRLF line endings and the mode', () => {
  const dir = tempDir();
  try {
    const path = join(dir, 'hpa.yaml');
    writeFileSync(path, '\ufeff' + HPA.replace(/\n/g, '\r\n'));
    chmodSync(path, 0o600);
    const inode = statSync(path).ino;
    const res = lint(['--fix', path]);
    assert.notEqual(statSync(path).ino, inode, 'written to a temporary file renamed into place: a crash never leaves half a manifest');
    assert.equal(res.status, 0, res.stdout + res.stderr);
    const text = readFileSync(path, 'utf8');
    assert.ok(text.startsWith('\ufeffapiVersion: autoscaling/v2\r\n'), JSON.stringify(text.slice(0, 40)));
    assert.equal(text.split('\n').length - 1, text.split('\r\n').length - 1, 'every line ends in CRLF');
    assert.match(text, /target: \{type: AverageValue, averageValue: 30\}|averageValue: 30/);
    assert.equal(statSync(path).mode & 0o777, 0o600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('item 6 (CLI): a file that is not valid UTF-8 is not rewritten, and the user is told why', () => {
  const dir = tempDir();
  try {
    const path = join(dir, 'latin1.yaml');
    const bytes = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\n' + HPA)]);
    writeFileSync(path, bytes);
    const res = lint(['--fix', path]);
    assert.ok(readFileSync(path).equals(bytes), 'every byte as it was');
    assert.match(res.stdout, /not fixing .*latin1\.yaml: it is not valid UTF-8/);
    assert.match(res.stdout, /hpa-deprecated-api/, 'the finding the fix would have fixed is still reported');
    assert.equal(res.status, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('review: a file changed on disk between reading and the fix snapshot counts as not written (exit 2)', () => {
  const dir = tempDir();
  try {
    const path = join(dir, 'hpa.yaml');
    writeFileSync(path, HPA + '# saved by the editor\n'); // on disk: not the text the run read
    const uri = pathToFileURL(path).href;
    const ws = new Workspace();
    ws.set(uri, HPA);
    const notes: string[] = [];
    const allWritten = applyFixes(ws, [{ display: 'hpa.yaml', absolute: path, uri }], new Set(), withDefaults({ kubernetesVersion: '1.30' }), (l) => notes.push(l));
    assert.match(notes.join('\n'), /not fixing hpa\.yaml: it changed on disk since it was read/);
    assert.equal(allWritten, false, 'counted as unwritten, so the run exits 2 as for a later change');
    assert.equal(readFileSync(path, 'utf8'), HPA + '# saved by the editor\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
