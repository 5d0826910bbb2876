// Hover and completion: core/language computes them in offsets; this maps them to LSP (markdown,
// ranges, completion kinds and sort order).
import { CompletionItemKind, CompletionRequest, HoverRequest, InsertTextFormat, MarkupKind, type CompletionItem, type Hover } from 'vscode-languageserver/node';
import { completionsAt } from '../core/language/completion';
import { hoverAt } from '../core/language/hover';
import { docAt } from '../core/language/yamlPath';
import { documentUri, positionParam } from './incoming';
import { offsetAt, toRange } from './lspConvert';
import { localizedRuleDocs, ruleDocsUrl } from './ruleDocs';
import { currentLocale } from '../core/l10n';
import type { ServerState } from './state';

export function registerHoverCompletion(state: ServerState): void {
  const { connection, workspace } = state;

  // onRequest rather than onHover/onCompletion: those read params before the handler and fail on `params: null`.
  connection.onRequest(
    HoverRequest.type,
    state.safe('hover', null as Hover | null, (raw: unknown) => {
      const file = workspace.get(documentUri(HoverRequest.method, raw));
      const position = positionParam(HoverRequest.method, raw);
      if (!file) return null;
      const offset = offsetAt(file, position);
      const locale = currentLocale();
      const hover = hoverAt(
        file,
        state.analyze(file.uri),
        offset,
        (rule) => ruleDocsUrl(rule, state.docsBaseUrl, locale),
        (rule) => localizedRuleDocs(rule, locale),
      );
      if (!hover) return null;
      return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: hover.range ? toRange(file, hover.range) : undefined };
    }),
  );

  connection.onRequest(
    CompletionRequest.type,
    state.safe('completion', [] as CompletionItem[], (raw: unknown) => {
      const file = workspace.get(documentUri(CompletionRequest.method, raw));
      const position = positionParam(CompletionRequest.method, raw);
      if (!file) return [];
      const offset = offsetAt(file, position);
      return completionsAt(file.text, offset, docAt(file.docs, offset), state.settings).map((s, i): CompletionItem => ({
        label: s.label,
        kind: s.snippet ? CompletionItemKind.Snippet : CompletionItemKind.Value,
        detail: s.detail,
        documentation: s.documentation ? { kind: MarkupKind.Markdown, value: s.documentation } : undefined,
        textEdit: { range: toRange(file, s.range), newText: s.insertText },
        insertTextFormat: s.snippet ? InsertTextFormat.Snippet : undefined,
        filterText: s.snippet ? s.label : s.insertText,
        sortText: `${s.discouraged ? 'z' : s.preferred ? 'a' : 'm'}${String(i).padStart(3, '0')}`,
        preselect: s.preferred || undefined,
      }));
    }),
  );
}
