// The commands that read a cluster, with the Kubernetes client: their own bundle (dist/cli-cluster.js), loaded
// by main.ts only when one of them runs.
export { doctorCommand } from './doctor';
export { topCommand } from './top';
