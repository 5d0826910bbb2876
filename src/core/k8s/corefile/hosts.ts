// The `hosts` plugin of a Corefile and k3s NodeHosts files: merging node entries into them (the doctor's
// coredns-node-hosts repair) and the edit adding `fallthrough` (the coredns-hosts-fallthrough rule).
import { applyTextEdits, type OffsetEdit } from '../../text/edits';
import { msg, type Message } from '../../l10n';
import { lineStartOf } from '../../text/lines';
import { indentUnit, isRootServerBlock, parseCorefile, type CorefileToken, type Directive, type ServerBlock } from './parse';

export interface HostsEntry {
  ip: string;
  names: string[];
}

/** The merged text, or why the merge was refused; a conflict names a line left as it was. Both are templates quoting names and addresses. */
export type MergeResult = { ok: true; text: string; changed: boolean; edits: OffsetEdit[]; conflicts: Message[] } | { ok: false; error: Message };

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:.]*$/;
export const isIpAddress = (s: string) => IPV4.test(s) || (IPV6.test(s) && s.includes(':'));
const HOST_NAME = /^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_.])?$/;

/** Options of the hosts plugin: every other line in its block is an `IP name…` entry. */
const HOSTS_OPTIONS = ['ttl', 'no_reverse', 'reload', 'fallthrough'];

export function hostsDirective(sb: ServerBlock): Directive | undefined {
  return sb.block.directives.find((d) => d.name.text === 'hosts');
}

export function hasFallthrough(hosts: Directive): boolean {
  return !!hosts.block?.directives.some((d) => d.name.text === 'fallthrough');
}

/**
 * Returns the Corefile with `entries` merged into the `hosts` block of its `.:53` server block:
 * creates the block when missing, adds only names not yet present, keeps (or adds) `fallthrough`,
 * updates the address of a line whose names all belong to one entry, and reports any other name
 * mapped to a different address as a conflict instead of changing it. Running it twice changes nothing.
 * On k3s, whose `hosts /etc/coredns/NodeHosts` block reads the `NodeHosts` key and whose Corefile is
 * re-applied at startup, use mergeHostsFile on `NodeHosts` instead.
 */
export function mergeHostsEntries(text: string, input: HostsEntry[]): MergeResult {
  const entries = normalizeEntries(input);
  if (!Array.isArray(entries)) return { ok: false, error: entries };
  const parsed = parseCorefile(text);
  if (!parsed.ok) return { ok: false, error: msg('the Corefile could not be parsed ({why}); edit it by hand', { why: parsed.error }) };
  const root = parsed.value.serverBlocks.filter(isRootServerBlock);
  if (root.length !== 1) return { ok: false, error: root.length ? msg('more than one .:53 server block') : msg('no .:53 server block') };
  const sb = root[0];
  const all = sb.block.directives.filter((d) => d.name.text === 'hosts');
  if (all.length > 1) return { ok: false, error: msg('more than one hosts directive in the .:53 server block') };
  const hosts = all[0];
  if (hosts && hosts.args.slice(1).some((z) => z.text !== '.')) {
    return { ok: false, error: msg('the hosts directive is limited to zones; node names outside them would not be served') };
  }
  const unit = indentUnit(sb.block.directives, sb.indent);
  const plan = hosts ? planExisting(text, hosts, entries, unit) : planNew(text, sb, entries, unit);
  if ('error' in plan) return { ok: false, error: plan.error };
  const out = applyTextEdits(text, plan.edits);
  if (!parseCorefile(out).ok) return { ok: false, error: msg('the merged Corefile would not parse; edit it by hand') };
  return { ok: true, text: out, changed: out !== text, edits: plan.edits, conflicts: plan.conflicts };
}

