// Bundles the extension, the language server and the CLI with esbuild (CommonJS, Node 20).
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  minifySyntax: true,
};

await Promise.all([
  build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // The HPA panel's webview script with uPlot; its CSS lands beside it as dist/hpa-panel.css.
  build({ ...common, entryPoints: ['media/hpa-panel.ts'], outfile: 'dist/hpa-panel.js', platform: 'browser', format: 'iife', target: 'es2022', minify: true }),
]);
chmodSync('dist/cli.js', 0o755);
if (watch) console.log('watch mode is not supported; rerun npm run build');
