// Scenario "fixes" (fixture test/fixtures/vscode/fixes). The story a user lives through: a v2beta1 HPA whose Deployment (another file) has a sidecar without
// requests. Both problems are reported, the conversion is offered as a CodeLens, and the two quick fixes
// leave files that work on a current cluster.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, EXTENSION_ID, expectedText, log, runSteps, uiCheckpoint, waitFor, workspaceRoot } from './harness';

const DEPRECATED = 'hpa-deprecated-api';
const MISSING_REQUEST = 'hpa-missing-request';
const CONVERT_LENS = /Convert to autoscaling\/v2/;

export async function fixesScenario(): Promise<void> {
  const hpaUri = vscode.Uri.file(path.join(workspaceRoot(), 'shop-api-hpa.yaml'));
  const deploymentUri = vscode.Uri.file(path.join(workspaceRoot(), 'shop-api-deployment.yaml'));
  const diagnosticsOf = (uri: vscode.Uri, code?: string) => vscode.languages.getDiagnostics(uri).filter((d) => !code || codeOf(d) === code);

  await runSteps([
    {
      name: '"Scaling Doctor: Lint Workspace" starts the server, which reports on files that are not open',
      fn: async () => {
        assert.equal(
          vscode.workspace.textDocuments.some((d) => d.uri.fsPath === deploymentUri.fsPath),
          false,
        );
        log(`  extension active before the command: ${vscode.extensions.getExtension(EXTENSION_ID)?.isActive}`);
        await vscode.commands.executeCommand('kube-scaling-doctor.lintWorkspace');
        const [d] = await waitFor('hpa-missing-request on the Deployment', () => diagnosticsOf(deploymentUri, MISSING_REQUEST).length > 0 && diagnosticsOf(deploymentUri, MISSING_REQUEST), 60_000);
        assert.match(d.message, /log-shipper/);
      },
    },
    {
      name: 'opening the HPA shows it in a YAML editor with the language client running',
      fn: async () => {
        const doc = await vscode.workspace.openTextDocument(hpaUri);
        await vscode.window.showTextDocument(doc, { preview: false });
        assert.equal(doc.languageId, 'yaml');
        const ext = vscode.extensions.getExtension(EXTENSION_ID);
        assert.ok(ext, `${EXTENSION_ID} is not loaded`);
        await waitFor('the extension to activate', () => ext.isActive, 30_000);
        const api = ext.exports as { client(): { isRunning(): boolean } | undefined };
        await waitFor('the language client to run', () => api.client()?.isRunning(), 30_000);
        const diags = await waitFor('any diagnostic from the server', () => diagnosticsOf(hpaUri).length > 0 && diagnosticsOf(hpaUri), 60_000);
        log(`  diagnostics: ${diags.map((d) => `${codeOf(d)}@${d.range.start.line + 1}`).join(', ')}`);
      },
    },
    {
      name: 'the v2beta1 HPA gets both diagnostics: deprecated API and missing request of the sidecar',
      fn: async () => {
        await waitFor(`${DEPRECATED} and ${MISSING_REQUEST} on the HPA`, () => diagnosticsOf(hpaUri, DEPRECATED).length === 1 && diagnosticsOf(hpaUri, MISSING_REQUEST).length === 1, 60_000);
        const [deprecated] = diagnosticsOf(hpaUri, DEPRECATED);
        const [missing] = diagnosticsOf(hpaUri, MISSING_REQUEST);
        assert.match(deprecated.message, /autoscaling\/v2beta1/);
        assert.equal(deprecated.range.start.line, 1, 'the deprecation is reported on the apiVersion line');
        assert.match(missing.message, /missing request for cpu/);
        assert.match(missing.message, /log-shipper/);
        assert.equal(missing.severity, vscode.DiagnosticSeverity.Error);
      },
    },
    {
      name: 'the CodeLens offers the conversion to autoscaling/v2 and is visible in the editor',
      fn: async () => {
        const lenses = await waitFor(
          'CodeLenses on the HPA',
          async () => {
            const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', hpaUri, 100);
            return all.some((l) => CONVERT_LENS.test(l.command?.title ?? '')) && all;
          },
          30_000,
        );
        log(`  lenses: ${lenses.map((l) => JSON.stringify(l.command?.title)).join(', ')}`);
        await vscode.window.showTextDocument(hpaUri, { preview: false, selection: new vscode.Range(0, 0, 0, 0) });
        await uiCheckpoint('codelens');
      },
    },
    {
      name: 'the missing-request quick fix adds requests to the sidecar in the Deployment file',
      fn: async () => {
        const [missing] = diagnosticsOf(hpaUri, MISSING_REQUEST);
        // The light bulb's menu, opened as Ctrl+. opens it: the launcher checks what it lists and takes its picture.
        await vscode.window.showTextDocument(hpaUri, { preview: false, selection: new vscode.Range(missing.range.start, missing.range.start) });
        await vscode.commands.executeCommand('editor.action.quickFix');
        await uiCheckpoint('quick-fix-menu');
        const action = await quickFixFor(
          hpaUri,
          missing,
          /^Add requests \(cpu: 100m\) to container "log-shipper" \(a guess: a placeholder, not measured; measure with kube-scaling-doctor top pods\)$/,
        );
        await apply(action);
        const deployment = await vscode.workspace.openTextDocument(deploymentUri);
        assert.equal(deployment.getText(), expectedText('shop-api-deployment.yaml'));
        assert.ok(await deployment.save(), 'the Deployment is saved');
      },
    },
    {
      name: 'the deprecated-API quick fix converts the HPA to autoscaling/v2, keeping its comments',
      fn: async () => {
        const deprecated = await waitFor(`${DEPRECATED} after the first fix`, () => diagnosticsOf(hpaUri, DEPRECATED)[0], 30_000);
        const action = await quickFixFor(hpaUri, deprecated, /^Convert to autoscaling\/v2$/);
        await apply(action);
        const hpa = await vscode.workspace.openTextDocument(hpaUri);
        assert.equal(hpa.getText(), expectedText('shop-api-hpa.yaml'));
        assert.ok(await hpa.save(), 'the HPA is saved');
      },
    },
    {
      name: "Red Hat's YAML extension gets our schemas, chosen by each document's apiVersion and kind",
      fn: async () => {
        // test/fixtures/vscode/fake-yaml-extension stands in for redhat.vscode-yaml and records contributors.
        const yaml = vscode.extensions.getExtension<{ contributors: YamlContributor[] }>('redhat.vscode-yaml');
        assert.ok(yaml, 'the launcher loads the stand-in YAML extension');
        const [c] = await waitFor('our schema contributor', () => yaml.isActive && yaml.exports.contributors.length > 0 && yaml.exports.contributors, 30_000);
        assert.equal(c.schema, 'kube-scaling-doctor');
        const dispatch = c.requestSchema(hpaUri.toString());
        assert.ok(dispatch, 'the autoscaling/v2 HPA gets a schema');
        assert.equal(c.requestSchema(deploymentUri.toString()), undefined, 'a file with only a Deployment gets none');
        const combined = JSON.parse(c.requestSchemaContent(dispatch)!) as { allOf: { if: { properties: { kind: { const: string } } }; then: { $ref: string } }[] };
        const hpaRef = combined.allOf.find((e) => e.if.properties.kind.const === 'HorizontalPodAutoscaler')?.then.$ref;
        assert.ok(hpaRef, 'the combined schema routes HorizontalPodAutoscaler documents');
        const schemaFile = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'schemas', 'hpa-autoscaling-v2.json');
        assert.equal(c.requestSchemaContent(hpaRef), fs.readFileSync(schemaFile, 'utf8'));
        assert.equal(c.requestSchemaContent('kube-scaling-doctor://schemas/../package.json'), undefined, 'only indexed schema files are served');
      },
    },
    {
      name: 'after both fixes neither problem is reported any more',
      fn: async () => {
        await waitFor('the HPA diagnostics to clear', () => diagnosticsOf(hpaUri, DEPRECATED).length === 0 && diagnosticsOf(hpaUri, MISSING_REQUEST).length === 0, 30_000);
        await waitFor('the Deployment diagnostics to clear', () => diagnosticsOf(deploymentUri, MISSING_REQUEST).length === 0, 30_000);
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', hpaUri, 100);
        assert.ok(!lenses.some((l) => CONVERT_LENS.test(l.command?.title ?? '')), 'no conversion is offered for a v2 HPA');
      },
    },
  ]);
}

/** What redhat.vscode-yaml keeps of a `registerContributor` call. */
interface YamlContributor {
  schema: string;
  requestSchema(resource: string): string | undefined;
  requestSchemaContent(uri: string): string | undefined;
}

/**
 * The quick fix offered at `diagnostic`'s range whose title matches, as the light bulb lists it (edits
 * resolved). The API's CodeActions do not carry their diagnostics back, so the title identifies the fix.
 */
async function quickFixFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic, title: RegExp): Promise<vscode.CodeAction> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value, 100);
  const fixes = actions.filter((a): a is vscode.CodeAction => !('arguments' in a) || 'edit' in a || 'kind' in a);
  log(`  quick fixes at line ${diagnostic.range.start.line + 1}: ${fixes.map((a) => JSON.stringify(a.title)).join(', ')}`);
  const match = fixes.filter((a) => title.test(a.title));
  assert.equal(match.length, 1, `exactly one quick fix matching ${title} for ${codeOf(diagnostic)}`);
  return match[0];
}

/** What the editor does when a quick fix is picked: apply its edit, then run its command. */
async function apply(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `the edit of "${action.title}" applies`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  assert.ok(action.edit || action.command, `"${action.title}" has neither an edit nor a command`);
}
