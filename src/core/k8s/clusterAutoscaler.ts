// Cluster Autoscaler as manifests show it: its containers, the Kubernetes minor each CA release is built for,
// and how its flags behave when given twice (kubernetes/autoscaler cluster-autoscaler/config/flags/flags.go).
import { isMap, isSeq, type YAMLMap } from 'yaml';
import { podSpecOf } from '../manifest/kinds';
import { isTemplatedValue, stringAt, type ManifestDoc } from '../manifest/model';
import { msg, type Message } from '../l10n';

/** `<registry path>/cluster-autoscaler:vX.Y.Z[-suffix]`; digests and untagged images do not match. */
const IMAGE = /^((?:[^/\s]+\/)*cluster-autoscaler):(v?)(\d+)\.(\d+)\.(\d+)([-+][\w.-]*)?$/;

export interface AutoscalerImage {
  repository: string;
  major: number;
  minor: number;
  tag: string;
}

export function parseClusterAutoscalerImage(image: string): AutoscalerImage | undefined {
  if (isTemplatedValue(image) || image.includes('@')) return undefined;
  const m = IMAGE.exec(image.trim());
  if (!m) return undefined;
  return { repository: m[1], major: Number(m[3]), minor: Number(m[4]), tag: image.trim().slice(m[1].length + 1) };
}

/**
 * CA releases before the versioning matched Kubernetes (cluster-autoscaler/README.md, "Releases"): CA 1.0–1.3 are
 * for Kubernetes 1.8–1.11 and CA 0.3–0.6 for 1.4–1.7. From Kubernetes 1.12 on, CA X.Y is for Kubernetes X.Y.
 */
const LEGACY_RELEASES: ReadonlyArray<[ca: string, kubernetes: string]> = [
  ['0.3', '1.4'],
  ['0.4', '1.5'],
  ['0.5', '1.6'],
  ['0.6', '1.7'],
  ['1.0', '1.8'],
  ['1.1', '1.9'],
  ['1.2', '1.10'],
  ['1.3', '1.11'],
];

/** The Kubernetes minor a CA minor is built for, as [major, minor]; undefined for CA minors that never existed (1.4–1.11). */
export function kubernetesMinorOf(caMajor: number, caMinor: number): [number, number] | undefined {
  const legacy = LEGACY_RELEASES.find(([ca]) => ca === `${caMajor}.${caMinor}`);
  if (legacy) return legacy[1].split('.').map(Number) as [number, number];
  if (caMajor === 1 && caMinor >= 4 && caMinor < 12) return undefined;
  return [caMajor, caMinor];
}

/** The CA minor (`1.2`, `1.30`) built for a Kubernetes minor; undefined before Kubernetes 1.4. */
export function caMinorFor(k8sMajor: number, k8sMinor: number): string | undefined {
  const k8s = `${k8sMajor}.${k8sMinor}`;
  const legacy = LEGACY_RELEASES.find(([, kubernetes]) => kubernetes === k8s);
  if (legacy) return legacy[0];
  if (k8sMajor === 1 && k8sMinor < 12) return undefined;
  return k8s;
}

/** Whether a container runs cluster-autoscaler: its image, or its command's binary. */
export function isClusterAutoscalerContainer(container: unknown): container is YAMLMap {
  if (!isMap(container)) return false;
  const image = stringAt(container, ['image']) ?? '';
  if (/(^|\/)cluster-autoscaler(:|@|$)/.test(image)) return true;
  const binary = stringAt(container, ['command', 0]) ?? '';
  return /(^|\/)cluster-autoscaler$/.test(binary);
}

/** The containers and init containers of a workload, one by one (a spread of a very long sequence overflows the stack). */
export function containersOf(doc: ManifestDoc): YAMLMap[] {
  const spec = podSpecOf(doc);
  const out: YAMLMap[] = [];
  for (const field of ['containers', 'initContainers']) {
    const seq = spec?.get(field, true);
    if (isSeq(seq)) for (const item of seq.items) if (isMap(item)) out.push(item);
  }
  return out;
}

