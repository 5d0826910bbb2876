// prometheus-adapter's configuration as the linter reads it: config.ts (where it is and its rules), regex.ts (Go's
// regexp as the adapter compiles and expands names), names.ts (the metric names the rules expose).
export * from './config';
export * from './regex';
export * from './names';
