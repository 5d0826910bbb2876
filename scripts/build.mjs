// Bundles the extension, the language server and the CLI with esbuild (CommonJS, Node 20).
// What only some commands or features need is a bundle of its own, loaded on first use (see LAZY below),
// so `lint`, `--help` and the extension's activation never load the Kubernetes client.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import { resolve } from 'node:path';

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

// Lazily loaded modules: source entry → the bundle beside it in dist/. An `import()` or `require()` of one of
// them from another bundle stays a run-time require of that file instead of being bundled in.
const LAZY = {
  'src/cli/lint.ts': 'cli-lint.js',
  'src/cli/clusterCommands.ts': 'cli-cluster.js',
  'src/cli/top.ts': 'cli-top.js',
  'src/cli/lsp.ts': 'cli-lsp.js',
  'src/extension/clusterCode.ts': 'extension-cluster.js',
};
const lazyEntries = new Map(Object.entries(LAZY).map(([source, out]) => [resolve(source), out]));
const lazyBundles = {
  name: 'lazy-bundles',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const out = lazyEntries.get(resolve(args.resolveDir, `${args.path}.ts`));
      if (!out) return undefined;
      if (args.kind !== 'dynamic-import' && args.kind !== 'require-call')
        return { errors: [{ text: `${args.path} is loaded lazily (scripts/build.mjs LAZY): import() or require() it, or import only its types` }] };
      return { path: `./${out}`, external: true };
    });
  },
};
// node-fetch 2 (client-node's) requires whatwg-url at load but uses it only where Node has no URL class (`Url.URL ||
// whatwgUrl.URL`, Node < 10): an empty module in its place spares every cluster bundle 330 KB and the ~10 ms its
// Unicode tables take to build at load (test/unit/bundle-stubs.test.ts checks node-fetch still uses it only so).
const unusedWhatwgUrl = {
  name: 'unused-whatwg-url',
  setup(b) {
    b.onResolve({ filter: /^whatwg-url$/ }, (args) => (args.importer.includes('/node_modules/node-fetch/') ? { path: 'whatwg-url', namespace: 'unused' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'unused' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};
const node = { ...common, plugins: [lazyBundles, unusedWhatwgUrl] };
const lazy = (source) => build({ ...node, entryPoints: [source], outfile: `dist/${LAZY[source]}` });

await Promise.all([
  build({ ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...node, entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js' }),
  build({ ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  ...Object.keys(LAZY).map(lazy),
  // The HPA panel's webview script with uPlot; its CSS lands beside it as dist/hpa-panel.css.
  build({ ...common, entryPoints: ['media/hpa-panel.ts'], outfile: 'dist/hpa-panel.js', platform: 'browser', format: 'iife', target: 'es2022', minify: true }),
  // The nodes-and-pods table's webview script (src/extension/table); its CSS lands beside it as dist/table.css.
  build({ ...common, entryPoints: ['media/table.ts'], outfile: 'dist/table.js', platform: 'browser', format: 'iife', target: 'es2022', minify: true }),
]);
chmodSync('dist/cli.js', 0o755);
if (watch) console.log('watch mode is not supported; rerun npm run build');
