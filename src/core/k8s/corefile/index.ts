// The Corefile module's public API, so importers name `k8s/corefile` whatever file a function lives in.
export * from './parse';
