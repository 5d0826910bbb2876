// Karpenter requirements that pin architecture-specific instance families (Graviton `m6g`, x86 `m5`) against, or without, kubernetes.io/arch.
import { isMap, type YAMLSeq } from 'yaml';
import { readRequirements, requirementsSeq, type Requirement } from '../../k8s/karpenter';
import { group, version } from '../../manifest/kinds';
import { keyRange, rangeOf, type ManifestDoc } from '../../manifest/model';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import type { TextEdit } from '../../text/edits';
import { eolOf, lineEndOf, lineStartOf } from '../../text/lines';
import { msg } from '../../l10n';

type Arch = 'amd64' | 'arm64';
const ALL: Arch[] = ['amd64', 'arm64'];
const FAMILY_KEY = 'karpenter.k8s.aws/instance-family';
const TYPE_KEY = 'node.kubernetes.io/instance-type';
const ARCH_KEY = 'kubernetes.io/arch';

/**
 * The architecture of an EC2 instance family from its name (AWS "Instance type naming conventions": a `g` among the
 * attributes after the generation digit is a Graviton processor, e.g. m6g, c7gn, r6gd, x2gd, is4gen; `a1` is the
 * first Graviton). Families this cannot tell (mac, u-6tb1) give undefined.
 */
function familyArch(family: string): Arch | undefined {
  const f = family.toLowerCase();
  if (f === 'a1') return 'arm64';
  if (f.startsWith('mac')) return undefined;
  const m = /^([a-z]+)(\d+)([a-z-]*)$/.exec(f);
  if (!m) return undefined;
  return m[3].replace(/-.*$/, '').includes('g') ? 'arm64' : 'amd64';
}

/** The architectures the instance families (or types) of an `In` requirement run; undefined when any cannot be told. */
function archsOf(r: Requirement): Set<Arch> | undefined {
  if (r.operator !== 'In' || r.values.length === 0) return undefined;
  const archs = new Set<Arch>();
  for (const v of r.values) {
    const arch = familyArch(r.key === TYPE_KEY ? v.split('.')[0] : v);
    if (!arch) return undefined;
    archs.add(arch);
  }
  return archs;
}

/** A block-sequence item appended after the last one, in its flow (`- {key: …}`) or block style. */
function appendRequirement(doc: ManifestDoc, seq: YAMLSeq, entries: [string, string][]): TextEdit | undefined {
  const text = doc.file.text;
  const last = seq.items[seq.items.length - 1];
  if (seq.flow || !isMap(last)) return undefined;
  const { start, end } = rangeOf(last);
  const dash = /^([ \t]*)-([ \t]+)$/.exec(text.slice(lineStartOf(text, start), start));
  if (!dash) return undefined;
  let at = end;
  while (at > start && /\s/.test(text[at - 1])) at--;
  at = lineEndOf(text, at);
  const eol = eolOf(text, at);
  const head = `${eol}${dash[1]}-${dash[2]}`;
  const newText = last.flow ? `${head}{${entries.map(([k, v]) => `${k}: ${v}`).join(', ')}}` : head + entries.map(([k, v]) => `${k}: ${v}`).join(`${eol}${dash[1]} ${dash[2]}`);
  return { uri: doc.file.uri, range: { start: at, end: at }, newText };
}

