// `npm run package`: builds and packs the extension into <name>-<version>.vsix with @vscode/vsce, offline.
// esbuild has already bundled every dependency into dist/, hence --no-dependencies; .vscodeignore lists
// what goes in. Prints the path of the .vsix.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './setup-code-server.mjs';

const { name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const out = join(repoRoot, `${name}-${version}.vsix`);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')]);
run(process.execPath, [
  join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'),
  'package',
  '--no-dependencies',
  '--allow-missing-repository', // no public repository URL yet; README links stay relative
  '--no-rewrite-relative-links',
  '--out',
  out,
]);
console.log(`${out} (${Math.round(statSync(out).size / 1024)} KiB)`);
