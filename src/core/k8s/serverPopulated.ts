// What the API server (and kubectl) write into an object and a manifest must not carry: the fields of
// `kubectl get -o yaml` output that make the next apply fail or mislead. Shared by lint and conversions.

/** ObjectMeta fields set by the system (k8s.io/apimachinery pkg/apis/meta/v1/types.go: "Populated by the system. Read-only."). */
export const SERVER_POPULATED_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink', 'managedFields'];

/** Written by every client-side `kubectl apply`. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
