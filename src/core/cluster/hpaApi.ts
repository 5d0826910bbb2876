// Which HorizontalPodAutoscaler API version this server serves, asked once per connection (per KubeConfig) from its
// discovery document /apis/autoscaling: the doctor and the Cluster view read HPAs in that version (k8s/hpaVersions.ts
// maps it into the v2 shape). A group or version not served, or discovery refused, is a stated problem, never "no HPAs".
import type * as k8s from '@kubernetes/client-node';
import { HPA_API_VERSIONS, pickHpaVersion, type HpaApiVersion } from '../k8s/hpaVersions';
import { DOCS, httpStatus, templatedProblem, toProblem } from './problems';
import { getJson, UnexpectedAnswerError } from './request';
import type { ClusterProblem } from './types';
import { msg } from '../l10n';

export const AUTOSCALING_DISCOVERY = '/apis/autoscaling';

export type HpaApi = { version: HpaApiVersion; served: string[] } | { problem: ClusterProblem };

/** Successful answers only: a failed discovery is asked again on the next read. */
const known = new WeakMap<k8s.KubeConfig, HpaApi & { version: HpaApiVersion }>();

/** The HPA version to read on this connection, or the problem that says why HPAs cannot be read. */
export async function hpaApi(kc: k8s.KubeConfig): Promise<HpaApi> {
  const cached = known.get(kc);
  if (cached) return cached;
  let group: unknown;
  try {
    group = await getJson<unknown>(kc, AUTOSCALING_DISCOVERY);
  } catch (err) {
    return { problem: httpStatus(err) === 404 ? notServedProblem([]) : toProblem(err, msg('reading which autoscaling API versions the server serves (GET /apis/autoscaling)')) };
  }
  const versions = (group as { versions?: unknown })?.versions;
  if (!Array.isArray(versions)) {
    return {
      problem: toProblem(new UnexpectedAnswerError(`GET ${AUTOSCALING_DISCOVERY}`, msg('is not an APIGroup with a list of versions')), msg('reading which autoscaling API versions the server serves')),
    };
  }
  const served = versions.map((v) => (v as { groupVersion?: unknown })?.groupVersion).filter((v): v is string => typeof v === 'string');
  const version = pickHpaVersion(served);
  if (!version) return { problem: notServedProblem(served) };
  const answer = { version, served };
  known.set(kc, answer);
  return answer;
}

/** The server serves none of the HPA versions: HPAs cannot be read (stated, never shown as an empty list). */
export function notServedProblem(served: readonly string[]): ClusterProblem {
  // API versions are names, listed with commas in every language.
  const args = { served: served.join(', '), versions: HPA_API_VERSIONS.join(', ') };
  const message = served.length
    ? msg(
        'The API server serves only {served} of the autoscaling group, none of {versions}, so no HPA can be read. Its --runtime-config turns API versions off (e.g. autoscaling/v2=false, autoscaling/v1=false): check the kube-apiserver flags.',
        args,
      )
    : msg(
        'The API server serves no autoscaling API group, none of {versions}, so no HPA can be read. Its --runtime-config turns API versions off (e.g. autoscaling/v2=false, autoscaling/v1=false): check the kube-apiserver flags.',
        args,
      );
  return templatedProblem('error', msg('HorizontalPodAutoscaler API not served'), message, { docsUrl: DOCS.error });
}
