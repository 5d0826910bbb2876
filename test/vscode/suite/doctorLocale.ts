// Scenario "doctor-locale" (fixture test/fixtures/vscode/doctor-locale, cluster scenario metrics-server-tls of the real
// local cluster), in VS Code started in Simplified Chinese (see locale.ts): the doctor, run from the Doctor view's
// welcome button, reports metrics-server-kubelet-tls, and what the user reads of it is Chinese: the finding's row,
// its tooltip (the explanation), its repair row and the diagnostic on the workspace's metrics-server Deployment. The
// expected text is the zh-cn bundle's rendering of the finding's own templates (l10n/bundle.l10n.zh-cn.json), so a
// missing translation, or a row built from the English fields, fails.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DoctorApi } from '../../../src/extension/doctor/index';
import { objectLabel } from '../../../src/extension/doctor/preview';
import { findingSpokenLabel } from '../../../src/extension/doctor/tree';
import { localizedFinding, localizedRepair } from '../../../src/core/doctor/findingText';
import type { DoctorFinding } from '../../../src/core/doctor/types';
import { isMessage, msg, render, textOf } from '../../../src/core/l10n';
import { activatedDoctor, log, runSteps, uiCheckpoint, waitFor, workspaceRoot } from './harness';

const FINDING = 'metrics-server-kubelet-tls';
const INSECURE = 'metrics-server-skip-kubelet-tls-verify';
const SOURCE = 'Scaling Doctor (cluster)';
/** Han characters: text that is Chinese, not English left over. */
const HAN = /[\u4e00-\u9fff]/;

/** What the launcher read of the Doctor view (doctor-zh-finding). */
interface Shown {
  rows: { aria: string; label: string; description: string }[];
  /** The finding row's tooltip as rendered on hover. */
  hover: string;
}

function shown(): Shown {
  const dir = process.env.KSD_UI_SYNC_DIR;
  if (!dir) throw new Error('KSD_UI_SYNC_DIR is not set: this scenario needs the code-server launcher');
  return JSON.parse(fs.readFileSync(path.join(dir, 'doctor-zh-finding.json'), 'utf8')) as Shown;
}

const withoutSpace = (s: string) => s.replace(/\s+/g, '');

