// cluster-autoscaler-cloud-access: Cluster Autoscaler's cloud calls are refused (AWS AccessDenied, UnauthorizedOperation,
// "is not authorized to perform"), which stops it from refreshing its ASG cache (aws_manager.go "Failed to regenerate
// ASG cache") or from starting at all ("Failed to create AWS Manager").
import { capEvidence, type Check, type Draft } from '../checkKit';
import { caLogLines, caRef, statusRef } from '../clusterAutoscalerKit';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

const DENIED = /AccessDenied|UnauthorizedOperation|is not authorized to perform|WebIdentityErr|NoCredentialProviders|ExpiredToken|InvalidClientTokenId/;
const CONTEXT = /Failed to regenerate ASG cache|Failed to create AWS Manager|Failed to build AWS/;

export const check: Check = {
  id: 'cluster-autoscaler-cloud-access',
  title: msg("Cluster Autoscaler's cloud API calls are refused"),
  run(state): Draft[] {
    const lines = caLogLines(state).filter((l) => DENIED.test(l) || (CONTEXT.test(l) && /^[EF]\d{4}/.test(l)));
    if (!lines.length) return [];
    const actions = [...new Set(lines.flatMap((l) => [...l.matchAll(/not authorized to perform: ([\w:]+)/g)].map((m) => m[1])))];
    const role = /User: (arn:aws:[^\s]+)/.exec(lines.join('\n'))?.[1];
    const fatal = lines.some((l) => l.startsWith('F') && /Failed to create AWS Manager/.test(l));
    return [
      {
        id: 'cluster-autoscaler-cloud-access',
        severity: 'error',
        message: actions.length
          ? fatal
            ? msg('Cluster Autoscaler may not call the cloud API ({actions}): it exits at start-up', { actions: actions.join(', ') })
            : msg('Cluster Autoscaler may not call the cloud API ({actions}): it cannot refresh its node groups', { actions: actions.join(', ') })
          : fatal
            ? msg('Cluster Autoscaler may not call the cloud API: it exits at start-up')
            : msg('Cluster Autoscaler may not call the cloud API: it cannot refresh its node groups'),
        object: caRef(state) ?? statusRef,
        evidence: capEvidence(lines, { max: 4 }),
        explanation: sentences(
          role ? msg("The cloud refused CA's credentials ({role}).", { role }) : msg("The cloud refused CA's credentials."),
          fatal
            ? msg(
                'Without DescribeAutoScalingGroups it cannot list or refresh its node groups, and at start-up that is fatal: the pod restarts again and again; without SetDesiredCapacity/TerminateInstanceInAutoScalingGroup it cannot scale.',
              )
            : msg('Without DescribeAutoScalingGroups it cannot list or refresh its node groups; without SetDesiredCapacity/TerminateInstanceInAutoScalingGroup it cannot scale.'),
          msg(
            'Give CA\'s role the actions of the Cluster Autoscaler IAM policy (cloudprovider/aws/README.md, "IAM Policy"), and check that its ServiceAccount is the one the role trusts (IRSA annotation eks.amazonaws.com/role-arn, or EKS Pod Identity).',
          ),
        ),
        repairs: [],
      },
    ];
  },
};
