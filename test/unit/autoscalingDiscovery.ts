// What a Kubernetes 1.23+ API server answers to GET /apis/autoscaling (its APIGroup discovery document): the fake
// API servers of the unit tests serve it, since the doctor and the Cluster view ask it before reading HPAs.
export const AUTOSCALING_DISCOVERY_PATH = '/apis/autoscaling';

export const AUTOSCALING_GROUP = {
  kind: 'APIGroup',
  apiVersion: 'v1',
  name: 'autoscaling',
  versions: [
    { groupVersion: 'autoscaling/v2', version: 'v2' },
    { groupVersion: 'autoscaling/v1', version: 'v1' },
  ],
  preferredVersion: { groupVersion: 'autoscaling/v2', version: 'v2' },
};
