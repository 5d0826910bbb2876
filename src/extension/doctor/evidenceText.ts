// The text of the doctor's evidence document (evidenceDocument.ts), without `vscode` so unit tests read it: the
// finding, then every line it quotes, whole.
import type { DoctorFinding } from '../../core/doctor/types';
import { printable } from '../../core/text/terminal';

/** The finding, then each quoted line as the cluster wrote it (control characters made visible), a blank line between. */
export function evidenceText(f: DoctorFinding): string {
  const object = f.object ? ` · ${f.object.kind} ${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name}` : '';
  const head = [`${f.severity}: ${f.message}`, `diagnosis ${f.id}${object}`, `docs: ${f.docs}`].map(printable);
  const n = f.evidence.length;
  return `${head.join('\n')}\n\nQuoted from the cluster (${n} line${n === 1 ? '' : 's'}):\n\n${f.evidence.map(printable).join('\n\n')}\n`;
}
