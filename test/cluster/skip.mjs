// KSD_SKIP_CLUSTER_TESTS=1 skips every test that needs the local cluster, building and starting nothing
// (docs/cluster.md#tests): each file of test/cluster/ that needs the cluster, and test/vscode's cluster-* scenarios and
// start.test.mjs, give this `skip` to their tests or suite. node:test runs a file's top-level before/after hooks even
// when all of its tests skip, so hooks that bring the cluster up (or down) go inside a describe given `skip`.

/** node:test's `skip` option of whatever needs the local cluster: the reason when KSD_SKIP_CLUSTER_TESTS=1, else false. */
export const skip = process.env.KSD_SKIP_CLUSTER_TESTS === '1' ? 'KSD_SKIP_CLUSTER_TESTS=1' : false;
