// karpenter-userdata-bootstrap: AL2 userData that runs /etc/eks/bootstrap.sh next to the call Karpenter appends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { karpenterUserdataBootstrap } from '../../../src/core/lint/rules/karpenter-userdata-bootstrap';
import { analyze, covered } from '../../helpers';

const rules = [karpenterUserdataBootstrap];

// Copied over from a self-managed node group's launch template: extra kubelet flags by calling bootstrap.sh itself.
const AL2 = `apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: build-agents
spec:
  role: KarpenterNodeRole-ci
  amiSelectorTerms:
  - alias: al2@latest
  subnetSelectorTerms:
  - tags: {karpenter.sh/discovery: ci}
  securityGroupSelectorTerms:
  - tags: {karpenter.sh/discovery: ci}
  userData: |
    #!/bin/bash
    set -ex
    # raise inotify limits for the build tools
    sysctl -w fs.inotify.max_user_watches=524288
    sed -i 's/^KUBELET_EXTRA_ARGS=.*/&/' /etc/eks/bootstrap.sh
    /etc/eks/bootstrap.sh ci-cluster --kubelet-extra-args '--max-pods=110'
`;

test('an al2 alias whose userData calls bootstrap.sh: error on the call, not on the sed that edits the script', () => {
  const [f, ...rest] = analyze(AL2, { rules });
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(covered(AL2, f), '/etc/eks/bootstrap.sh');
  assert.equal(AL2.indexOf('/etc/eks/bootstrap.sh ci-cluster'), f.range.start);
  assert.match(f.message, /Karpenter appends its own bootstrap\.sh call.*bootstraps twice/);
  assert.match(f.message, /the EC2NodeClass spec\.kubelet/);
});

test('amiFamily AL2 (v1beta1), sudo and && forms, and AWSNodeTemplate whose family defaults to AL2', () => {
  const beta = AL2.replace('apiVersion: karpenter.k8s.aws/v1', 'apiVersion: karpenter.k8s.aws/v1beta1')
    .replace('  amiSelectorTerms:\n  - alias: al2@latest\n', '  amiFamily: AL2\n')
    .replace("    /etc/eks/bootstrap.sh ci-cluster --kubelet-extra-args '--max-pods=110'\n", '    yum install -y amazon-ssm-agent && sudo /etc/eks/bootstrap.sh ci-cluster\n');
  const [f] = analyze(beta, { rules });
  assert.equal(covered(beta, f), '/etc/eks/bootstrap.sh');
  assert.match(f.message, /NodePool's spec\.template\.spec\.kubelet/);
  const template = `apiVersion: karpenter.k8s.aws/v1alpha1
kind: AWSNodeTemplate
metadata:
  name: default
spec:
  subnetSelector: {karpenter.sh/discovery: prod}
  securityGroupSelector: {karpenter.sh/discovery: prod}
  userData: |
    MIME-Version: 1.0
    Content-Type: multipart/mixed; boundary="BOUNDARY"

    --BOUNDARY
    Content-Type: text/x-shellscript; charset="us-ascii"

    #!/bin/bash
    /etc/eks/bootstrap.sh prod
    --BOUNDARY--
`;
  assert.equal(analyze(template, { rules }).length, 1);
});

test('Custom and AL2023/Bottlerocket families, comments and scripts that only edit bootstrap.sh: silent', () => {
  assert.deepEqual(analyze(AL2.replace('  amiSelectorTerms:\n  - alias: al2@latest\n', '  amiFamily: Custom\n  amiSelectorTerms:\n  - id: ami-0abc1234def567890\n'), { rules }), []);
  assert.deepEqual(analyze(AL2.replace('al2@latest', 'bottlerocket@latest'), { rules }), []);
  const quiet = AL2.replace("    /etc/eks/bootstrap.sh ci-cluster --kubelet-extra-args '--max-pods=110'\n", '    # do not call /etc/eks/bootstrap.sh here: Karpenter does\n');
  assert.deepEqual(analyze(quiet, { rules }), []);
});
