// Read-only before/after documents of a repair plan, shown in VS Code's diff editor, closed when the flow ends.
import * as vscode from 'vscode';
import type { PlannedChange } from '../../core/doctor/types';
import type { ObjectRef } from '../../core/k8s/objectRef';

export const PREVIEW_SCHEME = 'kube-scaling-doctor-preview';

export class PreviewDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private seq = 0;
  /** Previews older than this many runs are forgotten (their editors then say so). */
  private static readonly KEEP_RUNS = 20;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? `# ${vscode.l10n.t('This preview is no longer available: run the repair again.')}\n`;
  }

  /** Opens one diff editor per change; returns the URIs shown (the tests read them). */
  async show(title: string, changes: PlannedChange[]): Promise<{ before: vscode.Uri; after: vscode.Uri }[]> {
    const shown: { before: vscode.Uri; after: vscode.Uri }[] = [];
    const run = this.nextRun();
    for (const change of changes) {
      const file = `${objectLabel(change.object).replace(/[^A-Za-z0-9._-]+/g, '-')}.yaml`;
      const before = this.put(`/${run}/current/${file}`, change.action === 'create' ? '' : change.before);
      const after = this.put(`/${run}/after/${file}`, change.after);
      const args = { object: objectLabel(change.object), title };
      const editorTitle =
        change.action === 'create'
          ? vscode.l10n.t('{object} (create): {title}', args)
          : change.action === 'delete'
            ? vscode.l10n.t('{object} (delete): {title}', args)
            : vscode.l10n.t('{object} (current ↔ after): {title}', args);
      await vscode.commands.executeCommand('vscode.diff', before, after, editorTitle, { preview: false });
      shown.push({ before, after });
    }
    return shown;
  }

  /** Closes the diff editors of every preview: a repair or undo has ended (applied, cancelled or failed). */
  async closeDiffs(): Promise<void> {
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === PREVIEW_SCHEME);
    if (tabs.length) await vscode.window.tabGroups.close(tabs).then(undefined, () => false);
  }

  /** A read-only document with `text` (e.g. a Helm values change), opened as YAML. */
  async showText(name: string, text: string): Promise<vscode.Uri> {
    const uri = this.put(`/${this.nextRun()}/${name}`, text);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
    await vscode.window.showTextDocument(doc, { preview: false });
    return uri;
  }

  private nextRun(): number {
    const run = ++this.seq;
    const oldest = run - PreviewDocuments.KEEP_RUNS;
    for (const key of this.texts.keys()) {
      if (Number(vscode.Uri.parse(key).path.split('/')[1]) <= oldest) this.texts.delete(key);
    }
    return run;
  }

  private put(path: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}

/** `Deployment kube-system/metrics-server`. */
export function objectLabel(o: ObjectRef): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}
