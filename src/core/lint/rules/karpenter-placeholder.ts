// Placeholders (`<REQUIRED: …>`) that a Karpenter conversion left for the user to fill in.
import { PLACEHOLDER_PATTERN } from '../../convert/karpenter';
import { isKarpenter } from '../../manifest/kinds';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import { msg } from '../../l10n';

export const karpenterPlaceholder: Rule = {
  id: 'karpenter-placeholder',
  category: 'migration',
  severity: 'error',
  title: 'A value the Karpenter conversion could not derive is still a placeholder',
  docs:
    'Converting a Provisioner or AWSNodeTemplate to v1 leaves `<REQUIRED: …>` where the old manifest does not say what ' +
    'to write (the IAM role behind the controller-wide instance profile, an EC2NodeClass for the inline `spec.provider` of a JSON manifest, ' +
    'the AMI of a launch template, kubelet settings whose EC2NodeClass is elsewhere). Replace each placeholder with the real value.',
  applies: (doc) => isKarpenter(doc),
  check(doc) {
    const file = doc.file;
    const next = file.docs[doc.index + 1];
    const end = next ? next.range.start : file.text.length;
    const text = file.text.slice(doc.range.start, end);
    const problems: Problem[] = [];
    for (const m of text.matchAll(PLACEHOLDER_PATTERN)) {
      const start = doc.range.start + m.index!;
      problems.push({ message: msg('Fill in this placeholder: {placeholder}.', { placeholder: m[0].slice(1, -1) }), range: { start, end: start + m[0].length } });
    }
    return problems;
  },
};
