// AL2 userData of an EC2NodeClass (or AWSNodeTemplate) that runs /etc/eks/bootstrap.sh itself: Karpenter appends its own call.
import { isScalar, Scalar } from 'yaml';
import { group, version } from '../../manifest/kinds';
import { keyRange, mapAt, nodeAt, seqAt, stringAt, type ManifestDoc } from '../../manifest/model';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import type { OffsetRange } from '../../text/edits';
import { msg, type Message } from '../../l10n';

/** A shell line that runs bootstrap.sh (after `sudo`, `exec`, `bash`, env assignments, or `&&` / `;`), not one that edits it (`sed -i … bootstrap.sh`). */
const RUNS_BOOTSTRAP = /(?:^|&&|\|\||;)\s*(?:(?:sudo|exec|bash|sh|source|\.)\s+|[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*(\/etc\/eks\/bootstrap\.sh)(?=\s|$|;|&)/;

/** Where each API version takes kubelet settings (v1beta1 on the NodePool, v1alpha5 on the Provisioner). */
const KUBELET_SETTINGS: Record<string, Message> = {
  v1: msg('the EC2NodeClass spec.kubelet'),
  v1beta1: msg("the NodePool's spec.template.spec.kubelet"),
  v1alpha1: msg("the Provisioner's spec.kubeletConfiguration"),
};

/** The AMI family whose userData Karpenter merges with its own: AL2 by amiFamily, by an `al2@…` alias, or by v1alpha1's default. */
function isAl2(doc: ManifestDoc): boolean {
  const family = stringAt(doc.root, ['spec', 'amiFamily']);
  if (family !== undefined) return family === 'AL2';
  if (doc.kind === 'AWSNodeTemplate') return true; // v1alpha1: amiFamily defaulted to AL2.
  const aliases = (seqAt(doc.root, ['spec', 'amiSelectorTerms'])?.items ?? []).map((t) => stringAt(t, ['alias'])).filter((a): a is string => !!a);
  return aliases.some((a) => a.split('@')[0].toLowerCase() === 'al2');
}

/** Ranges of each line of a block scalar that runs bootstrap.sh, found in the file text (a block literal keeps its lines). */
function bootstrapCalls(doc: ManifestDoc, node: Scalar): OffsetRange[] {
  const text = doc.file.text;
  const [start, end] = node.range!;
  const out: OffsetRange[] = [];
  let pos = start;
  for (const line of text.slice(start, end).split('\n')) {
    const code = line.replace(/(^|\s)#.*$/, '');
    const m = RUNS_BOOTSTRAP.exec(code);
    if (m) {
      const at = pos + code.indexOf(m[1], m.index);
      out.push({ start: at, end: at + m[1].length });
    }
    pos += line.length + 1;
  }
  return out;
}

export const karpenterUserdataBootstrap: Rule = {
  id: 'karpenter-userdata-bootstrap',
  category: 'infra',
  severity: 'error',
  title: 'AL2 userData runs bootstrap.sh, which Karpenter already runs',
  docs: [
    'For the AL2 AMI family Karpenter merges `spec.userData` into a MIME multi-part document and appends its own part that runs `/etc/eks/bootstrap.sh` with the cluster endpoint, CA, and the labels, taints and kubelet settings of the NodePool and EC2NodeClass.',
    'A userData that calls `bootstrap.sh` itself bootstraps the node twice: the first call starts kubelet without Karpenter\'s labels and taints (and without the `karpenter.sh/unregistered` taint, so Karpenter reports "missing taint prevents registration-related race conditions"), then Karpenter\'s call rewrites the configuration and restarts kubelet.',
    '',
    'Remove the call: keep only your own preparation steps, and set kubelet flags in `spec.kubelet`. Only `amiFamily: Custom` leaves bootstrapping to your userData.',
  ].join('\n'),
  applies: (doc) => (doc.kind === 'EC2NodeClass' && group(doc.apiVersion) === 'karpenter.k8s.aws') || (doc.kind === 'AWSNodeTemplate' && version(doc.apiVersion) === 'v1alpha1'),
  check(doc) {
    const node = nodeAt(doc.root, ['spec', 'userData']);
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range || !isAl2(doc)) return [];
    if (!node.value.includes('/etc/eks/bootstrap.sh')) return [];
    const literal = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.PLAIN;
    const calls = literal ? bootstrapCalls(doc, node) : RUNS_BOOTSTRAP.test(node.value) ? [keyRange(mapAt(doc.root, ['spec']), 'userData')] : [];
    const kubelet = KUBELET_SETTINGS[version(doc.apiVersion)] ?? KUBELET_SETTINGS.v1;
    return calls.map((range): Problem => ({
      message: msg(
        "This AL2 userData runs /etc/eks/bootstrap.sh, but Karpenter appends its own bootstrap.sh call (endpoint, CA, the NodePool's labels, taints and kubelet settings) after it: the node bootstraps twice and first registers without Karpenter's labels and taints. Remove this call; put kubelet flags in {kubelet} (bootstrap yourself only with amiFamily: Custom).",
        { kubelet },
      ),
      range,
    }));
  },
};
