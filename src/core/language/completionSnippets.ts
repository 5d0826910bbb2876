// Snippets whose offer depends on the settings, served by the language server's completion (the static ones in
// snippets/ cannot ask which Karpenter version a workspace targets): the v1alpha5 Provisioner, while the target
// Karpenter still serves karpenter.sh/v1alpha5 (KARPENTER_API_LIFECYCLE: up to v0.32, gone in v0.33).
import { compareMinor } from '../k8s/versions';
import { KARPENTER_API_LIFECYCLE } from '../lint/rules/karpenter-deprecated-api';
import type { Settings } from '../lint/settings';
import { msg, type Message } from '../l10n';

export interface SettingSnippet {
  /** What the user types to find it. */
  prefix: string;
  /** Rendered by the server in the client's language when it offers the snippet. */
  detail: Message;
  documentation: Message;
  /** VS Code/LSP snippet syntax (`${1:default}` tab stops). */
  body: string;
}

const PROVISIONER_V1ALPHA5: SettingSnippet = {
  prefix: 'provisioner-v1alpha5',
  detail: msg('Karpenter v1alpha5 Provisioner (served up to v0.32)'),
  documentation: msg(
    'A `karpenter.sh/v1alpha5` Provisioner, for clusters still on Karpenter v0.31 or v0.32. Provisioner became NodePool in Karpenter v1beta1 (v0.32), and v0.33 stopped serving v1alpha5: for newer targets use the `nodepool` snippet (`kubeScalingDoctor.karpenterVersion` decides which is offered).',
  ),
  body: [
    'apiVersion: karpenter.sh/v1alpha5',
    'kind: Provisioner',
    'metadata:',
    '  name: ${1:default}',
    'spec:',
    '  requirements:',
    '  - key: karpenter.sh/capacity-type',
    '    operator: In',
    '    values: ["${2|on-demand,spot|}"]',
    '  limits:',
    '    resources:',
    '      cpu: "${3:1000}"',
    '  consolidation:',
    '    enabled: true',
    '  # The AWSNodeTemplate (karpenter.k8s.aws/v1alpha1) with the subnets and security groups.',
    '  providerRef:',
    '    name: ${1:default}',
  ].join('\n'),
};

/** The snippets the target versions in `settings` call for. */
export function settingSnippets(settings: Settings): SettingSnippet[] {
  const v1alpha5 = KARPENTER_API_LIFECYCLE['karpenter.sh/v1alpha5'];
  return compareMinor(settings.karpenterVersion, v1alpha5.removed) < 0 ? [PROVISIONER_V1ALPHA5] : [];
}
