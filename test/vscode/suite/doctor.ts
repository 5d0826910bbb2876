// Scenario "doctor" (fixture test/fixtures/vscode/doctor, cluster scenario metrics-server-dns of the real
// local cluster): run the doctor from its command, see the finding in the Doctor view and as a diagnostic on
// the workspace's metrics-server manifest, apply the repair from the view's button (the launcher clicks it),
// see a concurrent edit detected and re-previewed, the finding clear after verification, and undo put the
// Deployment back. The questions are answered through the extension's DoctorUi (the same flow code); the
// on-screen answers (the diff's title bar, the notifications' buttons) are in repairUi.ts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import * as vscode from 'vscode';
import type { DoctorApi } from '../../../src/extension/doctor/index';
import { RecordingUi, type Question } from '../../../src/extension/doctor/prompts';
import { PREVIEW_SCHEME } from '../../../src/extension/doctor/preview';
import { REPAIR_OFFERS } from '../../../src/core/doctor/repairs/index';
import type { DoctorFinding } from '../../../src/core/doctor/types';
import { activatedDoctor, log, runSteps, uiCheckpoint, waitFor, workspaceRoot } from './harness';

const FINDING = 'metrics-server-node-dns';
const REPAIR = 'metrics-server-address-types';
const SOURCE = 'Scaling Doctor (cluster)';
const FIXED_FLAG = '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname';
const BROKEN_FLAG = '--kubelet-preferred-address-types=Hostname';
const CONCURRENT_ANNOTATION = 'ksd.dev/doctor-test-concurrent-edit';
const INSECURE = 'metrics-server-skip-kubelet-tls-verify';
/** A value this run writes (the annotation may be left from an earlier run on a kept cluster). */
const CONCURRENT_VALUE = `edited-${Date.now()}`;

