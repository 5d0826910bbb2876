// The Corefile module's public API, so importers name `k8s/corefile` whatever file a function lives in:
// parse.ts (syntax, printing), hosts.ts (hosts entries and their edits), embedded.ts (Corefiles in ConfigMaps).
export * from './parse';
export * from './hosts';
export * from './embedded';
