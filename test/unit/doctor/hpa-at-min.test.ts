// hpa-at-min: ScalingLimited TooFewReplicas, with article 000's mismatched message (verbatim) and the current one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseState, hpa, run } from './fixtures';

const limited = (message: string) =>
  hpa('hello-hpa', 'default', { status: { currentReplicas: 1, desiredReplicas: 1 }, conditions: [{ type: 'ScalingLimited', status: 'True', reason: 'TooFewReplicas', message }] });

test('HPA at min: article 000\'s "more than the maximum" message under TooFewReplicas is explained as the old controller text', () => {
  const [f, ...rest] = run(baseState({ hpas: [limited('the desired replica count is more than the maximum replica count')] }), 'hpa-at-min');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'info');
  assert.match(f.message, /held at minReplicas 1: its metrics ask for fewer \(the condition message says "more than the maximum"/);
  assert.match(f.explanation, /convertDesiredReplicasWithRules; kubernetes#79773/);
  assert.deepEqual(run(baseState({ hpas: [limited('the desired replica count is more than the maximum replica count')] }), 'hpa-at-max'), []);
});

test('HPA at min: the current message gets no mismatch note; other ScalingLimited reasons are not this finding', () => {
  const [f] = run(baseState({ hpas: [limited('the desired replica count is less than the minimum replica count')] }), 'hpa-at-min');
  assert.doesNotMatch(f.explanation, /79773/);
  const atMax = hpa('x', 'y', { conditions: [{ type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' }] });
  assert.deepEqual(run(baseState({ hpas: [atMax] }), 'hpa-at-min'), []);
});
