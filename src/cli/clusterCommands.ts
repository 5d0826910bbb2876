// The doctor, with the Kubernetes client: a bundle of its own (dist/cli-cluster.js), loaded by main.ts only
// when it runs. `top` is a bundle of its own too (dist/cli-top.js, src/cli/top.ts).
export { doctorCommand } from './doctor';
export { serverVersionOfContext } from './serverVersion';
