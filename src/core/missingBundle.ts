// The CLI and the extension load some of their code from bundles of their own, on first use (scripts/build.mjs).
// When such a bundle is not there (an incomplete install or copy, a build that did not finish), say which file
// is missing and what to do, instead of a "Cannot find module" stack trace or a view that stays empty.

export class MissingBundleError extends Error {
  constructor(readonly bundleFile: string) {
    super(`dist/${bundleFile} is missing: the installation is incomplete; reinstall or run npm run build`);
    this.name = 'MissingBundleError';
  }
}

/**
 * Runs `load` (a require() of the bundle `bundleFile`, e.g. `cli-cluster.js`); when that bundle cannot be found,
 * throws MissingBundleError. Other errors, also a module missing inside a bundle that was found, are thrown as they are.
 */
export function loadBundle<T>(bundleFile: string, load: () => T): T {
  try {
    return load();
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown } | undefined;
    // Only the bundle itself: node names the module it could not find on the message's first line.
    if (e?.code === 'MODULE_NOT_FOUND' && String(e.message).split('\n')[0].includes(bundleFile)) throw new MissingBundleError(bundleFile);
    throw err;
  }
}
