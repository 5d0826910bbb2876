// The files a kustomization in the workspace applies as patches (`patches`, `patchesStrategicMerge`,
// `patchesJson6902`): partial objects by design, so the schema check does not call their absent fields missing.
import { isMap, isScalar, isSeq } from 'yaml';
import type { SourceFile } from './model';
import type { Workspace } from './workspace';

const PATCH_FIELDS = ['patches', 'patchesStrategicMerge', 'patchesJson6902'];

/**
 * Whether a kustomization of the workspace names `uri` as a patch. The index is a memo of Maps looked up with `get`,
 * so the language server's incremental analysis records the one key read, not a read of every file.
 */
export function isKustomizePatch(workspace: Workspace, uri: string): boolean {
  const index = workspace.memo('kustomize-patch-files', () => {
    const byUri = new Map<string, true>();
    for (const file of workspace.allFiles()) if (/(^|\/)kustomization\.ya?ml$/i.test(file.uri)) addPatches(file, byUri);
    return { byUri };
  });
  return index.byUri.get(uri) === true;
}

function addPatches(file: SourceFile, out: Map<string, true>): void {
  for (const doc of file.docs) {
    for (const field of PATCH_FIELDS) {
      const list = doc.root?.get(field, true);
      if (!isSeq(list)) continue;
      for (const item of list.items) {
        const path = isScalar(item) ? item.value : isMap(item) ? item.get('path') : undefined;
        if (typeof path !== 'string' || path.includes('\n')) continue;
        try {
          out.set(new URL(path, file.uri).toString(), true);
        } catch {
          // Not a path: an inline patch.
        }
      }
    }
  }
}
