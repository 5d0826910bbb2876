// Cluster text inside Markdown (VS Code MarkdownString tooltips): escaped so an event message or a
// name cannot add links, images, entities or formatting, and with control characters made visible.
import { printable } from './terminal';

/** `text` as literal Markdown: every ASCII punctuation character that Markdown, autolinks or entities use is backslash-escaped. */
export function markdownText(text: string): string {
  return printable(text).replace(/[\\`*_{}[\]()#+\-.!|<>~&:"'=]/g, '\\$&');
}

/** `lines` as a fenced code block whose fence is longer than any backtick run inside, so the text cannot close it. */
export function markdownCodeBlock(lines: readonly string[]): string {
  const body = lines.map((l) => printable(l)).join('\n');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `\n${fence}text\n${body}\n${fence}\n`;
}