export async function doctorLocaleScenario(): Promise<void> {
  const msUri = vscode.Uri.file(path.join(workspaceRoot(), 'metrics-server.yaml'));
  let doctor: DoctorApi;
  let bundle: Record<string, string>;
  let finding: DoctorFinding;
  let message: string;

  await runSteps([
    {
      name: 'VS Code runs in zh-cn and the extension activates with its doctor',
      fn: async () => {
        assert.equal(vscode.env.language, 'zh-cn');
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(msUri));
        const activated = await activatedDoctor();
        doctor = activated.doctor;
        bundle = JSON.parse(fs.readFileSync(path.join(activated.extensionPath, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
        assert.equal(doctor.lastRun(), undefined, 'nothing diagnosed before the welcome button');
      },
    },
    {
      name: `the Doctor view's welcome button ("运行诊断") runs the doctor, which reports ${FINDING}`,
      fn: async () => {
        await vscode.commands.executeCommand('kubeScalingDoctor.doctor.focus');
        assert.ok(await uiCheckpoint('doctor-zh-welcome', 60_000), 'this scenario needs the code-server launcher');
        const first = await waitFor('the run the welcome button started', () => doctor.lastRun(), 60_000);
        log(`  welcome button run: ${first.findings.map((f) => f.id).join(', ') || 'no findings'}`);
        // The scenario is ready once metrics-server's log has the x509 line; should a run come before the doctor reads
        // it, run again as a user would (the view's title-bar button runs the same command).
        finding = await waitFor(
          `the doctor to report ${FINDING}`,
          async () => {
            const run = doctor.lastRun()?.findings.some((f) => f.id === FINDING)
              ? doctor.lastRun()
              : await vscode.commands.executeCommand<ReturnType<DoctorApi['lastRun']>>('kube-scaling-doctor.runDoctor');
            return run?.findings.find((f) => f.id === FINDING);
          },
          90_000,
        );
        log(`  English: ${finding.message}`);
      },
    },
    {
      name: "the finding's templates have zh-cn translations, and rendered they are Chinese",
      fn: async () => {
        const l10n = finding.l10n;
        assert.ok(l10n && isMessage(l10n.message), `${FINDING} carries its message as a template`);
        const template = l10n.message.template;
        assert.ok(bundle[template], `l10n/bundle.l10n.zh-cn.json translates "${template}"`);
        message = render(l10n.message, 'zh-cn');
        log(`  zh-cn: ${message}`);
        assert.notEqual(message, finding.message);
        assert.match(message, HAN);
        assert.equal(localizedFinding(finding, 'zh-cn').message, message);
      },
    },
    {
      name: 'the Doctor view shows the finding, its tooltip and its repair in Chinese',
      fn: async () => {
        assert.ok(await uiCheckpoint('doctor-zh-finding', 90_000), 'this scenario needs the code-server launcher');
        const { rows, hover } = shown();
        for (const r of rows) log(`  row: ${r.label} | ${r.description} | ${r.aria}`);
        const row = rows.find((r) => r.description.endsWith(`· ${FINDING}`));
        assert.ok(row, `a row of ${FINDING}`);
        // The row's text is the translated message; screen readers get the translated sentence around it.
        assert.equal(row.label, message);
        assert.equal(row.aria, findingSpokenLabel(finding));
        assert.ok(row.aria.startsWith(`${render(msg('error'), 'zh-cn')}：${message}（`), `severity and message first: ${row.aria}`);
        assert.doesNotMatch(row.aria, /diagnosis|evidence line|repairs?\b/, 'no English words around the message');
        // The tooltip: the message, the object and the explanation, all in Chinese (the quoted log lines stay as they are).
        const explanation = textOf(finding.l10n!.explanation, 'zh-cn');
        log(`  hover: ${hover.slice(0, 300)}`);
        assert.match(explanation, HAN);
        assert.ok(withoutSpace(hover).includes(withoutSpace(message)), 'the tooltip opens with the message');
        assert.ok(withoutSpace(hover).includes(withoutSpace(explanation)), 'the tooltip has the explanation in Chinese');
        assert.ok(finding.object);
        assert.ok(hover.includes(render(msg('Object: {object}', { object: objectLabel(finding.object) }), 'zh-cn')), `the object line: ${hover}`);
        // The insecure repair's row: its title from the bundle, inside the translated "Repair: {title}".
        const offer = finding.repairs.find((r) => r.id === INSECURE);
        assert.ok(offer?.l10n, `the ${INSECURE} repair, with its title as a template`);
        const title = localizedRepair(offer, 'zh-cn').title;
        assert.ok(bundle[offer.l10n.title.template], `the bundle translates the title of ${INSECURE}`);
        assert.match(title, HAN);
        const repairRow = rows.find((r) => r.label === render(msg('Repair: {title}', { title }), 'zh-cn'));
        assert.ok(repairRow, `the repair row reads "${render(msg('Repair: {title}', { title }), 'zh-cn')}"`);
        assert.equal(repairRow.description, render(msg('insecure'), 'zh-cn'));
        assert.match(repairRow.description, HAN);
      },
    },
    {
      name: 'the diagnostic on the workspace Deployment says it in Chinese too',
      fn: async () => {
        const d = await waitFor('the cluster diagnostic', () => vscode.languages.getDiagnostics(msUri).find((x) => x.source === SOURCE && String(x.code) === FINDING), 30_000);
        log(`  diagnostic: ${d.message.split('\n')[0]}`);
        const context = doctor.lastRun()!.info.context;
        assert.equal(d.message.split('\n')[0], render(msg('{message} (cluster context {context})', { message, context }), 'zh-cn'));
      },
    },
  ]);
}
