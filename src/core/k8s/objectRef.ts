// Names one Kubernetes object: what the doctor's findings, repairs and the manifest-location request refer to.

export interface ObjectRef {
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
}