/** Validated entries, one per address, each name once; why not, when invalid or contradictory. */
function normalizeEntries(entries: HostsEntry[]): HostsEntry[] | Message {
  const byIp = new Map<string, string[]>();
  const ipOf = new Map<string, string>();
  for (const e of entries) {
    if (!isIpAddress(e.ip) || e.names.length === 0 || e.names.some((n) => !HOST_NAME.test(n))) return msg('not a valid hosts entry: {entry}', { entry: `${e.ip} ${e.names.join(' ')}` });
    const names = byIp.get(e.ip) ?? [];
    byIp.set(e.ip, names);
    for (const n of e.names) {
      const other = ipOf.get(n.toLowerCase());
      if (other && other !== e.ip) return msg('{name} is given two addresses: {first} and {second}', { name: n, first: other, second: e.ip });
      if (!other) names.push(n);
      ipOf.set(n.toLowerCase(), e.ip);
    }
  }
  return [...byIp].map(([ip, names]) => ({ ip, names }));
}

type Plan = { edits: OffsetEdit[]; conflicts: Message[] } | { error: Message };

/** Names missing from `existing` (name → address), grouped by entry; lines to re-address; conflicts. */
function diffEntries(existing: { ip: CorefileToken; names: string[] }[], entries: HostsEntry[]) {
  const byName = new Map<string, { ip: CorefileToken; names: string[] }>();
  for (const line of existing) for (const n of line.names) if (!byName.has(n.toLowerCase())) byName.set(n.toLowerCase(), line);
  const missing: HostsEntry[] = [];
  const readdress = new Map<CorefileToken, string>();
  const conflicts: Message[] = [];
  for (const e of entries) {
    const names: string[] = [];
    for (const n of e.names) {
      const line = byName.get(n.toLowerCase());
      if (!line) {
        if (!names.includes(n)) names.push(n);
      } else if (line.ip.text !== e.ip && readdress.get(line.ip) !== e.ip) {
        const lowered = e.names.map((x) => x.toLowerCase());
        if (line.names.every((x) => lowered.includes(x.toLowerCase())) && !readdress.has(line.ip)) readdress.set(line.ip, e.ip);
        else conflicts.push(msg('{name} is already mapped to {address}, not {wanted}', { name: n, address: line.ip.text, wanted: e.ip }));
      }
    }
    if (names.length) missing.push({ ip: e.ip, names });
  }
  return { missing, readdress, conflicts };
}

function planExisting(text: string, hosts: Directive, entries: HostsEntry[], unit: string): Plan {
  const inner = hosts.block?.directives ?? [];
  const lines = inner.filter((d) => !HOSTS_OPTIONS.includes(d.name.text));
  const badLine = lines.find((d) => !isIpAddress(d.name.text));
  if (badLine) return { error: msg('unexpected line in the hosts block: {line}', { line: badLine.name.text }) };
  const { missing, readdress, conflicts } = diffEntries(
    lines.map((d) => ({ ip: d.name, names: d.args.map((a) => a.text) })),
    entries,
  );
  const edits: OffsetEdit[] = [...readdress].map(([tok, ip]) => ({ range: { start: tok.start, end: tok.end }, newText: ip }));
  const innerIndent = inner.find((d) => d.ownLine)?.indent ?? hosts.indent + unit;
  const newLines = missing.map((e) => `${innerIndent}${e.ip} ${e.names.join(' ')}\n`).join('');
  const fallthrough = hasFallthrough(hosts) ? '' : `${innerIndent}fallthrough\n`;
  if (!newLines && !fallthrough) return { edits, conflicts };
  if (!hosts.block) {
    const body = (newLines + fallthrough).replace(/\n$/, '');
    edits.push({ range: { start: hosts.end, end: hosts.end }, newText: ` {\n${body}\n${hosts.indent}}` });
    return { edits, conflicts };
  }
  if (!hosts.ownLine || hosts.block.close.line === hosts.name.line) return { error: msg('the hosts block is written on one line; edit it by hand') };
  // New entries go after the last entry (or first in the block); fallthrough goes last.
  const lastEntry = lines[lines.length - 1];
  const after = lastEntry ? inner[inner.indexOf(lastEntry) + 1] : inner[0];
  const entryAt = after ? ownLineStart(text, after) : ownLineStart(text, hosts.block.close);
  const closeAt = ownLineStart(text, hosts.block.close);
  if (entryAt === undefined || closeAt === undefined) return { error: msg('the hosts block shares lines with other directives; edit it by hand') };
  if (newLines && entryAt === closeAt) edits.push({ range: { start: closeAt, end: closeAt }, newText: newLines + fallthrough });
  else {
    if (newLines) edits.push({ range: { start: entryAt, end: entryAt }, newText: newLines });
    if (fallthrough) edits.push({ range: { start: closeAt, end: closeAt }, newText: fallthrough });
  }
  return { edits, conflicts };
}

