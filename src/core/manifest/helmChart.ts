// Helm charts as the workspace sees them: which chart a template file belongs to, the `{{ if }}` blocks open at a
// point of a template, and template expressions compared as text (`{{ include "web.fullname" . }}` names the same object twice).

/** The chart directory of a file in its `templates/` directory (`file:///repo/charts/web`), or undefined. */
export function chartRootOf(uri: string): string | undefined {
  const at = uri.lastIndexOf('/templates/');
  return at > 0 ? uri.slice(0, at) : undefined;
}

export interface TemplateBlock {
  /** `if`, `with`, `range`, `define` or `block`. */
  keyword: string;
  /** The pipeline after the keyword, as written (`.Values.autoscaling.enabled`). */
  condition: string;
  /** Offset of the directive. */
  start: number;
}

const DIRECTIVE = /\{\{-?\s*(\/\*[\s\S]*?\*\/\s*)?(if|with|range|define|block|end)\b([\s\S]*?)-?\}\}/g;

/** The blocks (`{{ if … }}`, `{{ with … }}`, …) opened between `from` and `to` in a template and still open at `to`, outermost first. */
export function openBlocks(text: string, from: number, to: number): TemplateBlock[] {
  const open: TemplateBlock[] = [];
  DIRECTIVE.lastIndex = from;
  for (let m = DIRECTIVE.exec(text); m && m.index < to; m = DIRECTIVE.exec(text)) {
    if (m[2] === 'end') open.pop();
    else open.push({ keyword: m[2], condition: m[3].trim(), start: m.index });
  }
  return open;
}

/** A template expression in a comparable form: without trim markers and with single spaces. */
export function normalizeTemplate(text: string): string {
  return text
    .replace(/\{\{-\s*/g, '{{ ')
    .replace(/\s*-\}\}/g, ' }}')
    .replace(/\s+/g, ' ')
    .trim();
}
