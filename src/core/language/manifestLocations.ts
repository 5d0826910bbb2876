// Which workspace manifests describe a cluster object: same kind and name, and the same namespace (the
// one written in the manifest, else the context's, where `kubectl apply` would put it). The language
// server answers ManifestLocationsRequest (protocol.ts) from its workspace index; the Doctor view puts its
// findings there as diagnostics.
import type { ObjectRef } from '../k8s/objectRef';
import { nodeAt, rangeOf, type ManifestDoc } from '../manifest/model';
import type { OffsetRange } from '../text/edits';
import type { Workspace } from '../manifest/workspace';

function matches(doc: ManifestDoc, o: ObjectRef, contextNamespace: string): boolean {
  if (doc.kind !== o.kind || doc.name !== o.name) return false;
  if (!o.namespace) return true; // cluster-scoped (APIService, Node…)
  return (doc.namespaceExplicit ? doc.namespace : contextNamespace) === o.namespace;
}

/** Every manifest of each object, with `object` its index in `objects` and `range` the metadata.name value. */
export function manifestLocations(ws: Workspace, objects: readonly ObjectRef[], contextNamespace: string): { uri: string; object: number; range: OffsetRange }[] {
  const out: { uri: string; object: number; range: OffsetRange }[] = [];
  if (!objects.length) return out;
  for (const doc of ws.allDocs()) {
    objects.forEach((o, object) => {
      if (matches(doc, o, contextNamespace)) out.push({ uri: doc.file.uri, object, range: rangeOf(nodeAt(doc.root, ['metadata', 'name']), doc.range) });
    });
  }
  return out;
}
