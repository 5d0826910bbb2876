// The text of the doctor's evidence document (evidenceDocument.ts), without `vscode` so unit tests read it: the
// finding, then every line it quotes, whole. Core's t: the extension set its language to VS Code's at activation.
import type { DoctorFinding, DoctorSeverity } from '../../core/doctor/types';
import { t } from '../../core/l10n';
import { printable } from '../../core/text/terminal';
import { localizedFinding } from '../../core/doctor/findingText';

/** A finding's severity in the reader's language (the Doctor view's rows and tooltips say it too). */
export function severityWord(s: DoctorSeverity): string {
  return s === 'error' ? t('error') : s === 'warning' ? t('warning') : t('info');
}

/** The finding, then each quoted line as the cluster wrote it (control characters made visible), a blank line between. */
export function evidenceText(f: DoctorFinding): string {
  const diagnosis = f.object
    ? t('diagnosis {id} · {object}', { id: f.id, object: `${f.object.kind} ${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name}` })
    : t('diagnosis {id}', { id: f.id });
  const head = [t('{severity}: {message}', { severity: severityWord(f.severity), message: localizedFinding(f).message }), diagnosis, t('docs: {docs}', { docs: f.docs })].map(printable);
  const n = f.evidence.length;
  const quoted = n === 1 ? t('Quoted from the cluster ({count} line):', { count: n }) : t('Quoted from the cluster ({count} lines):', { count: n });
  return `${head.join('\n')}\n\n${quoted}\n\n${localizedFinding(f).evidence.map(printable).join('\n\n')}\n`;
}
