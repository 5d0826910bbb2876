// Bundles the tests that run inside VS Code's extension host (test/vscode/suite) into out/test/vscode/index.js.
// Both launchers (code-server: test/vscode/scenario.mjs; VS Code desktop: test/vscode/electron.mjs) load that file.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const vscodeTestsEntry = join(root, 'out', 'test', 'vscode', 'index.js');

export async function buildVscodeTests() {
  await build({
    entryPoints: [join(root, 'test', 'vscode', 'suite', 'index.ts')],
    outfile: vscodeTestsEntry,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return vscodeTestsEntry;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildVscodeTests();
