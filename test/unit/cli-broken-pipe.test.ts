// `kube-scaling-doctor … | head`: when the reader closes the pipe before the output is written, the CLI ends as
// kubectl and the shell's tools do when SIGPIPE ends them (exit 141) and prints nothing, where it used to die on an
// unhandled EPIPE with a stack trace. Uses dist/cli.js: build first.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const fixtures = join(__dirname, '..', 'fixtures', 'articles');

for (const args of [['--help'], ['lint', fixtures]]) {
  test(`\`${args[0]}\` into a pipe closed before it writes: exit 141, no stack trace`, async () => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before the child (which takes tens of milliseconds to start) writes a byte.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(stderr, '');
    assert.equal(code, 141);
  });
}
