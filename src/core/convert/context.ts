// What a conversion reads besides its document: the other manifests and the target versions. A lint
// RuleContext satisfies it, so rules pass theirs, while convert/ stays below lint/ in the layering.
import type { Workspace } from '../manifest/workspace';

export interface ConversionContext {
  workspace: Workspace;
  settings: { kubernetesVersion: string; karpenterVersion: string };
}
