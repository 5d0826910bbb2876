// parseScrapeErrors: every scrape-error form metrics-server prints (v0.7, v0.6, v0.3), with node and address;
// the metrics-server-* diagnoses are built on it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { currentScrapeErrors, parseScrapeErrors } from '../../src/core/doctor/scrapeErrors';
import { LOG, node, withLogs } from './doctor/fixtures';

test('scrape errors: every form metrics-server prints, with node and address', () => {
  const e = parseScrapeErrors([
    LOG.unknownAuthority('ksd-node-1'),
    LOG.noSuchHost('ksd-node-2'),
    LOG.ipSans('minikube', '192.168.49.2'),
    LOG.validFor('n4', 'n4, n4.internal', '10.0.0.4'),
    LOG.timeout('n5', '10.0.0.5'),
    LOG.v03dns,
    LOG.authX509, // not a scrape error: aggregation-layer-off reads it
    LOG.serving,
  ]);
  assert.deepEqual(
    e.map((x) => [x.kind, x.node, x.address ?? null]),
    [
      ['tls-unknown-authority', 'ksd-node-1', null],
      ['dns', 'ksd-node-2', 'ksd-node-2'],
      ['tls-ip-sans', 'minikube', '192.168.49.2'],
      ['tls-wrong-name', 'n4', '10.0.0.4'],
      ['unreachable', 'n5', '10.0.0.5:10250'],
      ['dns', 'node-1', 'node-1'],
      ['dns', 'node-2', 'node-2'],
    ],
  );
  assert.deepEqual(e[3].validFor, ['n4', 'n4.internal']);
  assert.equal(e[1].detail, 'no such host');
});

test('scrape errors about a node that no longer exists are stale (Karpenter consolidated it); with no node list, none is dropped', () => {
  const lines = [LOG.timeout('ksd-node-1', '10.0.0.1'), LOG.timeout('gone-node', '10.0.0.9')];
  const listed = withLogs(lines, undefined, { nodes: [node('ksd-node-1')] });
  assert.deepEqual(
    currentScrapeErrors(listed).map((e) => e.node),
    ['ksd-node-1'],
  );
  const unlisted = withLogs(lines, undefined, { nodes: [] });
  assert.deepEqual(
    currentScrapeErrors(unlisted).map((e) => e.node),
    ['ksd-node-1', 'gone-node'],
  );
});
