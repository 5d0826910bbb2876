// VS Code scenarios that need no cluster (authoring: diagnostics, CodeLens, quick fixes, the packaged .vsix,
// Restricted Mode), each in a real VS Code through scenario.mjs. scripts/run-tests.mjs runs them while the local
// cluster's binaries build.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { picture } from './pictures.mjs';
import { options, results, runScenario } from './scenario.mjs';

const codelensVisible = (label) => async (page) => {
  const lens = page.locator('.codelens-decoration a', { hasText: /Convert to autoscaling\/v2/ });
  await lens.first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.screenshot({ path: join(results, `vscode-${label}-codelens.png`) });
};

/** The light bulb's menu at the sidecar's missing request: its fix listed once, then closed with Escape. */
const quickFixMenu = (label) => async (page) => {
  const menu = page.locator('.action-widget').first();
  await menu.waitFor({ state: 'visible', timeout: 30_000 });
  const entries = await menu.locator('.monaco-list-row').allInnerTexts();
  const fixes = entries.filter((e) => /Add requests \(cpu: 100m\) to container "log-shipper"/.test(e));
  assert.equal(fixes.length, 1, `the menu lists the sidecar's fix once: ${entries.join(' | ')}`);
  await picture(page, 'quick-fix', page.locator('.editor-group-container').first(), { maxHeight: 470 });
  await page.screenshot({ path: join(results, `vscode-${label}-quick-fix-menu.png`) });
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden', timeout: 10_000 });
};

test('VS Code (code-server 4.100.3): diagnostics, CodeLens and quick fixes for a v2beta1 HPA and its Deployment', options, (t) =>
  // The stand-in for redhat.vscode-yaml (which cannot be downloaded here) records our schema contributor.
  runScenario(t, { scenario: 'fixes', fakeYaml: true, uiChecks: { codelens: codelensVisible('fixes'), 'quick-fix-menu': quickFixMenu('fixes') } }),
);

test('VS Code (code-server 4.100.3): the packaged .vsix, installed, passes the same scenario', options, (t) =>
  runScenario(t, { scenario: 'fixes', label: 'vsix', vsix: true, uiChecks: { codelens: codelensVisible('vsix'), 'quick-fix-menu': quickFixMenu('vsix') } }),
);

test('VS Code (code-server 4.100.3): Restricted Mode keeps authoring features (CodeLens click included) and ignores the workspace kubeconfig', options, (t) =>
  runScenario(t, {
    scenario: 'untrusted',
    trusted: false,
    uiChecks: {
      'click-convert': async (page) => {
        const lens = page.locator('.codelens-decoration a', { hasText: /Convert to autoscaling\/v2/ }).first();
        await lens.waitFor({ state: 'visible', timeout: 30_000 });
        await page.screenshot({ path: join(results, 'vscode-untrusted-codelens.png') });
        await lens.click();
      },
    },
  }),
);
