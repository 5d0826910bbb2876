// Core speaks offsets into a file's text, LSP speaks line/UTF-16 character positions: the conversions
// between them, with one line index per parsed file.
import type { Position, Range, TextDocumentEdit, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { SourceFile } from '../core/manifest/model';
import type { Workspace } from '../core/manifest/workspace';
import type { OffsetRange, TextEdit } from '../core/text/edits';
import { LineIndex } from '../core/text/positions';

/** Weak: a file's index goes with the parsed file it was built for (each edit parses anew). */
const lineIndexes = new WeakMap<SourceFile, LineIndex>();

export function indexOf(file: SourceFile): LineIndex {
  let idx = lineIndexes.get(file);
  if (!idx) lineIndexes.set(file, (idx = new LineIndex(file.text)));
  return idx;
}

export function offsetAt(file: SourceFile, position: Position): number {
  return indexOf(file).offsetAt(position);
}

export function toRange(file: SourceFile, r: OffsetRange): Range {
  const idx = indexOf(file);
  return { start: idx.positionAt(r.start), end: idx.positionAt(r.end) };
}

/**
 * Edits of files the workspace does not hold are dropped: their positions cannot be computed. With `versionOf`,
 * the edit is versioned `documentChanges` (null: a file not open in the client, applied to its current text).
 */
export function toWorkspaceEdit(workspace: Workspace, edits: readonly TextEdit[], versionOf?: (uri: string) => number | null): WorkspaceEdit {
  const byUri = new Map<string, LspTextEdit[]>();
  for (const e of edits) {
    const file = workspace.get(e.uri);
    if (!file) continue;
    let list = byUri.get(e.uri);
    if (!list) byUri.set(e.uri, (list = []));
    list.push({ range: toRange(file, e.range), newText: e.newText });
  }
  if (!versionOf) return { changes: Object.fromEntries(byUri) };
  const documentChanges: TextDocumentEdit[] = [...byUri].map(([uri, list]) => ({ textDocument: { uri, version: versionOf(uri) }, edits: list }));
  return { documentChanges };
}
