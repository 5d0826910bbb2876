// Second launcher for the same suite (test/vscode/suite): VS Code desktop through @vscode/test-electron, for
// machines that can download VS Code (CI here cannot; it uses scenario.mjs with code-server). Runs the
// "fixes" scenario; the "untrusted" one needs Workspace Trust settings that only scenario.mjs sets up.
//   node test/vscode/electron.mjs [--version 1.100.3]      (needs a display, or xvfb-run on Linux)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { buildVscodeTests } from '../../scripts/build-vscode-tests.mjs';
import { quietSettings, repoRoot } from '../../scripts/setup-code-server.mjs';

const { values } = parseArgs({ options: { version: { type: 'string', default: '1.100.3' } } });

const build = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const extensionTestsPath = await buildVscodeTests();

const tmp = mkdtempSync(join(tmpdir(), 'ksd-vscode-electron-'));
const workspace = join(tmp, 'workspace');
cpSync(join(repoRoot, 'test', 'fixtures', 'vscode', 'fixes'), tmp, { recursive: true });
const extensionsDir = join(tmp, 'extensions');
mkdirSync(join(tmp, 'user-data', 'User'), { recursive: true });
writeFileSync(join(tmp, 'user-data', 'User', 'settings.json'), JSON.stringify(quietSettings, null, 2));
cpSync(join(repoRoot, 'test', 'fixtures', 'vscode', 'fake-yaml-extension'), join(extensionsDir, 'redhat.vscode-yaml-0.0.0-test'), { recursive: true });

let code = 0;
try {
  await runTests({
    version: values.version,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    // No KSD_UI_SYNC_DIR: the suite skips the checks that need the launcher to look at the rendered window.
    extensionTestsEnv: { KSD_VSCODE_SCENARIO: 'fixes', KSD_VSCODE_LOG: join(tmp, 'tests.log') },
    // A fresh extensions dir holding only the stand-in for redhat.vscode-yaml (as in scenario.mjs).
    launchArgs: [workspace, '--extensions-dir', extensionsDir, '--user-data-dir', join(tmp, 'user-data'), '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (err) {
  console.error(`VS Code tests failed: ${err instanceof Error ? err.message : err}`);
  code = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
