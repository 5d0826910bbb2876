// Loads the cluster code (clusterCode.ts: the Kubernetes client, the data layer, the doctor) on first use.
// The bundle keeps this require() as a run-time load of dist/extension-cluster.js (scripts/build.mjs).
// A plain require() of that 5 MB bundle is one synchronous task of ~130 ms CPU (reading, compiling, running it,
// and the Node built-ins it needs), a stall of the extension host. The Cluster view loads it with
// loadClusterCodeInSteps instead (moduleInSteps.ts), with a V8 code cache in the extension's global storage.
import path from 'node:path';
import type * as ClusterCode from './clusterCode';
import { currentLocale } from '../core/l10n';
import { bundleOf } from '../core/l10n/bundles';
import { loadBundle } from '../core/missingBundle';
import { loadModuleInSteps } from './moduleInSteps';

const BUNDLE = 'extension-cluster.js';
/** The Node built-ins the bundle requires at its top level, loaded one group per task before it runs. */
const BUILTIN_GROUPS = [
  ['node:stream', 'node:events', 'node:util', 'node:buffer'],
  ['node:http', 'node:net', 'node:url'],
  ['node:tls', 'node:https'],
  ['node:crypto', 'node:zlib', 'node:child_process'],
];

let loaded: typeof ClusterCode | undefined;
let loading: Promise<typeof ClusterCode> | undefined;
let codeCacheDir: string | undefined;

export function clusterCode(): typeof ClusterCode {
  // A missing bundle throws MissingBundleError (a broken install), which ClusterService shows as its problem().
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= speakingOurLanguage(loadBundle(BUNDLE, () => require('./clusterCode') as typeof ClusterCode));
  return loaded;
}

/** Where loadClusterCodeInSteps keeps the bundle's V8 code cache (the extension's global storage); unset, it keeps none. */
export function useCodeCacheDir(dir: string): void {
  codeCacheDir = dir;
}

/**
 * The cluster code, loaded in steps that each leave the event loop a turn; after it resolves clusterCode() returns
 * the same module at once. Rejects with MissingBundleError when the bundle is not installed. Run from source (tests),
 * where there is no bundle beside this file, it is clusterCode().
 */
export function loadClusterCodeInSteps(): Promise<typeof ClusterCode> {
  if (loaded) return Promise.resolve(loaded);
  loading ??= loadInSteps().then(
    (code) => (loaded ??= speakingOurLanguage(code)),
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

async function loadInSteps(): Promise<typeof ClusterCode> {
  const r = await loadModuleInSteps<typeof ClusterCode>(path.join(__dirname, BUNDLE), { builtins: BUILTIN_GROUPS, codeCacheDir, cancelled: () => loaded !== undefined });
  // Not beside this file (run from source, in tests; a broken install, where it throws MissingBundleError), or
  // loaded by clusterCode() meanwhile: that module.
  return r?.exports ?? clusterCode();
}

/** The bundle's copy of core renders in the extension's language (displayLanguage.ts set it on this side). */
function speakingOurLanguage(code: typeof ClusterCode): typeof ClusterCode {
  const locale = currentLocale();
  code.registerBundle(locale, bundleOf(locale));
  code.setLocale(locale);
  return code;
}
