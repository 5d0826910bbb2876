// keda-inline-credentials: passwords and connection strings in trigger metadata, moved to a TriggerAuthentication skeleton.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUTH_PARAMS_ONLY, kedaInlineCredentials, METADATA_ONLY } from '../../../src/core/lint/rules/keda-inline-credentials';
import { analyze, covered, titleOf } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';
import { parseAllDocuments } from 'yaml';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const rules = [kedaInlineCredentials];

// An order worker scaled on its RabbitMQ queue, the broker URL pasted from the app's config.
const RABBIT = `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: order-worker
  namespace: shop
spec:
  scaleTargetRef:
    name: order-worker
  maxReplicaCount: 20
  triggers:
  - type: rabbitmq
    metadata:
      protocol: amqp
      queueName: orders
      mode: QueueLength
      value: "50"
      host: amqp://orders:S3cr3t-pw@rabbitmq.messaging.svc:5672/shop
`;

test('an AMQP URL with a password: error on the key, the secret never in the message', () => {
  const [f, ...rest] = analyze(RABBIT, { rules });
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.tags, ['security']);
  assert.equal(covered(RABBIT, f), 'host');
  assert.match(f.message, /host holds a amqp:\/\/ URL with a user and password \(…@rabbitmq\.messaging\.svc:5672\)/);
  assert.match(f.message, /TriggerAuthentication \(secretTargetRef\)/);
  assert.ok(!f.message.includes('S3cr3t') && !f.message.includes('orders:'), f.message);
});

test('a password holding @ (unescaped, as people paste it): the URL host is after the last @, and no part of the password is printed', () => {
  const text = RABBIT.replace('orders:S3cr3t-pw@', 'orders:Pa@ss-W0rd-9931@');
  const [f, ...rest] = analyze(text, { rules });
  assert.equal(rest.length, 0);
  assert.doesNotMatch(f.message, /W0rd|9931/);
  assert.match(f.message, /\(…@rabbitmq\.messaging\.svc:5672\)/);
});