function planNew(text: string, sb: ServerBlock, entries: HostsEntry[], unit: string): Plan {
  const { missing, conflicts } = diffEntries([], entries);
  const siblings = sb.block.directives;
  const indent = siblings.find((d) => d.ownLine)?.indent ?? sb.indent + unit;
  const kubernetes = siblings.find((d) => d.name.text === 'kubernetes' && d.ownLine);
  const at = kubernetes ? kubernetes.lineStart : ownLineStart(text, sb.block.close);
  if (at === undefined) return { error: msg('the .:53 server block is written on one line; edit it by hand') };
  const body = [...missing.map((e) => `${e.ip} ${e.names.join(' ')}`), 'fallthrough'].map((l) => `${indent}${unit}${l}\n`).join('');
  return { edits: [{ range: { start: at, end: at }, newText: `${indent}hosts {\n${body}${indent}}\n` }], conflicts };
}

/** Offset of the start of the token's line when nothing but whitespace precedes it there. */
function ownLineStart(text: string, t: CorefileToken | Directive): number | undefined {
  if ('ownLine' in t) return t.ownLine ? t.lineStart : undefined;
  const start = lineStartOf(text, t.start);
  return /^[ \t]*$/.test(text.slice(start, t.start)) ? start : undefined;
}

/**
 * The edit that adds `fallthrough` as the last line of a hosts block (or gives a block-less `hosts`
 * line a block holding it), indented like the block's other lines. Undefined for one-line blocks.
 */
export function addFallthroughEdit(text: string, hosts: Directive, unit: string): OffsetEdit | undefined {
  if (!hosts.block) {
    if (!hosts.ownLine) return undefined;
    return { range: { start: hosts.end, end: hosts.end }, newText: ` {\n${hosts.indent}${unit}fallthrough\n${hosts.indent}}` };
  }
  const at = ownLineStart(text, hosts.block.close);
  if (at === undefined || !hosts.ownLine || hosts.block.close.line === hosts.name.line) return undefined;
  const indent = hosts.block.directives.find((d) => d.ownLine)?.indent ?? hosts.indent + unit;
  return { range: { start: at, end: at }, newText: `${indent}fallthrough\n` };
}

/**
 * Merges entries into a hosts file (k3s `NodeHosts`: one `IP name` per line), with the same rules as
 * mergeHostsEntries. Lines it cannot read are kept as they are.
 */
export function mergeHostsFile(text: string, input: HostsEntry[]): MergeResult {
  const entries = normalizeEntries(input);
  if (!Array.isArray(entries)) return { ok: false, error: entries };
  const existing: { ip: CorefileToken; names: string[] }[] = [];
  let offset = 0;
  text.split('\n').forEach((line, n) => {
    const content = line.replace(/#.*$/, '');
    const m = /^\s*(\S+)((?:\s+\S+)*)\s*$/.exec(content);
    if (m && isIpAddress(m[1])) {
      const start = offset + content.indexOf(m[1]);
      existing.push({ ip: { text: m[1], start, end: start + m[1].length, line: n, quoted: false }, names: m[2].trim().split(/\s+/).filter(Boolean) });
    }
    offset += line.length + 1;
  });
  const { missing, readdress, conflicts } = diffEntries(existing, entries);
  const edits: OffsetEdit[] = [...readdress].map(([tok, ip]) => ({ range: { start: tok.start, end: tok.end }, newText: ip }));
  // One name per line, as k3s writes NodeHosts.
  const added = missing.flatMap((e) => e.names.map((n) => `${e.ip} ${n}\n`)).join('');
  if (added) edits.push({ range: { start: text.length, end: text.length }, newText: (text === '' || text.endsWith('\n') ? '' : '\n') + added });
  const out = applyTextEdits(text, edits);
  return { ok: true, text: out, changed: out !== text, edits, conflicts };
}
