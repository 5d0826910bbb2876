// autoscaler-on-database-cluster: an HPA or ScaledObject on a StatefulSet running MongoDB, etcd, ZooKeeper, Kafka, …
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { autoscalerOnDatabaseCluster } from '../../../src/core/lint/rules/autoscaler-on-database-cluster';
import { analyze, covered } from '../../helpers';

const rules = [autoscalerOnDatabaseCluster];

const statefulSet = (name: string, container: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
  namespace: data
spec:
  serviceName: ${name}
  replicas: 3
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
${container}`;

const hpa = (name: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
  namespace: data
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: StatefulSet
    name: ${name}
  minReplicas: 3
  maxReplicas: 9
  metrics:
  - type: Resource
    resource:
      name: cpu
      target: {type: Utilization, averageUtilization: 70}
`;

const MONGO = statefulSet(
  'orders-db',
  `      - name: mongod
        image: docker.io/library/mongo:7.0
        command: ["mongod", "--replSet", "rs0", "--bind_ip_all"]
        ports: [{containerPort: 27017}]
`,
);

test('an HPA on a MongoDB replica set: warning on scaleTargetRef.name, with what to do instead', () => {
  const h = hpa('orders-db');
  const [f, ...rest] = analyze({ 'file:///data/hpa.yaml': h, 'file:///data/mongo.yaml': MONGO }, { rules });
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(covered(h, f), 'name');
  assert.match(f.message, /HorizontalPodAutoscaler scales StatefulSet orders-db, a MongoDB replica set: new pods are not members until someone runs rs\.add\(\)/);
  assert.match(f.message, /PodDisruptionBudget.*VPA/);
});

test('etcd, ZooKeeper (by env), Kafka KRaft and Elasticsearch, through an HPA or a ScaledObject', () => {
  const cases: [string, string, RegExp][] = [
    ['etcd', '      - name: etcd\n        image: quay.io/coreos/etcd:v3.5.17\n', /etcd cluster: membership is fixed by --initial-cluster/],
    [
      'zk',
      '      - name: zk\n        image: registry.example.com/platform/zk-runtime:3.9\n        env:\n        - {name: ZOO_SERVERS, value: "server.1=zk-0.zk:2888:3888;2181 server.2=zk-1.zk:2888:3888;2181"}\n',
      /ZooKeeper ensemble/,
    ],
    [
      'kafka',
      '      - name: kafka\n        image: docker.io/bitnami/kafka:3.8\n        env:\n        - {name: KAFKA_CFG_PROCESS_ROLES, value: "broker,controller"}\n',
      /Kafka cluster: new brokers get no partitions/,
    ],
    ['search', '      - name: es\n        image: docker.elastic.co/elasticsearch/elasticsearch:8.15.0\n', /Elasticsearch\/OpenSearch cluster/],
  ];
  for (const [name, container, message] of cases) {
    const f = analyze({ 'file:///hpa.yaml': hpa(name), 'file:///sts.yaml': statefulSet(name, container) }, { rules });
    assert.equal(f.length, 1, name);
    assert.match(f[0].message, message);
  }
  const so = `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: etcd\n  namespace: data\nspec:\n  scaleTargetRef: {kind: StatefulSet, name: etcd}\n  triggers:\n  - type: cpu\n    metricType: Utilization\n    metadata: {value: "70"}\n`;
  const viaKeda = analyze({ 'file:///so.yaml': so, 'file:///sts.yaml': statefulSet('etcd', cases[0][1]) }, { rules });
  assert.match(viaKeda[0].message, /^ScaledObject scales StatefulSet etcd/);
});

test('a standalone MongoDB, a plain Redis, a stateless web StatefulSet or a Deployment named like a database: silent', () => {
  const standalone = MONGO.replace('["mongod", "--replSet", "rs0", "--bind_ip_all"]', '["mongod", "--bind_ip_all"]');
  assert.deepEqual(analyze({ 'file:///hpa.yaml': hpa('orders-db'), 'file:///mongo.yaml': standalone }, { rules }), []);
  const redis = statefulSet('cache', '      - name: redis\n        image: redis:7.2\n        args: ["--appendonly", "yes"]\n');
  assert.deepEqual(analyze({ 'file:///hpa.yaml': hpa('cache'), 'file:///redis.yaml': redis }, { rules }), []);
  const etcdDeployment = statefulSet('etcd', '      - name: etcd\n        image: quay.io/coreos/etcd:v3.5.17\n').replace('kind: StatefulSet', 'kind: Deployment');
  const deploymentHpa = hpa('etcd').replace('kind: StatefulSet', 'kind: Deployment');
  assert.deepEqual(analyze({ 'file:///hpa.yaml': deploymentHpa, 'file:///d.yaml': etcdDeployment }, { rules }), []);
  const redisCluster = statefulSet('cache', '      - name: redis\n        image: redis:7.2\n        args: ["--cluster-enabled", "yes", "--appendonly", "yes"]\n');
  assert.match(analyze({ 'file:///hpa.yaml': hpa('cache'), 'file:///redis.yaml': redisCluster }, { rules })[0].message, /Redis Cluster: new pods own no hash slots/);
});
