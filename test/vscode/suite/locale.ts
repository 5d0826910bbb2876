// Scenario "locale" (fixture test/fixtures/vscode/locale): VS Code started in Simplified Chinese (code-server's
// --locale with a stand-in language pack, see scenario.mjs). The extension follows the display language: its
// contributions come from package.nls.zh-cn.json, the Cluster view's empty state (no kubeconfig) and the status bar
// from l10n/bundle.l10n.zh-cn.json, and the language client asks the server for zh-cn in `initialize`.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/extension';
import { codeOf, EXTENSION_ID, log, runSteps, uiCheckpoint, waitFor, workspaceRoot } from './harness';

/** What the launcher read from the rendered page at a checkpoint. */
interface Rendered {
  rows: string[];
  viewTitles: string[];
  statusBar: string[];
  /** The welcome text of views without rows (the Doctor view's, before a run). */
  welcome: string[];
}

function rendered(name: string): Rendered {
  const dir = process.env.KSD_UI_SYNC_DIR;
  if (!dir) throw new Error('KSD_UI_SYNC_DIR is not set: this scenario needs the code-server launcher');
  return JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as Rendered;
}

export async function localeScenario(): Promise<void> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  const deploymentUri = vscode.Uri.file(path.join(workspaceRoot(), 'shop-api-deployment.yaml'));
  let api: ExtensionApi;

  await runSteps([
    {
      name: 'VS Code runs in zh-cn, and the extension contributes its Chinese titles (package.nls.zh-cn.json)',
      fn: async () => {
        log(`  vscode.env.language: ${vscode.env.language}`);
        assert.equal(vscode.env.language, 'zh-cn');
        // VS Code keeps a localized command title as { value, original } (the palette finds it by either).
        const contributes = ext.packageJSON.contributes as {
          views: Record<string, { id: string; name: string }[]>;
          commands: { command: string; title: string | { value: string; original: string } }[];
        };
        assert.deepEqual(
          contributes.views.kubeScalingDoctor.map((v) => v.name),
          ['集群', '诊断'],
        );
        assert.deepEqual(contributes.commands.find((c) => c.command === 'kube-scaling-doctor.runDoctor')?.title, { value: '运行诊断', original: 'Run Doctor' });
      },
    },
    {
      name: 'the language client asks the server for zh-cn in initialize, and the server reports on the workspace',
      fn: async () => {
        await vscode.commands.executeCommand('kube-scaling-doctor.lintWorkspace');
        await waitFor('the extension to activate', () => ext.isActive, 30_000);
        api = ext.exports;
        const client = await waitFor('the language client to run', () => api.client()?.isRunning() && api.client(), 30_000);
        // getLocale() is what vscode-languageclient puts into InitializeParams.locale (client.js, initialize()).
        assert.equal((client as unknown as { getLocale(): string }).getLocale(), 'zh-cn');
        const [d] = await waitFor(
          'hpa-missing-request on the Deployment',
          () => {
            const found = vscode.languages.getDiagnostics(deploymentUri).filter((x) => codeOf(x) === 'hpa-missing-request');
            return found.length > 0 && found;
          },
          60_000,
        );
        log(`  diagnostic: ${d.message}`);
        assert.match(d.message, /log-shipper/);
        // The server renders in the locale the client sent: the finding and its quick fix are Chinese.
        assert.match(d.message, /^容器 "log-shipper" 缺少 .+ 的资源请求：HorizontalPodAutoscaler /);
        await vscode.workspace.openTextDocument(deploymentUri);
        const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
          'vscode.executeCodeActionProvider',
          deploymentUri,
          d.range,
          vscode.CodeActionKind.QuickFix.value,
          100,
        );
        const titles = actions.map((a) => a.title);
        for (const title of titles) log(`  quick fix: ${title}`);
        assert.ok(
          titles.some((title) => title.startsWith('为容器 "log-shipper" 添加')),
          `a quick-fix title in Chinese: ${titles.join(' | ')}`,
        );
      },
    },
    {
      name: 'the Cluster view without a kubeconfig shows its next steps in Chinese, and so do the status bar and the Doctor view',
      fn: async () => {
        await vscode.commands.executeCommand('kubeScalingDoctor.cluster.focus');
        const problem = await waitFor('the kubeconfig problem', () => api.cluster().problem()?.kind === 'kubeconfig' && api.cluster().problem(), 60_000);
        log(`  problem: ${problem.title}`);
        assert.ok(await uiCheckpoint('locale-cluster-view', 90_000), 'this scenario needs the code-server launcher');
        const shown = rendered('locale-cluster-view');
        for (const r of shown.rows) log(`  row: ${r}`);
        log(`  view titles: ${shown.viewTitles.join(' | ')}`);
        log(`  status bar: ${shown.statusBar.join(' | ')}`);
        const at = shown.rows.findIndex((r) => r.startsWith('问题：'));
        assert.ok(at >= 0, 'the problem row, introduced in Chinese');
        assert.deepEqual(shown.rows.slice(at + 1), ['选择 kubeconfig 文件', '启动本地集群', '切换上下文', '打开文档']);
        assert.ok(
          shown.viewTitles.some((title) => /集群/.test(title)),
          `the view's title from package.nls.zh-cn.json: ${shown.viewTitles.join(' | ')}`,
        );
        assert.ok(
          shown.statusBar.some((label) => label.startsWith('Kubernetes 上下文：无。')),
          'the status bar says there is no context, in Chinese',
        );
        log(`  welcome: ${shown.welcome.join(' | ')}`);
        assert.ok(
          shown.welcome.some((text) => text.includes('诊断会检查当前集群的指标链路') && text.includes('运行诊断')),
          "the Doctor view's welcome and its button, from package.nls.zh-cn.json",
        );
      },
    },
  ]);
}
