// Value completions from the text around the cursor (robust while the YAML is half-typed).
import type { ManifestDoc } from '../manifest/model';
import { schemaAt } from './schemaLookup';
import { LineIndex } from '../text/positions';
import { type Settings } from '../lint/settings';
import { compareMinor } from '../k8s/versions';
import { settingSnippets } from './completionSnippets';
import type { OffsetRange } from '../text/edits';
import { msg, t, textOf, type Message } from '../l10n';

export interface Suggestion {
  label: string;
  detail?: string;
  documentation?: string;
  /** Replaces this range (the partly typed word). */
  range: OffsetRange;
  insertText: string;
  preferred?: boolean;
  /** Shown last and marked, e.g. insecure flags. */
  discouraged?: boolean;
  /** insertText is a snippet with tab stops (`${1:web}`), matched against the label as typed. */
  snippet?: boolean;
}

interface Ancestor {
  /** A map key, or 0 for "an item of the enclosing sequence". */
  key: string | 0;
  col: number;
}

const KEY_LINE = /^(\s*)((?:-\s+)*)(["']?)([A-Za-z0-9_.\-/]+)\3\s*:(?:\s|$)/;

/** Keys (and sequence items) enclosing a position at column `col` of `line`, innermost first, found by indentation. */
function ancestors(index: LineIndex, line: number, col: number): Ancestor[] {
  const out: Ancestor[] = [];
  let limit = col;
  for (let l = line - 1; l >= 0 && limit > 0; l--) {
    const text = index.lineText(l);
    if (/^\s*(#|$)/.test(text)) continue;
    if (/^(---|\.\.\.)(\s|$)/.test(text)) break;
    const m = KEY_LINE.exec(text);
    const contentCol = /^\s*/.exec(text)![0].length;
    if (m) {
      const keyCol = m[1].length + m[2].length;
      if (keyCol < limit) {
        out.push({ key: m[4], col: keyCol });
        limit = keyCol;
      }
      // `- key:` left of us starts the sequence item we are in; its parent key may sit at the dash column.
      if (m[2] && contentCol < limit) {
        out.push({ key: 0, col: contentCol });
        limit = contentCol + 0.5;
      }
    } else if (contentCol < limit && !text.trimStart().startsWith('-')) {
      break;
    }
  }
  return out;
}

/** The YAML path of a key at `keyCol` on `line`: ancestors outermost first, a sequence item for a `- ` prefix, then the key. */
function pathOf(index: LineIndex, line: number, keyCol: number, dashed: boolean, key?: string): (string | number)[] {
  const path: (string | number)[] = ancestors(index, line, keyCol)
    .reverse()
    .map((a) => a.key);
  if (dashed) path.push(0);
  if (key !== undefined) path.push(key);
  return path;
}

/**
 * Key lines of the map that a line at `col` belongs to (same key column, within the block and within its
 * sequence item), searched upwards then downwards; `upwards: false` searches downwards only.
 */
function* siblingKeyLines(index: LineIndex, line: number, col: number, upwards = true): Generator<{ key: string; rest: string }> {
  for (const dir of upwards ? [-1, 1] : [1]) {
    for (let l = line + dir; l >= 0 && l < index.lineCount; l += dir) {
      const text = index.lineText(l);
      if (/^\s*(#|$)/.test(text)) continue;
      const m = KEY_LINE.exec(text);
      const keyCol = m ? m[1].length + m[2].length : /^\s*/.exec(text)![0].length;
      if (keyCol < col) break;
      if (!m || keyCol !== col) continue;
      if (dir === 1 && m[2]) break; // the next sequence item
      yield { key: m[4], rest: text.slice(m[0].length) };
      if (dir === -1 && m[2]) break; // the start of this sequence item
    }
  }
}

/** The value of `key` on a sibling line of the same map. */
function siblingValue(index: LineIndex, line: number, col: number, key: string): string | undefined {
  for (const s of siblingKeyLines(index, line, col)) {
    if (s.key === key)
      return s.rest
        .replace(/#.*$/, '')
        .trim()
        .replace(/^["']|["']$/g, '');
  }
  return undefined;
}

const METRIC_TYPES: [string, Message][] = [
  ['Resource', msg('cpu or memory of the pods, averaged over all their containers (needs requests for Utilization)')],
  ['ContainerResource', msg('cpu or memory of one container of the pods (GA in Kubernetes 1.30)')],
  ['Pods', msg('a custom metric per pod, averaged (custom.metrics.k8s.io, e.g. prometheus-adapter)')],
  ['Object', msg('a metric describing one object, e.g. an Ingress (custom.metrics.k8s.io)')],
  ['External', msg('a metric from outside the cluster, e.g. a queue length (external.metrics.k8s.io, e.g. KEDA)')],
];

const TARGET_TYPES: Record<string, string[]> = {
  resource: ['Utilization', 'AverageValue'],
  containerResource: ['Utilization', 'AverageValue'],
  pods: ['AverageValue'],
  object: ['Value', 'AverageValue'],
  external: ['Value', 'AverageValue'],
};

const TARGET_TYPE_DOCS: Record<string, Message> = {
  Utilization: msg('averageUtilization: percent of the requested resource, averaged over the pods. The target containers need requests.'),
  AverageValue: msg('averageValue: the metric divided by the number of pods.'),
  Value: msg('value: the metric as is, compared with the target.'),
};

const KEDA_TRIGGERS = ['cpu', 'memory', 'prometheus', 'kafka', 'rabbitmq', 'aws-sqs-queue', 'redis', 'cron', 'postgresql', 'mysql', 'azure-servicebus', 'gcp-pubsub'];

interface Flag {
  flag: string;
  doc: Message;
  insecure?: boolean;
}

/** metrics-server flags (domain reference §3.3). */
export const METRICS_SERVER_FLAGS: Flag[] = [
  {
    flag: '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
    doc: msg('Connect to kubelets by node IP first: works when cluster DNS cannot resolve node names (default order starts with Hostname).'),
  },
  { flag: '--kubelet-use-node-status-port', doc: msg('Use the kubelet port the node reports in .status.daemonEndpoints (set by every v0.4+ manifest).') },
  { flag: '--metric-resolution=15s', doc: msg('Scrape interval (default 60s; values below 10s are rejected). The official manifests use 15s from v0.5.0.') },
  { flag: '--secure-port=10250', doc: msg('Port metrics-server serves on: 10250 in v0.7+ manifests (4443 in 0.3.7/0.4.x/0.6.x, 443 in 0.5.x).') },
  { flag: '--cert-dir=/tmp', doc: msg('Where metrics-server writes its self-signed serving certificate.') },
  { flag: '--kubelet-certificate-authority=', doc: msg('CA bundle that signed the kubelet serving certificates: the secure alternative to --kubelet-insecure-tls.') },
  { flag: '--kubelet-client-certificate=', doc: msg('Client certificate for authenticating to kubelets.') },
  { flag: '--kubelet-client-key=', doc: msg('Client key for authenticating to kubelets.') },
  { flag: '--kubelet-request-timeout=10s', doc: msg('Timeout of a kubelet scrape (default 10s).') },
  { flag: '--kubelet-port=10250', doc: msg('Kubelet port when not using --kubelet-use-node-status-port (default 10250).') },
  { flag: '--requestheader-client-ca-file=', doc: msg("CA of the API server's front-proxy client certificate, when kube-system/extension-apiserver-authentication does not publish it.") },
  {
    flag: '--kubelet-insecure-tls',
    doc: msg('INSECURE: skips verification of kubelet serving certificates. For test clusters only; prefer serving certificates signed by the cluster CA and --kubelet-certificate-authority.'),
    insecure: true,
  },
];

function apiVersionsFor(kind: string | undefined, settings: Settings): { value: string; preferred?: boolean; detail?: Message }[] {
  switch (kind) {
    case 'HorizontalPodAutoscaler':
      return compareMinor(settings.kubernetesVersion, '1.23') < 0
        ? [
            { value: 'autoscaling/v2beta2', preferred: true, detail: msg('newest HPA API on Kubernetes {version}', { version: settings.kubernetesVersion }) },
            { value: 'autoscaling/v1', detail: msg('cpu utilization only') },
          ]
        : [
            { value: 'autoscaling/v2', preferred: true, detail: msg('GA since Kubernetes 1.23') },
            { value: 'autoscaling/v1', detail: msg('cpu utilization only') },
          ];
    case 'NodePool':
    case 'NodeClaim':
      return compareMinor(settings.karpenterVersion, '1.0') < 0 ? [{ value: 'karpenter.sh/v1beta1', preferred: true }] : [{ value: 'karpenter.sh/v1', preferred: true, detail: msg('Karpenter 1.0+') }];
    case 'EC2NodeClass':
      return compareMinor(settings.karpenterVersion, '1.0') < 0
        ? [{ value: 'karpenter.k8s.aws/v1beta1', preferred: true }]
        : [{ value: 'karpenter.k8s.aws/v1', preferred: true, detail: msg('Karpenter 1.0+') }];
    case 'ScaledObject':
    case 'ScaledJob':
    case 'TriggerAuthentication':
    case 'ClusterTriggerAuthentication':
      return [{ value: 'keda.sh/v1alpha1', preferred: true }];
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
      return [{ value: 'apps/v1', preferred: true }];
    default:
      return [];
  }
}

export function completionsAt(text: string, offset: number, doc: ManifestDoc | undefined, settings: Settings): Suggestion[] {
  const index = new LineIndex(text);
  const pos = index.positionAt(offset);
  const lineStart = index.lineStart(pos.line);
  const prefix = text.slice(lineStart, offset);

  // `key: partial` — a value after a key on this line.
  const value = /^(\s*)((?:-\s+)*)(["']?)([A-Za-z0-9_.\-/]+)\3\s*:\s+(["']?)([^\s#"']*)$/.exec(prefix);
  if (value) {
    const key = value[4];
    const keyCol = value[1].length + value[2].length;
    const partial = value[6];
    const range = { start: offset - partial.length, end: offset };
    const up = ancestors(index, pos.line, keyCol).filter((a) => a.key !== 0);
    const parent = up[0]?.key;
    // Details and documentation are rendered here, in the current language: a completion is shown once.
    const values = (items: { value: string; detail?: Message; doc?: Message; preferred?: boolean }[]): Suggestion[] =>
      items.map((i) => ({ label: i.value, insertText: i.value, detail: i.detail && textOf(i.detail), documentation: i.doc && textOf(i.doc), range, preferred: i.preferred }));
    if (key === 'type' && parent === 'target') {
      const source = up[1]?.key ?? '';
      const types = TARGET_TYPES[source] ?? ['Utilization', 'AverageValue', 'Value'];
      return values(types.map((t) => ({ value: t, doc: TARGET_TYPE_DOCS[t] })));
    }
    if (key === 'type' && parent === 'metrics') return values(METRIC_TYPES.map(([t, doc]) => ({ value: t, doc })));
    if (key === 'type' && parent === 'triggers') return values(KEDA_TRIGGERS.map((t) => ({ value: t })));
    if (key === 'metricType' && parent === 'triggers') return values(['Utilization', 'AverageValue', 'Value'].map((t) => ({ value: t })));
    if (key === 'name' && (parent === 'resource' || parent === 'containerResource')) {
      return values([
        { value: 'cpu', detail: msg('cores; requests like 250m') },
        { value: 'memory', detail: msg('bytes; requests like 256Mi') },
      ]);
    }
    if (key === 'apiVersion' && keyCol === 0) {
      const kind = doc?.kind ?? siblingValue(index, pos.line, 0, 'kind');
      return values(apiVersionsFor(kind, settings).map((v) => ({ value: v.value, detail: v.detail, preferred: v.preferred })));
    }
    if (key === 'selectPolicy') return values(['Max', 'Min', 'Disabled'].map((t) => ({ value: t })));
    const schema = doc ? schemaAt(doc, pathOf(index, pos.line, keyCol, !!value[2], key)) : undefined;
    return values((schema?.enum ?? []).filter((v) => typeof v === 'string' || typeof v === 'number').map((v) => ({ value: String(v) })));
  }

  // `- partial` in args/command of a metrics-server container.
  const item = /^(\s*)-\s+(["']?)([^\s"'#]*)$/.exec(prefix);
  if (item) {
    const up = ancestors(index, pos.line, item[1].length + 1).filter((a) => a.key !== 0);
    if (up[0]?.key !== 'args' && up[0]?.key !== 'command') return [];
    const docText = doc ? text.slice(doc.range.start, doc.range.end) : text;
    if (!docText.includes('metrics-server')) return [];
    const partial = item[3];
    const range = { start: offset - partial.length, end: offset };
    const present = new Set([...docText.matchAll(/--[a-z0-9-]+/g)].map((m) => m[0]));
    return METRICS_SERVER_FLAGS.filter((f) => !present.has(f.flag.split('=')[0])).map((f) => ({
      label: f.flag,
      insertText: f.flag,
      detail: f.insecure ? t('⚠ insecure: testing only') : t('metrics-server flag'),
      documentation: textOf(f.doc),
      range,
      discouraged: f.insecure,
    }));
  }

  // A key being typed: the schema's property names not yet present in this map.
  const keyPrefix = /^(\s*)((?:-\s+)?)([A-Za-z0-9_]*)$/.exec(prefix);
  // A word at column 0 of a document with no kind yet: the snippets the target versions call for.
  if (keyPrefix && !keyPrefix[1] && !keyPrefix[2] && !doc?.kind) {
    const range = { start: offset - keyPrefix[3].length, end: offset };
    return settingSnippets(settings).map((s) => ({ label: s.prefix, detail: textOf(s.detail), documentation: textOf(s.documentation), insertText: s.body, range, snippet: true }));
  }
  if (keyPrefix && doc) {
    const col = keyPrefix[1].length + keyPrefix[2].length;
    const schema = schemaAt(doc, pathOf(index, pos.line, col, !!keyPrefix[2]));
    if (!schema?.properties.length) return [];
    const partial = keyPrefix[3];
    const present = new Set(siblingKeys(index, pos.line, col, !!keyPrefix[2]));
    return schema.properties
      .filter((k) => !present.has(k))
      .map((k) => ({
        label: k,
        insertText: `${k}: `,
        detail: schema.required.includes(k) ? t('required') : undefined,
        range: { start: offset - partial.length, end: offset },
        preferred: schema.required.includes(k),
      }));
  }
  return [];
}

/** Keys of the map a line at `col` belongs to; a line that starts a sequence item has no siblings above. */
function siblingKeys(index: LineIndex, line: number, col: number, startsItem: boolean): string[] {
  return [...siblingKeyLines(index, line, col, !startsItem)].map((s) => s.key);
}