export const karpenterArchMismatch: Rule = {
  id: 'karpenter-arch-mismatch',
  category: 'infra',
  severity: 'error',
  title: 'Karpenter instance families that do not match the architecture requirement',
  docs: [
    'Instance families are architecture-specific: Graviton families (`m6g`, `c7g`, `r6g`, `t4g`…) are arm64, the others (`m5`, `c6i`, `r7a`…) amd64.',
    '',
    '- **error**: the families (or instance types) and `kubernetes.io/arch` exclude each other, so no instance type qualifies and the NodePool never launches a node. A v1alpha5 Provisioner without an arch requirement counts as `In [amd64]`: its defaulting webhook added that.',
    "- **warning**: a v1beta1/v1 NodePool that allows only Graviton families and says nothing about `kubernetes.io/arch`. Karpenter v1 defaults no architecture, so pods that do not select one are placed on these arm64 nodes, and an amd64-only image fails with `exec format error`. The quick fix writes `kubernetes.io/arch In [arm64]`, which changes nothing for Karpenter and makes the pool's architecture visible; taint the pool or give amd64-only pods a `kubernetes.io/arch: amd64` nodeSelector.",
  ].join('\n'),
  applies: (doc) => (doc.kind === 'NodePool' && group(doc.apiVersion) === 'karpenter.sh') || (doc.kind === 'Provisioner' && version(doc.apiVersion) === 'v1alpha5'),
  check(doc) {
    const seq = requirementsSeq(doc);
    const reqs = readRequirements(seq);
    const pinning = reqs.filter((r) => (r.key === FAMILY_KEY || r.key === TYPE_KEY) && r.operator === 'In');
    if (pinning.length === 0) return [];
    let possible: Set<Arch> | undefined;
    for (const r of pinning) {
      const archs = archsOf(r);
      if (!archs) return [];
      possible = possible ? new Set([...possible].filter((a) => archs.has(a))) : archs;
    }
    const families = pinning.flatMap((r) => r.values);
    const shownFamilies = families.length > 6 ? `${families.slice(0, 6).join(', ')}, …` : families.join(', ');
    const archReq = reqs.find((r) => r.key === ARCH_KEY);
    const provisioner = doc.kind === 'Provisioner';
    let allowed: Arch[] = ALL;
    if (archReq?.operator === 'In') allowed = ALL.filter((a) => archReq.values.includes(a));
    else if (archReq?.operator === 'NotIn') allowed = ALL.filter((a) => !archReq.values.includes(a));
    else if (!archReq && provisioner) allowed = ['amd64'];
    const runs = [...possible!].sort();
    const range = archReq ? keyRange(archReq.node, 'values', rangeOf(archReq.node)) : keyRange(pinning[0].node, 'values', rangeOf(pinning[0].node));
    if (!runs.some((a) => allowed.includes(a))) {
      const args = { families: shownFamilies, arch: runs[0], otherArch: runs[1] ?? '', kind: doc.kind ?? '', key: ARCH_KEY };
      const requirement = archReq && `${ARCH_KEY} ${archReq.operator} [${archReq.values.join(', ')}]`;
      let message;
      if (requirement && runs.length > 1)
        message = msg('No instance type qualifies: {families} run {arch} and {otherArch}, but this {kind} has {requirement}. Karpenter cannot launch a node for it.', { ...args, requirement });
      else if (requirement) message = msg('No instance type qualifies: {families} are {arch}, but this {kind} has {requirement}. Karpenter cannot launch a node for it.', { ...args, requirement });
      else if (runs.length > 1)
        message = msg(
          'No instance type qualifies: {families} run {arch} and {otherArch}, but this {kind} has no {key} requirement, which the v1alpha5 defaulting webhook turns into In [amd64]. Karpenter cannot launch a node for it.',
          args,
        );
      else
        message = msg(
          'No instance type qualifies: {families} are {arch}, but this {kind} has no {key} requirement, which the v1alpha5 defaulting webhook turns into In [amd64]. Karpenter cannot launch a node for it.',
          args,
        );
      return [{ message, range }];
    }
    if (archReq || provisioner || runs.length !== 1 || runs[0] !== 'arm64') return [];
    const problem: Problem = {
      severity: 'warning',
      message:
        families.length > 1
          ? msg(
              '{families} are arm64 (Graviton) only, and this NodePool has no {key} requirement: Karpenter v1 defaults none, so pods that do not select an architecture land on arm64 nodes and amd64-only images fail with exec format error. Write {key} In [arm64], and taint the pool or select amd64 in amd64-only workloads.',
              { families: shownFamilies, key: ARCH_KEY },
            )
          : msg(
              '{families} is arm64 (Graviton) only, and this NodePool has no {key} requirement: Karpenter v1 defaults none, so pods that do not select an architecture land on arm64 nodes and amd64-only images fail with exec format error. Write {key} In [arm64], and taint the pool or select amd64 in amd64-only workloads.',
              { families: shownFamilies, key: ARCH_KEY },
            ),
      range,
      fixes: () => {
        const edit =
          seq &&
          appendRequirement(doc, seq, [
            ['key', ARCH_KEY],
            ['operator', 'In'],
            ['values', '["arm64"]'],
          ]);
        return edit ? [{ title: msg('Add {key} In [arm64]', { key: ARCH_KEY }), edits: [edit], safety: 'safe' }] : [];
      },
    };
    return [problem];
  },
};