export async function doctorScenario(): Promise<void> {
  const msUri = vscode.Uri.file(path.join(workspaceRoot(), 'metrics-server.yaml'));
  const otherUri = vscode.Uri.file(path.join(workspaceRoot(), 'web.yaml'));
  let doctor: DoctorApi;
  let apps: k8s.AppsV1Api;
  let admission: k8s.AdmissionregistrationV1Api;
  let finding: DoctorFinding;
  let ui: RecordingUi;
  let undoId: string;
  let concurrentEdits = 0;

  const readArgs = async () => {
    const d = await apps.readNamespacedDeployment({ name: 'metrics-server', namespace: 'kube-system' });
    return { args: d.spec?.template.spec?.containers[0].args ?? [], annotations: d.metadata?.annotations ?? {} };
  };

  await runSteps([
    {
      name: 'the extension activates with the doctor and the test cluster is reachable',
      fn: async () => {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(msUri));
        doctor = (await activatedDoctor()).doctor;
        const kubeconfig = vscode.workspace.getConfiguration('kubeScalingDoctor').get<string>('kubeconfig') || process.env.KUBECONFIG;
        assert.ok(kubeconfig, 'the launcher sets kubeScalingDoctor.kubeconfig to the test cluster');
        const kc = new k8s.KubeConfig();
        kc.loadFromFile(kubeconfig);
        apps = kc.makeApiClient(k8s.AppsV1Api);
        admission = kc.makeApiClient(k8s.AdmissionregistrationV1Api);
        const { args } = await readArgs();
        log(`  metrics-server args in the cluster: ${args.join(' ')}`);
        assert.ok(args.includes(BROKEN_FLAG), 'the cluster runs scenario metrics-server-dns');
        assert.equal(doctor.lastRun(), undefined, 'nothing diagnosed before the command');
      },
    },
    {
      name: 'before a run the Doctor view shows its welcome content, whose "Run the Doctor" button runs it',
      fn: async () => {
        await vscode.commands.executeCommand('kubeScalingDoctor.doctor.focus');
        // The launcher checks the welcome text and clicks its button; without one, run the command it links.
        if (!(await uiCheckpoint('doctor-welcome'))) void vscode.commands.executeCommand('kube-scaling-doctor.runDoctor');
        const run = await waitFor('the run the welcome button started', () => doctor.lastRun(), 60_000);
        log(`  welcome button run: ${run.findings.map((f) => f.id).join(', ') || 'no findings'}`);
      },
    },
    {
      name: `"Run Doctor" reports ${FINDING} with the real log evidence and the address-type repair`,
      fn: async () => {
        // metrics-server may need a scrape cycle before its log shows the error: run until it does.
        finding = await waitFor(
          `the doctor to report ${FINDING}`,
          async () => {
            const run = await vscode.commands.executeCommand<ReturnType<DoctorApi['lastRun']>>('kube-scaling-doctor.runDoctor', FINDING);
            return run?.findings.find((f) => f.id === FINDING);
          },
          90_000,
        );
        log(`  ${finding.severity}: ${finding.message}`);
        for (const line of finding.evidence.slice(0, 3)) log(`    ${line}`);
        assert.ok(
          finding.evidence.some((l) => /lookup ksd-node-\d+.*(no such host|server misbehaving)/.test(l)),
          'evidence quotes the real metrics-server log',
        );
        assert.deepEqual(finding.object && { kind: finding.object.kind, namespace: finding.object.namespace, name: finding.object.name }, {
          kind: 'Deployment',
          namespace: 'kube-system',
          name: 'metrics-server',
        });
        assert.ok(
          finding.repairs.some((r) => r.id === REPAIR),
          `repairs offered: ${finding.repairs.map((r) => r.id).join(', ')}`,
        );
        // The launcher sees the finding's row and its repair button in the Doctor view (aria-labels).
        await uiCheckpoint('doctor-finding');
      },
    },
    {
      name: 'the finding is a diagnostic on metadata.name of the workspace Deployment, not on same-named objects elsewhere',
      fn: async () => {
        const d = await waitFor('the cluster diagnostic', () => vscode.languages.getDiagnostics(msUri).find((x) => x.source === SOURCE), 30_000);
        const doc = await vscode.workspace.openTextDocument(msUri);
        const lines = doc.getText().split('\n');
        const deploymentLine = lines.findIndex((l) => l === 'kind: Deployment');
        const nameLine = lines.findIndex((l, i) => i > deploymentLine && l === '  name: metrics-server');
        assert.equal(d.range.start.line, nameLine, "on the Deployment's metadata.name, not the Service's");
        assert.equal(doc.getText(d.range), 'metrics-server');
        assert.equal(String(d.code), FINDING);
        assert.equal(vscode.languages.getDiagnostics(msUri).filter((x) => x.source === SOURCE).length, 1, 'only the Deployment, not the Service of the same name');
        assert.ok(!vscode.languages.getDiagnostics(otherUri).some((x) => x.source === SOURCE), 'the staging/metrics-server Deployment gets none');
      },
    },
    {
      name: 'the repair from the view: diff preview, dry run, a concurrent edit detected and re-previewed, applied, verified',
      fn: async () => {
        let shownDiff: { before: string; after: string } | undefined;
        ui = new RecordingUi(async (q: Question) => {
          if (q.kind === 'confirm-apply') shownDiff = await previewDiffText();
          if (q.kind === 'confirm-apply' && concurrentEdits === 0) {
            // The diff editor is on screen while the confirmation is asked.
            await uiCheckpoint('diff-preview');
            // Someone edits the Deployment while the confirmation is open: the apply must not overwrite it.
            concurrentEdits++;
            await apps.patchNamespacedDeployment(
              { name: 'metrics-server', namespace: 'kube-system', body: { metadata: { annotations: { [CONCURRENT_ANNOTATION]: CONCURRENT_VALUE } } } },
              k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
            );
            return 'Apply';
          }
          if (q.kind === 'concurrent-change') return 'Re-preview';
          if (q.kind === 'confirm-apply') return 'Apply';
          return undefined;
        });
        doctor.setUi(ui);
        // The launcher clicks the repair button of the row; without one, run the command the button runs.
        if (!(await uiCheckpoint('click-repair'))) {
          const node = { type: 'repair', parent: { type: 'finding', key: FINDING, finding }, offer: finding.repairs.find((r) => r.id === REPAIR) };
          void vscode.commands.executeCommand('kube-scaling-doctor.repair', node);
        }
        const entry = await waitFor('the repair to be applied (an undo entry)', () => doctor.undoEntries().find((e) => e.record.repairId === REPAIR), 120_000);
        undoId = entry.id;
        await waitFor(
          'the doctor to run again without the finding',
          () => {
            const run = doctor.lastRun();
            return run && run.at.getTime() > Date.parse(entry.record.appliedAt) && !run.findings.some((f) => f.id === FINDING);
          },
          240_000,
        );
        // The flow tells its outcome after the re-run it awaits, which the view shows a moment earlier.
        await waitFor('the message with the outcome of the repair', () => ui.messages.length > 0, 30_000);
        log(`  questions: ${ui.questions.map((q) => q.kind).join(', ')}`);
        log(`  messages: ${ui.messages.map((m) => `${m.level}: ${m.message}`).join(' | ')}`);
        assert.deepEqual(
          ui.questions.map((q) => q.kind),
          ['confirm-apply', 'concurrent-change', 'confirm-apply'],
        );
        assert.match(ui.questions[1].message, /changed since the preview; nothing was written/);
        assert.ok(
          ui.messages.some((m) => m.level === 'info' && /^Repaired:/.test(m.message)),
          'verification reported success',
        );

        const { args, annotations } = await readArgs();
        assert.equal(annotations[CONCURRENT_ANNOTATION], CONCURRENT_VALUE, 'the concurrent edit was not overwritten');
        assert.equal(args.filter((a) => a.startsWith('--kubelet-preferred-address-types')).join(' '), FIXED_FLAG, 'the flag is replaced, not duplicated');

        // The diff editor showed the plan while the confirmation was asked (read-only documents of our scheme), and closed once answered.
        assert.ok(shownDiff, 'a diff editor with the preview was open at the confirmation');
        const { before, after } = shownDiff;
        assert.equal(await previewDiffText(), undefined, 'the diff is closed after the flow');
        assert.ok(after.includes(FIXED_FLAG) && !after.includes(BROKEN_FLAG), "the preview's after side has the new flag");
        assert.ok(before.includes(BROKEN_FLAG), "the preview's before side has the old flag");
        assert.ok(before.includes(CONCURRENT_VALUE), 'the re-preview was read after the concurrent edit');
      },
    },
    {
      name: 'the finding has left the view and the cluster diagnostic is cleared',
      fn: async () => {
        await waitFor('the cluster diagnostic to clear', () => !vscode.languages.getDiagnostics(msUri).some((x) => x.source === SOURCE), 30_000);
        await uiCheckpoint('finding-cleared');
      },
    },
    {
      name: 'undo puts the Deployment back as it was before the repair',
      fn: async () => {
        // Cancelling the confirmation writes nothing.
        const cancelled = await vscode.commands.executeCommand<{ status: string }>('kube-scaling-doctor.undoRepair', undoId);
        assert.equal(cancelled.status, 'cancelled');
        assert.ok((await readArgs()).args.includes(FIXED_FLAG), 'a cancelled undo leaves the repair in place');
        const answers = new RecordingUi((q) => (q.kind === 'confirm-undo' ? 'Undo' : undefined));
        doctor.setUi(answers);
        const done = await vscode.commands.executeCommand<{ status: string }>('kube-scaling-doctor.undoRepair', undoId);
        assert.equal(done.status, 'undone', answers.messages.map((m) => m.message).join(' | '));
        assert.match(answers.questions[0].message, /^Undo ".*" on .*restore Deployment kube-system\/metrics-server/);
        const { args, annotations } = await readArgs();
        log(`  metrics-server args after undo: ${args.join(' ')}`);
        assert.ok(args.includes(BROKEN_FLAG) && !args.includes(FIXED_FLAG), 'the old flag is back');
        assert.equal(annotations[CONCURRENT_ANNOTATION], CONCURRENT_VALUE);
        assert.ok(!doctor.undoEntries().some((e) => e.id === undoId), 'the undo entry is used up');
      },
    },
    {
      name: 'a change the API server refuses in the dry run (a ValidatingAdmissionPolicy) ends in its message, nothing written',
      fn: async () => {
        const policy = 'ksd-doctor-test-freeze-metrics-server';
        const reason = 'metrics-server is frozen by the doctor test policy';
        await admission.createValidatingAdmissionPolicy({
          body: {
            metadata: { name: policy },
            spec: {
              failurePolicy: 'Fail',
              matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['UPDATE'], resources: ['deployments'] }] },
              validations: [{ expression: "object.metadata.namespace != 'kube-system' || object.metadata.name != 'metrics-server'", message: reason }],
            },
          },
        });
        await admission.createValidatingAdmissionPolicyBinding({ body: { metadata: { name: policy }, spec: { policyName: policy, validationActions: ['Deny'] } } });
        try {
          let answers = new RecordingUi(() => undefined);
          // The policy takes effect once the API server has loaded it.
          const refused = await waitFor(
            'the dry run to be refused by the policy',
            async () => {
              answers = new RecordingUi(() => undefined);
              doctor.setUi(answers);
              const o = await vscode.commands.executeCommand<{ status: string; step?: string; message?: string }>('kube-scaling-doctor.repair', finding, REPAIR);
              return o.status === 'failed' && o.step === 'dry-run' && o;
            },
            60_000,
          );
          log(`  ${refused.message}`);
          assert.match(refused.message ?? '', /rejected .* in a dry run; nothing was written/);
          assert.ok((refused.message ?? '').includes(reason), "the server's own message is shown");
          assert.deepEqual(
            answers.messages.map((m) => [m.level, m.message]),
            [['error', refused.message]],
            'one error message',
          );
          assert.deepEqual(answers.questions, [], 'no confirmation is asked after a refused dry run');
        } finally {
          await admission.deleteValidatingAdmissionPolicyBinding({ name: policy });
          await admission.deleteValidatingAdmissionPolicy({ name: policy });
        }
        await waitFor(
          'the dry run to pass again',
          async () => {
            doctor.setUi(new RecordingUi(() => undefined));
            const o = await vscode.commands.executeCommand<{ status: string; step?: string }>('kube-scaling-doctor.repair', finding, REPAIR);
            return o.status === 'cancelled' && o.step === 'confirm-apply';
          },
          60_000,
        );
        assert.ok((await readArgs()).args.includes(BROKEN_FLAG), 'nothing was written');
      },
    },
    {
      name: 'the insecure repair asks first, naming the secure alternative; choosing the secure one switches repairs; cancelling writes nothing',
      fn: async () => {
        // The TLS finding's shape: the address-type repair and the insecure flag, offered on this finding.
        const withInsecure: DoctorFinding = { ...finding, repairs: [REPAIR_OFFERS[REPAIR], REPAIR_OFFERS[INSECURE]] };
        const cancelAll = new RecordingUi(() => undefined);
        doctor.setUi(cancelAll);
        const first = await vscode.commands.executeCommand<{ status: string; step?: string }>('kube-scaling-doctor.repair', withInsecure, INSECURE);
        assert.deepEqual(first, { status: 'cancelled', step: 'insecure-warning' });
        assert.deepEqual(
          cancelAll.questions.map((q) => q.kind),
          ['insecure-warning'],
          'the warning comes before any plan or preview',
        );
        assert.match(cancelAll.questions[0].detail ?? '', /serverTLSBootstrap/, 'the warning names the secure alternative');
        assert.deepEqual(cancelAll.questions[0].choices, [`Use "${REPAIR_OFFERS[REPAIR].title}" instead`, `${REPAIR_OFFERS[INSECURE].title} (insecure)`]);
        assert.equal(cancelAll.questions[0].risky, `${REPAIR_OFFERS[INSECURE].title} (insecure)`);

        const secure = new RecordingUi((q) => (q.kind === 'insecure-warning' ? q.choices[0] : undefined));
        doctor.setUi(secure);
        const second = await vscode.commands.executeCommand<{ status: string; step?: string }>('kube-scaling-doctor.repair', withInsecure, INSECURE);
        assert.deepEqual(second, { status: 'cancelled', step: 'confirm-apply' });
        assert.deepEqual(
          secure.questions.map((q) => q.kind),
          ['insecure-warning', 'confirm-apply'],
        );
        assert.ok(secure.questions[1].message.includes(REPAIR_OFFERS[REPAIR].title), 'the confirmation is for the secure repair');
        const { args } = await readArgs();
        assert.ok(args.includes(BROKEN_FLAG) && !args.includes(FIXED_FLAG), 'nothing was written');
      },
    },
    {
      name: 'a Helm-managed metrics-server gets the values change, not a patch',
      fn: async () => {
        await apps.patchNamespacedDeployment(
          {
            name: 'metrics-server',
            namespace: 'kube-system',
            body: { metadata: { labels: { 'app.kubernetes.io/managed-by': 'Helm' }, annotations: { 'meta.helm.sh/release-name': 'metrics-server', 'meta.helm.sh/release-namespace': 'kube-system' } } },
          },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
        );
        const answers = new RecordingUi(() => undefined);
        doctor.setUi(answers);
        const outcome = await vscode.commands.executeCommand<{ status: string; release?: string; valuesChange?: string }>('kube-scaling-doctor.repair', finding, REPAIR);
        log(`  values change:\n${outcome.valuesChange}`);
        assert.equal(outcome.status, 'helm');
        assert.equal(outcome.release, 'metrics-server');
        assert.match(outcome.valuesChange ?? '', /InternalIP,ExternalIP,Hostname/);
        assert.deepEqual(
          answers.questions.map((q) => q.kind),
          ['helm-values'],
        );
        assert.match(answers.questions[0].message, /managed by Helm release kube-system\/metrics-server: nothing is patched/);
        const shown = vscode.window.activeTextEditor?.document;
        assert.equal(shown?.uri.scheme, PREVIEW_SCHEME, 'the values change is open in the editor');
        assert.equal(shown?.getText(), outcome.valuesChange);
        const { args } = await readArgs();
        assert.ok(args.includes(BROKEN_FLAG) && !args.includes(FIXED_FLAG), 'the Helm-managed Deployment was not patched');
        await apps.patchNamespacedDeployment(
          {
            name: 'metrics-server',
            namespace: 'kube-system',
            body: { metadata: { labels: { 'app.kubernetes.io/managed-by': null }, annotations: { 'meta.helm.sh/release-name': null, 'meta.helm.sh/release-namespace': null } } },
          },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
        );
      },
    },
    {
      name: 'an unreachable cluster: the old findings go, the doctor says why, a repair ends in a message',
      fn: async () => {
        const bad = path.join(os.tmpdir(), `ksd-doctor-unreachable-${process.pid}.yaml`);
        fs.writeFileSync(
          bad,
          [
            'apiVersion: v1',
            'kind: Config',
            'current-context: gone',
            'clusters: [{name: gone, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]',
            'users: [{name: u, user: {token: not-a-secret}}]',
            'contexts: [{name: gone, context: {cluster: gone, user: u}}]',
            '',
          ].join('\n'),
        );
        try {
          const answers = new RecordingUi(() => undefined);
          doctor.setUi(answers);
          await vscode.workspace.getConfiguration('kubeScalingDoctor').update('kubeconfig', bad, vscode.ConfigurationTarget.Global);
          await waitFor('the findings of the previous context to be dropped', () => doctor.lastRun() === undefined, 15_000);
          const run = await vscode.commands.executeCommand<ReturnType<DoctorApi['lastRun']>>('kube-scaling-doctor.runDoctor');
          log(`  problems: ${run?.problems.map((p) => `${p.kind}: ${p.title}`).join(' | ')}; errors: ${answers.messages.map((m) => m.message).join(' | ')}`);
          assert.ok(run === undefined || run.problems.some((p) => p.kind === 'unreachable'), 'the run reports the cluster as unreachable');
          if (run === undefined)
            assert.ok(
              answers.messages.some((m) => m.level === 'error'),
              'a failed run says why',
            );
          assert.deepEqual(doctor.clusterDiagnostics(), [], 'no cluster diagnostics from the old context remain');
          // On screen: the problem row instead of the old findings.
          if (run) await uiCheckpoint('doctor-unreachable');
          const outcome = await vscode.commands.executeCommand<{ status: string; message?: string }>('kube-scaling-doctor.repair', finding, REPAIR);
          assert.equal(outcome.status, 'failed');
          assert.ok(
            answers.messages.some((m) => m.level === 'error' && m.message === outcome.message),
            'the failure is shown as an error message',
          );
          assert.ok(!(outcome.message ?? '').includes('not-a-secret'), 'no token in messages');
        } finally {
          fs.rmSync(bad, { force: true });
        }
      },
    },
  ]);
}

/** The before/after texts of the last preview diff editor open, if any. */
async function previewDiffText(): Promise<{ before: string; after: string } | undefined> {
  const diffs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .map((t) => t.input)
    .filter((i): i is vscode.TabInputTextDiff => i instanceof vscode.TabInputTextDiff && i.modified.scheme === PREVIEW_SCHEME);
  const last = diffs.at(-1);
  if (!last) return undefined;
  return { before: (await vscode.workspace.openTextDocument(last.original)).getText(), after: (await vscode.workspace.openTextDocument(last.modified)).getText() };
}
