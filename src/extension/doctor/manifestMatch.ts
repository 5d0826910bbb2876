// Which workspace manifests a cluster finding is about: same kind and name, and the same namespace (the one
// written in the manifest, else the context's, where `kubectl apply` would put it). Pure, no vscode.
import type { DoctorFinding, ObjectRef } from '../../core/doctor/types';
import { nodeAt, rangeOf, type ManifestDoc } from '../../core/model';
import type { OffsetRange } from '../../core/types';
import type { Workspace } from '../../core/workspace';

export interface FindingLocation {
  uri: string;
  finding: DoctorFinding;
  /** The manifest's metadata.name value. */
  range: OffsetRange;
}

export function matches(doc: ManifestDoc, o: ObjectRef, contextNamespace: string): boolean {
  if (doc.kind !== o.kind || doc.name !== o.name) return false;
  if (!o.namespace) return true; // cluster-scoped (APIService, Node…)
  return (doc.namespaceExplicit ? doc.namespace : contextNamespace) === o.namespace;
}

export function findingLocations(ws: Workspace, findings: DoctorFinding[], contextNamespace: string): FindingLocation[] {
  const out: FindingLocation[] = [];
  const withObject = findings.filter((f) => f.object);
  if (!withObject.length) return out;
  for (const doc of ws.allDocs()) {
    for (const finding of withObject) {
      if (!matches(doc, finding.object!, contextNamespace)) continue;
      out.push({ uri: doc.file.uri, finding, range: rangeOf(nodeAt(doc.root, ['metadata', 'name']), doc.range) });
    }
  }
  return out;
}