/** Boolean flags (Go `flag.Bool`): they never take the next item as their value, so `--flag next` is two flags. */
export const CA_BOOLEAN_FLAGS = new Set(
  [
    'scale-down-enabled',
    'scale-down-unready-enabled',
    'enforce-node-group-min-size',
    'scale-down-delay-type-local',
    'scale-up-from-zero',
    'parallel-scale-up',
    'ignore-daemonsets-utilization',
    'ignore-mirror-pods-utilization',
    'write-status-configmap',
    'balance-similar-node-groups',
    'regional',
    'aws-use-static-instance-list',
    'profiling',
    'cordon-node-before-terminating',
    'skip-nodes-with-system-pods',
    'skip-nodes-with-local-storage',
    'skip-nodes-with-custom-controller-pods',
    'force-ds',
    'emit-per-nodegroup-metrics',
    'leader-elect',
    'logtostderr',
    'alsologtostderr',
  ].map((f) => `--${f}`),
);

/** `MultiStringFlag`s: each occurrence adds one more entry (a node group, a discovery rule, a taint); never a duplicate. */
export const CA_REPEATABLE_FLAGS = new Set(
  ['nodes', 'node-group-auto-discovery', 'gpu-total', 'startup-taint', 'status-taint', 'ignore-taint', 'balancing-ignore-label', 'balancing-label'].map((f) => `--${f}`),
);

/** pflag `StringSlice` flags: a second occurrence appends its comma-separated list to the first. */
export const CA_LIST_FLAGS = new Set(['--bypassed-scheduler-names']);

/** The auto-discovery prefix each cloud provider's `--node-group-auto-discovery` parser accepts (the others are not judged). */
export const DISCOVERER_OF_PROVIDER: Readonly<Record<string, string>> = { aws: 'asg', gce: 'mig', azure: 'label' };

/** What is wrong with a `--node-group-auto-discovery` value of the `asg:`, `mig:` or `label:` forms; undefined when it parses (or is another provider's form). */
export interface DiscoveryProblem {
  /** The whole sentence, the flag and its value included (one template per problem, so each language orders it). */
  message: Message;
  /** Cluster Autoscaler exits at start (its cloud provider fails to build), rather than discovering nothing. */
  fatal: boolean;
}

/**
 * Checks one discovery spec the way kubernetes/autoscaler parses it (cloudprovider/node_group_discovery_options.go and
 * cloudprovider/aws/aws_manager.go): `asg:tag=<key>[=<value>],…`, `mig:namePrefix=<p>,min=<n>,max=<n>`, `label:<k>=<v>,…`.
 */
export function discoverySpecProblem(spec: string, cloudProvider: string | undefined): DiscoveryProblem | undefined {
  const colon = spec.indexOf(':');
  const expected = cloudProvider ? DISCOVERER_OF_PROVIDER[cloudProvider] : undefined;
  if (colon === -1) {
    const message = expected
      ? msg('--node-group-auto-discovery={spec} has no discoverer prefix: write {form}: Cluster Autoscaler fails to build its cloud provider and exits at start.', { spec, form: `${expected}:…` })
      : msg(
          '--node-group-auto-discovery={spec} has no discoverer prefix: write asg:tag=… (AWS), mig:namePrefix=… (GCE) or label:… (Azure): Cluster Autoscaler fails to build its cloud provider and exits at start.',
          { spec },
        );
    return { message, fatal: true };
  }
  const discoverer = spec.slice(0, colon);
  const rest = spec.slice(colon + 1);
  if (!Object.values(DISCOVERER_OF_PROVIDER).includes(discoverer)) return undefined;
  if (expected && discoverer !== expected) {
    return {
      message: msg(
        '--node-group-auto-discovery={spec} uses the {discoverer}: form, but --cloud-provider={provider} reads only {expected}: specs: Cluster Autoscaler fails to build its cloud provider and exits at start.',
        { spec, discoverer, provider: cloudProvider ?? '', expected },
      ),
      fatal: true,
    };
  }
  if (discoverer === 'asg') return asgProblem(spec, rest);
  if (discoverer === 'mig') return migProblem(spec, rest);
  return labelProblem(spec, rest);
}

