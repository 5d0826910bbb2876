// Which namespace rows of the Cluster view are open: only their workload and pod rows show pods' usage, so pods'
// metrics are read for those namespaces only (22,000 pods' metrics are nearly all of an idle view's cost). No vscode: the view
// feeds it VS Code's events. VS Code asks for an open row's children (also when it reopens one it remembered), and
// says when a row is collapsed; a closed parent (Pods, the root) hides every namespace under it.
import type { Row } from './children';

export class OpenNamespaces {
  private readonly open = new Set<string>();

  constructor(private readonly changed: (open: string[]) => void) {}

  /** The open namespaces, sorted. */
  get list(): string[] {
    return [...this.open].sort();
  }

  /** VS Code asked for the children of `row`: it is open. */
  childrenAsked(row: Row | undefined): void {
    if (row?.kind === 'namespace') this.update(() => this.open.add(row.namespace));
  }

  collapsed(row: Row): void {
    if (row.kind === 'namespace') this.update(() => this.open.delete(row.namespace));
    else if (row.kind === 'pods' || row.kind === 'root') this.clear();
  }

  /** The tree was redrawn from the top (another session): VS Code asks again for what it opens. */
  clear(): void {
    this.update(() => this.open.clear());
  }

  private update(change: () => void): void {
    const before = this.open.size;
    const had = new Set(this.open);
    change();
    if (this.open.size !== before || [...this.open].some((ns) => !had.has(ns))) this.changed(this.list);
  }
}
