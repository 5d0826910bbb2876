// nearestNames: the "did you mean" list of the custom-metric-not-listed diagnosis.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editDistance, nearestNames } from '../../src/core/text/nearest';

test('edit distance counts insertions, deletions and substitutions', () => {
  assert.equal(editDistance('http_request', 'http_requests'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
});

test('nearest names: within the distance, nearest first, ties by name, the name itself and duplicates left out', () => {
  assert.deepEqual(nearestNames('http_request', ['queue_depth', 'http_requests', 'http_requests', 'http_request', 'https_request']), ['http_requests', 'https_request']);
  assert.deepEqual(nearestNames('cpu', ['memory'], { maxDistance: 2 }), []);
  assert.deepEqual(nearestNames('a', ['b', 'c', 'd', 'e'], { max: 2 }), ['b', 'c']);
});
