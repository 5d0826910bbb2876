// Pure functions from API objects (+ metrics) to the rows of ../types.ts, one file per kind, formatted
// as kubectl formats them (metricsutil/metrics_printer.go, pkg/printers/internalversion, Kubernetes 1.33).
export * from './amounts';
export * from './node';
export * from './pod';
export * from './hpa';
export * from './scaledObject';
export * from './vpa';
export * from './nodeAutoscaling';