function asgProblem(spec: string, rest: string): DiscoveryProblem | undefined {
  const eq = rest.indexOf('=');
  const key = eq === -1 ? rest : rest.slice(0, eq);
  if (key !== 'tag')
    return {
      message: msg('--node-group-auto-discovery={spec} must read asg:tag=<tag key>,<tag key>: "{key}" is not "tag": Cluster Autoscaler fails to build its cloud provider and exits at start.', {
        spec,
        key,
      }),
      fatal: true,
    };
  const value = rest.slice(eq + 1);
  if (eq === -1 || value === '')
    return { message: msg('--node-group-auto-discovery={spec} names no tag after asg:tag=: Cluster Autoscaler fails to build its cloud provider and exits at start.', { spec }), fatal: true };
  const tags = value.split(',');
  if (tags.some((t) => t.split('=')[0] === '')) {
    return {
      message: msg('--node-group-auto-discovery={spec} has an empty tag key (",," or a trailing comma in "{value}"): no Auto Scaling group has it, so none is discovered.', { spec, value }),
      fatal: false,
    };
  }
  const spaced = tags.find((t) => t.split('=')[0] !== t.split('=')[0].trim());
  if (spaced) {
    return {
      message: msg('--node-group-auto-discovery={spec} has the tag key "{key}" with spaces around it: Cluster Autoscaler matches tag keys exactly, so no Auto Scaling group is discovered.', {
        spec,
        key: spaced.split('=')[0],
      }),
      fatal: false,
    };
  }
  return undefined;
}

function migProblem(spec: string, rest: string): DiscoveryProblem | undefined {
  const seen = new Map<string, string>();
  for (const arg of rest.split(',')) {
    const kv = arg.split('=');
    if (kv.length !== 2) return notKeyValue(spec, arg);
    if (!['namePrefix', 'min', 'max'].includes(kv[0]))
      return {
        message: msg('--node-group-auto-discovery={spec} has the key "{key}": mig: takes namePrefix, min and max: Cluster Autoscaler fails to build its cloud provider and exits at start.', {
          spec,
          key: kv[0],
        }),
        fatal: true,
      };
    if (kv[0] !== 'namePrefix' && !/^-?\d+$/.test(kv[1]))
      return {
        message: msg('--node-group-auto-discovery={spec} has {key}={value}, not a number: Cluster Autoscaler fails to build its cloud provider and exits at start.', {
          spec,
          key: kv[0],
          value: kv[1],
        }),
        fatal: true,
      };
    seen.set(kv[0], kv[1]);
  }
  if (!seen.get('namePrefix'))
    return {
      message: msg(
        '--node-group-auto-discovery={spec} has no namePrefix (Cluster Autoscaler refuses an empty instance group name prefix): Cluster Autoscaler fails to build its cloud provider and exits at start.',
        { spec },
      ),
      fatal: true,
    };
  const min = Number(seen.get('min') ?? 0);
  const max = Number(seen.get('max') ?? 0);
  if (min > max)
    return {
      message: msg('--node-group-auto-discovery={spec} has min={min} above max={max}: Cluster Autoscaler fails to build its cloud provider and exits at start.', { spec, min, max }),
      fatal: true,
    };
  if (max < 1)
    return {
      message: msg('--node-group-auto-discovery={spec} has max={max}: the maximum size must be at least 1: Cluster Autoscaler fails to build its cloud provider and exits at start.', { spec, max }),
      fatal: true,
    };
  return undefined;
}

function labelProblem(spec: string, rest: string): DiscoveryProblem | undefined {
  const bad = rest.split(',').find((arg) => arg.split('=').length !== 2);
  return bad === undefined ? undefined : notKeyValue(spec, bad);
}

function notKeyValue(spec: string, arg: string): DiscoveryProblem {
  return { message: msg('--node-group-auto-discovery={spec} has "{arg}", not a key=value pair: Cluster Autoscaler fails to build its cloud provider and exits at start.', { spec, arg }), fatal: true };
}

/** Flags that only tune scale-down: with `--scale-down-enabled=false` the scale-down pass never runs (core/static_autoscaler.go `if a.ScaleDownEnabled`). */
export function isScaleDownTuningFlag(flag: string): boolean {
  return (flag.startsWith('--scale-down-') && flag !== '--scale-down-enabled') || ['--max-empty-bulk-delete', '--max-scale-down-parallelism', '--max-drain-parallelism'].includes(flag);
}

/** The ConfigMap the priority expander reads, in Cluster Autoscaler's `--namespace` (expander/priority/priority.go). */
export const PRIORITY_EXPANDER_CONFIGMAP = 'cluster-autoscaler-priority-expander';
