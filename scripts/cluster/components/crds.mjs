// `--with crds`: the real CustomResourceDefinitions of the autoscalers the product checks (Karpenter core and
// AWS provider, KEDA, VPA) at the versions pinned in versions.env, installed through the API server, so that
// `kubectl apply --dry-run=server` judges our manifests and conversions with the real schemas and CEL rules.
// No controller runs: only the CRDs. Their files come from the Go module proxy (scripts/sources/upstream.mjs).
// @ts-check
import fs from 'node:fs';
import path from 'node:path';
import { sourceDir } from '../../sources/upstream.mjs';

/** @typedef {import('./index.mjs').ComponentContext} ComponentContext */

/** Where each CRD lives in its upstream module. The AWS provider's copy of karpenter.sh_* is the one it ships. */
export const CRD_FILES = Object.freeze({
  'karpenter-aws': ['pkg/apis/crds/karpenter.sh_nodepools.yaml', 'pkg/apis/crds/karpenter.sh_nodeclaims.yaml', 'pkg/apis/crds/karpenter.k8s.aws_ec2nodeclasses.yaml'],
  keda: [
    'config/crd/bases/keda.sh_scaledobjects.yaml',
    'config/crd/bases/keda.sh_scaledjobs.yaml',
    'config/crd/bases/keda.sh_triggerauthentications.yaml',
    'config/crd/bases/keda.sh_clustertriggerauthentications.yaml',
  ],
  vpa: ['deploy/vpa-v1-crd-gen.yaml'],
});

/** The absolute paths of every CRD file (downloading the modules that are missing). */
export function crdPaths() {
  return Object.entries(CRD_FILES).flatMap(([key, files]) => {
    const dir = sourceDir(/** @type {keyof typeof import('../../sources/upstream.mjs').SOURCES} */ (key));
    return files.map((f) => {
      const p = path.join(dir, f);
      if (!fs.existsSync(p)) throw new Error(`CRD file ${f} is missing from ${dir}: has the module moved it?`);
      return p;
    });
  });
}

/** The CRD names in the files (metadata.name lines at the top level of each document). */
export function crdNames(/** @type {string[]} */ files) {
  return files.flatMap((f) =>
    fs
      .readFileSync(f, 'utf8')
      .split(/^---$/m)
      .map((doc) => /^kind: CustomResourceDefinition$/m.test(doc) && doc.match(/^metadata:\n(?:\s+.*\n)*?\s+name: (\S+)/m)?.[1])
      .filter((n) => typeof n === 'string'),
  );
}

/** @type {import('./index.mjs').ClusterComponent} */
export default {
  name: 'crds',
  description: `Karpenter, KEDA and VPA CustomResourceDefinitions (no controllers), for server-side dry-run`,
  async build(ctx) {
    const files = crdPaths();
    ctx.log(`crds: ${files.length} CRD files from the Go module cache`);
  },
  async start(ctx) {
    const files = crdPaths();
    // Server-side apply: the CRDs are larger than the 256 KiB last-applied annotation allows.
    const r = ctx.kubectl(['apply', '--server-side', '--force-conflicts', ...files.flatMap((f) => ['-f', f])], { allowFail: true, timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(`crds: kubectl apply failed: ${r.stderr.trim()}`);
  },
  async waitHealthy(ctx) {
    const names = crdNames(crdPaths());
    const r = ctx.kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...names.map((n) => `crd/${n}`)], { allowFail: true, timeoutMs: 90_000 });
    if (r.code !== 0) throw new Error(`crds: the CRDs did not become Established: ${r.stderr.trim()}`);
  },
  async stop() {
    // The CRDs go with the cluster's etcd data; nothing runs.
  },
};
