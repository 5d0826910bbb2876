// Templates that are not plain YAML: Helm/Go, Jinja, ERB, Terraform templatefile, envsubst and sed placeholders.
// Their constructs are blanked with text of the same length before parsing, so offsets stay exact, the YAML
// underneath is read, and values that came from a construct are recognised as placeholders.
import type { SourceFile } from './model';
import { lineEndOf, lineStartOf } from '../text/lines';

/**
 * A templating syntax: its constructs are blanked before parsing, keeping offsets, so the YAML underneath is read and
 * checked, and values that came from a construct are placeholders no rule judges.
 */
export interface TemplateSyntax {
  /** As messages name it: `Terraform templatefile`. */
  name: string;
  /** One construct (a directive, an interpolation, a placeholder); global. */
  construct: RegExp;
}

const HELM: TemplateSyntax = { name: 'Helm/Go template', construct: /\{\{[\s\S]*?\}\}/g };
const JINJA: TemplateSyntax = { name: 'Jinja', construct: /\{%[\s\S]*?%\}|\{#[\s\S]*?#\}|\{\{[\s\S]*?\}\}/g };
const ERB: TemplateSyntax = { name: 'ERB', construct: /<%[\s\S]*?%>/g };
/** `%{ for … }` / `%{ endif }` directives and `${…}` interpolations (one level of nested braces: `${merge({…})}`). */
const TERRAFORM: TemplateSyntax = { name: 'Terraform templatefile', construct: /%\{[^{}\n]*\}|\$\{(?:[^{}\n]|\{[^{}\n]*\})*\}/g };
/** `${VAR}` (with shell-style `${VAR:-default}`) and `$VAR` in capitals, as envsubst and CI tools substitute them. */
const ENVSUBST: TemplateSyntax = { name: 'envsubst', construct: /\$\{[A-Za-z_][A-Za-z0-9_]*(?:[:?+=-][^{}\n]*)?\}|\$[A-Z_][A-Z0-9_]*\b/g };
/**
 * `{CLUSTER_NAME}`: what `sed -e 's/{CLUSTER_NAME}/…/'` replaces (capitals, not part of `{{ }}` or `${ }`: the look-behind
 * excludes those). No look-ahead: the placeholder may close flow maps (`{cpu: {CPU_REQUEST}}}`).
 */
const SED: TemplateSyntax = { name: 'sed {PLACEHOLDER}', construct: /(?<![{$])\{[A-Z][A-Z0-9_]*\}/g };

/**
 * The syntaxes a text is written in, by constructs plain YAML does not have: `{{`, a Jinja `{% if`/`{% for`…, an ERB
 * `<%= … %>`, a Terraform `%{ for`/`%{ if`…. `$VAR`, `${VAR}` and `{VAR}` also occur in plain YAML strings (shell
 * commands, format strings): parseFile tries them only when the file does not parse without them.
 */
export function templateSyntaxesOf(text: string): TemplateSyntax[] {
  const out: TemplateSyntax[] = [];
  const jinja = text.includes('{%') && /\{%-?\s*(?:if|for|set|macro|include|import|block|raw|with|filter|call|extends|else|elif|end\w*)\b/.test(text);
  if (jinja) out.push(JINJA);
  else if (text.includes('{{')) out.push(HELM);
  if (text.includes('<%') && /<%[=#-]?\s[\s\S]*?%>/.test(text)) out.push(ERB);
  if (text.includes('%{') && /%\{~?\s*(?:for|endfor|if|else|endif)\b/.test(text)) out.push(TERRAFORM);
  return out;
}

/** The placeholder syntaxes (envsubst, sed) a text has constructs of: candidates when it does not parse as it is. */
export function placeholderSyntaxesOf(text: string): TemplateSyntax[] {
  return [ENVSUBST, SED].filter((s) => text.search(new RegExp(s.construct.source)) !== -1);
}

/** Whether a syntax is one parseFile chooses by how the whole file parses (envsubst, sed). */
export function isPlaceholderSyntax(syntax: TemplateSyntax): boolean {
  return syntax === ENVSUBST || syntax === SED;
}

/** One regular expression for the constructs of several syntaxes (a new object: global regexes keep state). */
function constructsOf(syntaxes: readonly TemplateSyntax[]): RegExp {
  return new RegExp(syntaxes.map((s) => s.construct.source).join('|'), 'g');
}

/** Placeholder text that replaces a construct inside a value, padded to the same length. */
export const TEMPLATE_PLACEHOLDER = '__tpl';
/** Fills a construct shorter than TEMPLATE_PLACEHOLDER (`$TAG`, `${X}`): a private-use character no manifest holds. */
const SHORT_PLACEHOLDER = '\uE000';

/**
 * Replaces template constructs with text of the same length, so offsets stay exact: a construct alone on its line
 * (or spanning lines) becomes spaces, one inside a value becomes a plain scalar that isTemplatedValue recognises.
 */
export function maskTemplates(text: string, syntaxes: readonly TemplateSyntax[] = templateSyntaxesOf(text)): string {
  if (syntaxes.length === 0) return text;
  const others = constructsOf(syntaxes);
  const blankLine = (s: string) => /^\s*$/.test(s.replace(others, ''));
  return text.replace(constructsOf(syntaxes), (match, ...rest: unknown[]) => {
    const offset = rest[rest.length - 2] as number;
    const before = text.slice(lineStartOf(text, offset), offset);
    const after = text.slice(offset + match.length, lineEndOf(text, offset + match.length));
    const keepNewlines = (s: string, fill: string) => s.replace(/[^\n]/g, fill);
    if (match.includes('\n') || (blankLine(before) && blankLine(after))) {
      return keepNewlines(match, ' ');
    }
    if (match.length < TEMPLATE_PLACEHOLDER.length) return SHORT_PLACEHOLDER.repeat(match.length);
    return TEMPLATE_PLACEHOLDER + '_'.repeat(match.length - TEMPLATE_PLACEHOLDER.length);
  });
}

/** An envsubst placeholder in a value of plain YAML (`cpu: ${CPU}` parses): a value no rule may judge either. */
const RAW_PLACEHOLDER = new RegExp(ENVSUBST.construct.source);

/** Whether a value came from a template construct (blanked before parsing): its text is not what the file says. */
export function isMaskedValue(value: unknown): boolean {
  return typeof value === 'string' && (value.includes(TEMPLATE_PLACEHOLDER) || value.includes(SHORT_PLACEHOLDER));
}

/** Whether a value came from a template construct, or is an unsubstituted `${VAR}`/`$VAR`: never judged. */
export function isTemplatedValue(value: unknown): boolean {
  return isMaskedValue(value) || (typeof value === 'string' && RAW_PLACEHOLDER.test(value));
}

/** The constructs of the file's templating syntaxes in `text` (a slice of the file), in order. */
export function templateConstructsIn(file: SourceFile, text: string): string[] {
  return file.templates.length > 0 ? (text.match(constructsOf(file.templates)) ?? []) : [];
}

/** Whether `text` (a slice of the file) holds a construct of the file's templating syntaxes, e.g. an `if` guard line. */
export function hasTemplateConstruct(file: SourceFile, text: string): boolean {
  return file.templates.length > 0 && text.search(constructsOf(file.templates)) !== -1;
}
