// Hover and completion: core/language computes them in offsets; this maps them to LSP (markdown,
// ranges, completion kinds and sort order).
import { CompletionItemKind, MarkupKind, type CompletionItem } from 'vscode-languageserver/node';
import { completionsAt } from '../core/language/completion';
import { hoverAt } from '../core/language/hover';
import { docAt } from '../core/language/yamlPath';
import { offsetAt, toRange } from './lspConvert';
import { ruleDocsUrl } from './ruleDocs';
import type { ServerState } from './state';

export function registerHoverCompletion(state: ServerState): void {
  const { connection, workspace } = state;

  connection.onHover(
    state.safe('hover', null, (params) => {
      const file = workspace.get(params.textDocument.uri);
      if (!file) return null;
      const offset = offsetAt(file, params.position);
      const hover = hoverAt(file, state.analyze(file.uri), offset, (rule) => ruleDocsUrl(rule, state.docsBaseUrl));
      if (!hover) return null;
      return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: hover.range ? toRange(file, hover.range) : undefined };
    }),
  );

  connection.onCompletion(
    state.safe('completion', [] as CompletionItem[], (params) => {
      const file = workspace.get(params.textDocument.uri);
      if (!file) return [];
      const offset = offsetAt(file, params.position);
      return completionsAt(file.text, offset, docAt(file.docs, offset), state.settings).map((s, i): CompletionItem => ({
        label: s.label,
        kind: CompletionItemKind.Value,
        detail: s.detail,
        documentation: s.documentation ? { kind: MarkupKind.Markdown, value: s.documentation } : undefined,
        textEdit: { range: toRange(file, s.range), newText: s.insertText },
        filterText: s.insertText,
        sortText: `${s.discouraged ? 'z' : s.preferred ? 'a' : 'm'}${String(i).padStart(3, '0')}`,
        preselect: s.preferred || undefined,
      }));
    }),
  );
}
