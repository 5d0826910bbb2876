// metrics-server Deployments as users write them (flags in `args`, or in `command` after the binary as in
// the EKS walkthrough), shared by the flag-editing tests and the metrics-server-insecure-tls rule tests.

export const deployment = (container: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: metrics-server
  namespace: kube-system
spec:
  template:
    spec:
      containers:
${container}`;

export const argsForm = deployment(`      - name: metrics-server
        image: registry.k8s.io/metrics-server/metrics-server:v0.7.2
        args:
        - --cert-dir=/tmp
        - --secure-port=10250
        - --kubelet-preferred-address-types=Hostname   # default order
        - --kubelet-use-node-status-port
        ports:
        - containerPort: 10250
`);

// As in the EKS walkthrough: flags in `command` after the binary.
export const commandForm = deployment(`      - name: metrics-server
        image: k8s.gcr.io/metrics-server-amd64:v0.3.6
        command:
          - /metrics-server
          - --logtostderr
          - --kubelet-insecure-tls=true
          - --kubelet-preferred-address-types=InternalIP
          - --v=2
`);