test('the fix removes the value, links an authenticationRef and appends a TriggerAuthentication without the secret', () => {
  const [f] = analyze(RABBIT, { rules });
  const fix = f.fixes[0];
  assert.equal(fix.safety, 'review');
  assert.match(titleOf(fix), /Move host to TriggerAuthentication order-worker-rabbitmq-auth \(you create Secret order-worker-rabbitmq\)/);
  const fixed = applyTextEdits(RABBIT, fix.edits);
  assert.ok(!fixed.includes('S3cr3t'));
  const [so, auth] = parseAllDocuments(fixed).map((d) => d.toJS());
  assert.deepEqual(so.spec.triggers[0].authenticationRef, { name: 'order-worker-rabbitmq-auth' });
  assert.equal(so.spec.triggers[0].metadata.host, undefined);
  assert.equal(so.spec.triggers[0].metadata.queueName, 'orders');
  assert.deepEqual(auth, {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'TriggerAuthentication',
    metadata: { name: 'order-worker-rabbitmq-auth', namespace: 'shop' },
    spec: { secretTargetRef: [{ parameter: 'host', name: 'order-worker-rabbitmq', key: 'host' }] },
  });
  assert.match(fixed, /# Create the Secret first .*kubectl create secret generic order-worker-rabbitmq -n shop --from-literal=host=…/);
  assert.deepEqual(analyze(fixed, { rules }), []);
});

test('password keys, key=value connection strings and Redis URLs; kafka password is not even read from metadata', () => {
  const job = `apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata:
  name: report-builder
spec:
  jobTargetRef:
    template:
      spec:
        containers: [{name: builder, image: registry.example.com/reports:2.3}]
  triggers:
  - type: postgresql
    metadata:
      connectionFromEnv: PG_CONN
      query: "SELECT count(*) FROM jobs WHERE state = 'queued'"
      targetQueryValue: "5"
  - type: kafka
    metadata:
      bootstrapServers: kafka-0.kafka:9092
      consumerGroup: reports
      topic: report-requests
      sasl: plaintext
      password: hunter2
  - type: mssql
    metadata:
      connectionString: "Server=sql.internal;Database=jobs;User Id=keda;Password=Wint3r!;"
      query: SELECT COUNT(*) FROM queue
      targetValue: "5"
  - type: redis
    metadata:
      address: redis://:cache-pw@redis-master.cache:6379/0
      listName: reports
`;
  const found = analyze(job, { rules });
  assert.deepEqual(
    found.map((f) => covered(job, f)),
    ['password', 'connectionString', 'address'],
  );
  assert.match(found[0].message, /KEDA's kafka scaler does not read password from metadata at all/);
  assert.match(found[1].message, /connectionString is a secret/);
  assert.match(found[2].message, /redis:\/\/ URL with a user and password/);
  for (const f of found) assert.ok(!/hunter2|Wint3r|cache-pw/.test(f.message), f.message);
});

test('env references, templated values, plain hosts, secretTargetRef already in use and metadata-only URLs', () => {
  const clean = RABBIT.replace('      host: amqp://orders:S3cr3t-pw@rabbitmq.messaging.svc:5672/shop\n', '      hostFromEnv: RABBITMQ_URL\n');
  assert.deepEqual(analyze(clean, { rules }), []);
  const helm = RABBIT.replace('amqp://orders:S3cr3t-pw@rabbitmq.messaging.svc:5672/shop', '{{ .Values.rabbitmq.url }}');
  assert.deepEqual(analyze(helm, { rules }), []);
  const noPassword = RABBIT.replace('orders:S3cr3t-pw@', '');
  assert.deepEqual(analyze(noPassword, { rules }), []);
  // Already linked to a TriggerAuthentication: reported, but the fix is left to a person (add the parameter there).
  const linked = RABBIT.replace('  - type: rabbitmq\n', '  - type: rabbitmq\n    authenticationRef: {name: rabbit-auth}\n');
  assert.deepEqual(analyze(linked, { rules })[0].fixes, []);
  // metrics-api reads url only from metadata: no fix that would move it away.
  const api = RABBIT.replace('  - type: rabbitmq\n', '  - type: metrics-api\n').replace(
    'host: amqp://orders:S3cr3t-pw@rabbitmq.messaging.svc:5672/shop',
    'url: https://svc:tok3n@stats.internal/api/queue',
  );
  const [m] = analyze(api, { rules });
  assert.match(m.message, /reads url only from metadata/);
  assert.deepEqual(m.fixes, []);
});

// The tables the messages rely on, checked against the pinned KEDA module, fetched here when the cache lacks it
// (scripts/sources/upstream.mjs, as the schema generator does): never skipped on a machine with Go.
const hasGo = spawnSync('go', ['version']).status === 0;

/** `order=` of each `keda:"name=…"` parameter of a trigger type, read from the scaler its builder case constructs. */
function upstreamOrders(KEDA_DIR: string): Map<string, Map<string, string[]>> {
  const builder = readFileSync(join(KEDA_DIR, 'pkg', 'scaling', 'scalers_builder.go'), 'utf8');
  const sources = readdirSync(join(KEDA_DIR, 'pkg', 'scalers'))
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))
    .map((f) => readFileSync(join(KEDA_DIR, 'pkg', 'scalers', f), 'utf8'));
  const out = new Map<string, Map<string, string[]>>();
  for (const [, type, constructor] of builder.matchAll(/case "([^"]+)":\s*\n\s*return scalers\.(New\w+)\(/g)) {
    const source = sources.find((s) => s.includes(`func ${constructor}(`));
    if (!source) continue;
    const params = new Map<string, string[]>();
    for (const [, names, order] of source.matchAll(/keda:"name=([^,"]+),\s*order=([^,"]+)/g)) {
      for (const name of names.split(';')) params.set(name.trim(), order.replace(/\s/g, '').split(';'));
    }
    out.set(type, params);
  }
  return out;
}

test('the parameters the messages name are read as stated by the pinned KEDA release', { skip: hasGo ? false : 'go is not installed: the KEDA module cannot be fetched' }, async () => {
  // @ts-expect-error -- a checked JavaScript module of the scripts, without type declarations
  const { sourceDir } = await import('../../../scripts/sources/upstream.mjs');
  const orders = upstreamOrders(sourceDir('keda'));
  for (const [type, params] of Object.entries(AUTH_PARAMS_ONLY)) {
    for (const p of params) {
      const order = orders.get(type)?.get(p);
      assert.ok(order, `${type} ${p} not found upstream`);
      assert.ok(order.includes('authParams') && !order.includes('triggerMetadata'), `${type} ${p}: ${order}`);
    }
  }
  for (const [type, params] of Object.entries(METADATA_ONLY)) {
    for (const p of params) {
      const order = orders.get(type)?.get(p);
      assert.ok(order, `${type} ${p} not found upstream`);
      assert.ok(order.includes('triggerMetadata') && !order.includes('authParams'), `${type} ${p}: ${order}`);
    }
  }
});
