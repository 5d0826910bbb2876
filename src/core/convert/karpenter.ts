import type { ManifestDoc } from '../model';
import type { RuleContext } from '../rule';
import type { Fix } from '../types';

export function karpenterConversions(doc: ManifestDoc, ctx: RuleContext): Fix[] {
  void doc;
  void ctx;
  return [];
}
