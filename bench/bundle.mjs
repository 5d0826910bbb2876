// Sources bundled for a bench's own process, as scripts/build.mjs bundles the extension: one CommonJS file for Node 20.
// @ts-check
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundles `contents` (TypeScript whose imports resolve from the repository's root) into `outfile`.
 * @param {string} contents
 * @param {string} outfile
 * @param {{ plugins?: import('esbuild').Plugin[] }} [opts]
 */
export async function bundleForNode(contents, outfile, { plugins = [] } = {}) {
  const { build } = await import('esbuild');
  await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    minifySyntax: true,
    plugins,
    outfile,
  });
  return outfile;
}
