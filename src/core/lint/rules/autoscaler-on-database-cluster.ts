// An HPA or ScaledObject scaling a StatefulSet that runs a clustered database: members are not pods, and quorum is not a replica count.
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { resolveTarget } from '../../k8s/autoscaling';
import { isHpa, isScaledObject, podSpecOf } from '../../manifest/kinds';
import { keyRange, mapAt, seqAt, stringAt, type ManifestDoc } from '../../manifest/model';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import { msg, type Message } from '../../l10n';

interface DatabaseFamily {
  name: Message;
  /** Last path segment of the image repository (`docker.io/bitnami/etcd:3.5` → `etcd`). */
  images: string[];
  /** Words in args/command or env names (or `name=` in args) that only a member of this cluster is started with. */
  markers: RegExp;
  /** When true the image alone is not enough (a standalone MongoDB or Redis is not a cluster): a marker must be there too. */
  needsMarker?: boolean;
  /** What scaling does to it, for the message. */
  why: Message;
}

const FAMILIES: DatabaseFamily[] = [
  {
    name: msg('MongoDB replica set'),
    images: ['mongo', 'mongodb', 'percona-server-mongodb', 'mongodb-community-server', 'mongodb-enterprise-server'],
    markers: /--replSet\b|^MONGODB_REPLICA_SET_(MODE|NAME)$|^MONGO_REPLICA_SET/,
    needsMarker: true,
    why: msg('new pods are not members until someone runs rs.add(), and scale-down removes members the set still counts: without a majority of voting members there is no primary and no writes'),
  },
  {
    name: msg('etcd cluster'),
    images: ['etcd'],
    markers: /--initial-cluster\b|^ETCD_INITIAL_CLUSTER$/,
    why: msg('membership is fixed by --initial-cluster, so a new pod is not a member, and scale-down removes members etcd still counts: losing a majority of them stops every write (no quorum)'),
  },
  {
    name: msg('ZooKeeper ensemble'),
    images: ['zookeeper', 'cp-zookeeper'],
    markers: /^(ZOO_SERVERS|ZOOKEEPER_SERVERS|ZK_SERVERS)$/,
    why: msg('the ensemble is the server list in its configuration, so new pods are not voters, and scale-down removes voters it still counts: without a majority ZooKeeper stops serving'),
  },
  {
    name: msg('Kafka cluster'),
    images: ['kafka', 'cp-kafka', 'cp-server'],
    markers: /^KAFKA_(CFG_)?(CONTROLLER_QUORUM_VOTERS|ZOOKEEPER_CONNECT|BROKER_ID|NODE_ID)$/,
    why: msg(
      'new brokers get no partitions until they are reassigned, and scale-down removes brokers that still lead and hold replicas: partitions go under-replicated or offline, and KRaft controllers can lose their quorum',
    ),
  },
  {
    name: msg('Elasticsearch/OpenSearch cluster'),
    images: ['elasticsearch', 'opensearch'],
    markers: /^(discovery\.seed_hosts|cluster\.initial_master_nodes|cluster\.initial_cluster_manager_nodes)$/,
    why: msg('scale-down removes nodes before their shards have moved, and removing master-eligible nodes can lose the voting quorum: indices go red'),
  },
  {
    name: msg('Cassandra ring'),
    images: ['cassandra', 'scylla'],
    markers: /^CASSANDRA_SEEDS$|--seeds\b/,
    why: msg('a new node must bootstrap and stream its token ranges, and scale-down without nodetool decommission leaves dead nodes in the ring and data with fewer replicas'),
  },
  {
    name: msg('Redis Cluster'),
    images: ['redis-cluster', 'valkey-cluster'],
    markers: /--cluster-enabled\b|^REDIS_CLUSTER_|^VALKEY_CLUSTER_/,
    why: msg('new pods own no hash slots until the cluster is resharded, and scale-down drops masters with their slots: the cluster fails (cluster_state:fail)'),
  },
];

/** The last path segment of an image's repository, without tag or digest. */
function imageName(image: string): string {
  const repo = image.split('@')[0];
  const last = repo.slice(repo.lastIndexOf('/') + 1);
  return last.split(':')[0].toLowerCase();
}

/** Strings of a container that mark membership: args and command words, env names. */
function markersOf(container: YAMLMap): string[] {
  const words: string[] = [];
  for (const key of ['args', 'command']) {
    for (const item of seqAt(container, [key])?.items ?? []) {
      if (isScalar(item) && typeof item.value === 'string') words.push(...item.value.split(/\s+/).map((w) => w.split('=')[0]));
    }
  }
  for (const env of seqAt(container, ['env'])?.items ?? []) {
    const name = stringAt(env, ['name']);
    if (name) words.push(name);
  }
  return words;
}

/** The clustered database a StatefulSet runs, recognised by image and membership flags/env of its containers. */
function databaseFamilyOf(workload: ManifestDoc): DatabaseFamily | undefined {
  const containers = seqAt(podSpecOf(workload), ['containers']);
  if (!isSeq(containers)) return undefined;
  for (const c of containers.items) {
    if (!isMap(c)) continue;
    const image = imageName(stringAt(c, ['image']) ?? '');
    const words = markersOf(c);
    for (const family of FAMILIES) {
      const byImage = family.images.includes(image);
      const byMarker = words.some((w) => family.markers.test(w));
      if (byMarker || (byImage && !family.needsMarker)) return family;
    }
  }
  return undefined;
}

export const autoscalerOnDatabaseCluster: Rule = {
  id: 'autoscaler-on-database-cluster',
  category: 'workload',
  severity: 'warning',
  title: 'An autoscaler scales a StatefulSet that runs a clustered database',
  docs: [
    'An HPA or ScaledObject changes `replicas` of a StatefulSet running MongoDB (replica set), etcd, ZooKeeper, Kafka, Elasticsearch/OpenSearch, Cassandra or Redis Cluster.',
    'Their membership is not the pod count: a pod added by scale-up is not a member until the database is told (rs.add, etcdctl member add, a partition reassignment, a reshard),',
    'and scale-down removes the highest ordinals without removing them from the cluster first, so a second step down can lose the quorum or data replicas.',
    '',
    "Instead: run fixed `replicas` with a PodDisruptionBudget, change membership through the database's operator or tooling, and scale each member up (CPU, memory; VPA) rather than out.",
  ].join('\n'),
  applies: (doc) => isHpa(doc) || isScaledObject(doc),
  check(doc, ctx) {
    const resolved = resolveTarget(ctx.workspace, doc);
    if (!resolved || resolved.target.kind !== 'StatefulSet') return [];
    const problems: Problem[] = [];
    for (const workload of resolved.workloads) {
      const family = databaseFamilyOf(workload);
      if (!family) continue;
      problems.push({
        message: msg(
          '{kind} scales StatefulSet {workload}, a {family}: {why}. Keep replicas fixed with a PodDisruptionBudget, change membership through its operator, and scale members up (VPA) instead.',
          { kind: doc.kind ?? '', workload: workload.name ?? '', family: family.name, why: family.why },
        ),
        range: keyRange(mapAt(doc.root, ['spec', 'scaleTargetRef']), 'name', doc.range),
      });
      break;
    }
    return problems;
  },
};
