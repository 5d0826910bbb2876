// Seeded mutation fuzzer of `lint --fix`: mutated fixtures and examples through the analyzer and fixAllSafe must give
// 0 throws, 0 out-of-range ranges, 0 YAML errors added to inputs that parsed, and fix loops that settle.
// Short run in `npm test`; FIX_FUZZ_RUNS=20000 node --import tsx --test test/unit/fix-fuzz.test.ts is the long one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { corpus, FRAGMENTS, mutate, mutation } from './fuzzInputs';
import { analyzeFile, INTERNAL_ERROR_RULE } from '../../src/core/lint/analyzer';
import { fixAllSafe, yamlErrorCount } from '../../src/core/lint/fixAll';
import { withDefaults } from '../../src/core/lint/settings';
import { Workspace } from '../../src/core/manifest/workspace';

const SEED = 20261121;
const RUNS = Number(process.env.FIX_FUZZ_RUNS) || 500;

/** Shapes the fixes meet in real files that the fixtures lack: JSON, anchors with aliases, block scalars. */
const EXTRA_BASES = [
  `{
  "apiVersion": "autoscaling/v2beta1",
  "kind": "HorizontalPodAutoscaler",
  "metadata": {"name": "web"},
  "spec": {
    "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
    "minReplicas": 2,
    "maxReplicas": 5,
    "metrics": [{"type": "Resource", "resource": {"name": "cpu", "targetAverageUtilization": 50}}]
  }
}
`,
  `apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
  metrics:
    - type: Resource
      resource:
        name: cpu
        targetAverageUtilization: &u 50
    - type: Pods
      pods:
        metricName: rps
        targetAverageValue: >-
          30
    - type: Resource
      resource: {name: memory, targetAverageUtilization: *u}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx
`,
];

interface Figures {
  inputs: number;
  parsed: number;
  fixed: number;
  refused: number;
}

test(`lint --fix on mutated manifests: no throw, valid ranges, no YAML errors added, loops settle (${RUNS} inputs, seed ${SEED})`, () => {
  const bases = [...corpus(true), ...EXTRA_BASES];
  const settings = withDefaults({ kubernetesVersion: '1.30', karpenterVersion: '1.0' });
  const figures: Figures = { inputs: 0, parsed: 0, fixed: 0, refused: 0 };
  const input = fc.oneof(
    { weight: 5, arbitrary: fc.tuple(fc.nat(), fc.array(mutation, { minLength: 0, maxLength: 6 })).map(([b, ms]) => ms.reduce(mutate, bases[b % bases.length])) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...FRAGMENTS, 'name: web', 'spec:', 'metrics:', 'containers:', '\n  '), { maxLength: 30 }).map((parts) => parts.join('')) },
  );
  fc.assert(
    fc.property(input, fc.nat(), (text, other) => {
      figures.inputs++;
      const uri = 'file:///fuzz/mutated.yaml';
      const otherUri = 'file:///fuzz/other.yaml';
      const ws = new Workspace();
      const errorsBefore = yamlErrorCount(ws.set(uri, text));
      ws.set(otherUri, bases[other % bases.length]);
      const otherBefore = yamlErrorCount(ws.get(otherUri)!);
      if (errorsBefore === 0) figures.parsed++;
      const result = fixAllSafe(ws, [uri, otherUri], settings);
      assert.ok(result.converged, `fix loop did not settle after ${result.passes} passes`);
      if (result.texts.size) figures.fixed++;
      figures.refused += result.refused.length;
      for (const [u, before] of [
        [uri, errorsBefore],
        [otherUri, otherBefore],
      ] as const) {
        const file = ws.get(u)!;
        const after = yamlErrorCount(file);
        assert.ok(after <= before, `${u}: ${after} YAML errors after fixing, ${before} before`);
        // Inputs that parsed: the fixes themselves must not produce errors (not merely be refused for them).
        if (before === 0)
          assert.deepEqual(
            result.refused.filter((r) => r.uri === u && /YAML error/.test(r.reason)),
            [],
            'a fix broke a file that parsed',
          );
        for (const f of analyzeFile(ws, u, settings)) {
          assert.notEqual(f.rule, INTERNAL_ERROR_RULE, f.message);
          assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= file.text.length, `${f.rule}: range ${JSON.stringify(f.range)} outside the text`);
        }
      }
      // Fixing what --fix wrote changes nothing more.
      const again = fixAllSafe(ws, [uri, otherUri], settings);
      assert.equal(again.texts.size, 0, `a second --fix still changed ${[...again.texts.keys()].join(', ')}: ${again.applied.map((a) => a.title).join('; ')}`);
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  );
  console.log(`fix fuzz: ${figures.inputs} inputs (${figures.parsed} parsed cleanly), ${figures.fixed} fixed, ${figures.refused} files refused`);
});
