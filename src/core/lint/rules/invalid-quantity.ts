// invalid-quantity: resource quantities Kubernetes rejects, or that are valid but surely not meant (`memory: 512m`).
import { isMap, isScalar, isSeq, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { kedaResourceTriggers } from '../../k8s/autoscaling';
import { replaceScalar } from '../../manifest/edit';
import { isHpa, isKarpenter, isLimitRange, isScaledObject, isWorkload, podSpecOf } from '../../manifest/kinds';
import { isTemplatedValue, mapAt, nodeAt, rangeOf, seqAt, stringAt, writtenText, type ManifestDoc } from '../../manifest/model';
import { decimalText, parseQuantity, type Quantity } from '../../k8s/quantity';
import { containersOf } from '../../k8s/requests';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import type { Fix } from '../../text/edits';
import { msg, type Message } from '../../l10n';

/**
 * Where a quantity sits: `container` and `perPod` values describe one container or pod (a 2000-core
 * request is surely a mistake there); `total` values (quotas, node pool limits) may be large.
 */
type Scope = 'container' | 'perPod' | 'total';

interface Site {
  node: Scalar;
  /** cpu, memory, …: decides the unit checks. Undefined for metric targets of unknown unit. */
  resource?: string;
  scope: Scope;
}

/** A value in a map of quantities (requests, limits, hard) that is a list, a map or empty: the API server cannot read it as a quantity. */
interface NotAQuantity {
  node: Scalar | YAMLMap | YAMLSeq;
  key: Scalar;
  resource: string;
}

const MEBI = 1n << 20n;
const NANO = 1_000_000_000n;

const isCpu = (r?: string) => r === 'cpu' || /(^|\.)cpu$/.test(r ?? '');
const isBytes = (r?: string) => !!r && /(^|\.)(memory|ephemeral-storage|storage)$|^hugepages-|^requests\.storage$/.test(r);

function sitesOf(doc: ManifestDoc): { sites: Site[]; invalid: NotAQuantity[] } {
  const sites: Site[] = [];
  const invalid: NotAQuantity[] = [];
  const addMap = (map: YAMLMap | undefined, scope: Scope, resourceOf: (key: string) => string | undefined = (k) => k) => {
    for (const p of map?.items ?? []) {
      const key = isScalar(p.key) ? String(p.key.value) : undefined;
      if (!key || isTemplatedValue(key)) continue;
      if (isScalar(p.value) && p.value.value !== null) sites.push({ node: p.value, resource: resourceOf(key), scope });
      else if ((isScalar(p.value) || isMap(p.value) || isSeq(p.value)) && isScalar(p.key)) invalid.push({ node: p.value, key: p.key, resource: key });
    }
  };
  if (isWorkload(doc)) {
    const podSpec = podSpecOf(doc);
    for (const c of containersOf(podSpec)) {
      addMap(mapAt(c.map, ['resources', 'requests']), 'container');
      addMap(mapAt(c.map, ['resources', 'limits']), 'container');
    }
    addMap(mapAt(podSpec, ['resources', 'requests']), 'perPod');
    addMap(mapAt(podSpec, ['resources', 'limits']), 'perPod');
  } else if (isLimitRange(doc)) {
    for (const item of seqAt(doc.root, ['spec', 'limits'])?.items ?? []) {
      for (const key of ['default', 'defaultRequest', 'max', 'min']) {
        addMap(mapAt(item, [key]), stringAt(item, ['type']) === 'PersistentVolumeClaim' ? 'total' : 'perPod');
      }
      addMap(mapAt(item, ['maxLimitRequestRatio']), 'total', () => undefined);
    }
  } else if (doc.kind === 'ResourceQuota' && doc.apiVersion === 'v1') {
    addMap(mapAt(doc.root, ['spec', 'hard']), 'total');
  } else if (isKarpenter(doc)) {
    // A v1alpha5 Provisioner nests its limits under `resources`; NodePools list resource names directly.
    addMap(mapAt(doc.root, doc.kind === 'Provisioner' ? ['spec', 'limits', 'resources'] : ['spec', 'limits']), 'total');
  } else if (isHpa(doc)) {
    for (const m of seqAt(doc.root, ['spec', 'metrics'])?.items ?? []) {
      if (!isMap(m)) continue;
      for (const source of ['resource', 'containerResource', 'pods', 'object', 'external']) {
        const s = mapAt(m, [source]);
        if (!s) continue;
        const resource = source === 'resource' || source === 'containerResource' ? stringAt(s, ['name']) : undefined;
        for (const path of [['target', 'averageValue'], ['target', 'value'], ['targetAverageValue'], ['targetValue'], ['averageValue']]) {
          const n = nodeAt(s, path);
          if (isScalar(n)) sites.push({ node: n, resource, scope: path.includes('value') || path.includes('targetValue') ? 'total' : 'perPod' });
        }
      }
    }
  } else if (isScaledObject(doc)) {
    for (const t of kedaResourceTriggers(doc)) {
      const n = nodeAt(t.trigger, ['metadata', 'value']);
      if (t.target === 'AverageValue' && isScalar(n)) sites.push({ node: n, resource: t.resource, scope: 'perPod' });
    }
  }
  return { sites: sites.filter((s) => !isTemplatedValue(s.node.value) && s.node.value !== null), invalid };
}

function notAQuantity(doc: ManifestDoc, { node, key, resource }: NotAQuantity): Problem {
  if (isScalar(node)) {
    // `cpu: ~` or `cpu:`: Kubernetes reads no value, which is never what was meant.
    const range = rangeOf(node);
    return { message: msg('{resource} has no value: write a quantity (500m, 128Mi) or remove the key', { resource }), range: range.end > range.start ? range : rangeOf(key) };
  }
  return { message: msg('{resource}: {written} is not a quantity: write a number with an optional suffix (500m, 128Mi)', { resource, written: writtenText(doc.file, node) }), range: rangeOf(node) };
}

/** The exact respelling of a value that only one quantity can mean (`256mi` → `256Mi`, `1 Gi` → `1Gi`). */
function respelling(doc: ManifestDoc, node: Scalar, value: string): Fix | undefined {
  const edit = replaceScalar(doc.file, node, value);
  return edit ? { title: msg('Change to {value}', { value }), edits: [edit], safety: 'safe', preferred: true } : undefined;
}

/** A guess at the quantity meant (`2000` cpu → `2000m`): a person chooses it; `lint --fix` never writes it. */
function guess(doc: ManifestDoc, node: Scalar, value: string): Fix | undefined {
  const edit = replaceScalar(doc.file, node, value);
  const written = JSON.stringify(String(node.value));
  return edit
    ? {
        title: msg('Change to {value} (a guess at what {written} meant)', { value, written }),
        edits: [edit],
        safety: 'guess',
        why: msg('{written} may mean something else than {value}: check which quantity was meant', { written, value }),
      }
    : undefined;
}

/** Fixes for a quantity apimachinery cannot parse, when the intent is recognisable. */
function unparsableFixes(doc: ManifestDoc, site: Site, text: string): { hint: Message | ''; fixes: Fix[] } {
  const m = /^\s*([+-]?[0-9]*\.?[0-9]+|[0-9]+\.)\s*([A-Za-z]*)\s*$/.exec(text);
  if (!m) return { hint: '', fixes: [] };
  const [, number, suffix] = m;
  const ok = (s: string) => parseQuantity(number + s).ok;
  if (ok(suffix)) {
    // Only spaces were wrong.
    const f = respelling(doc, site.node, number + suffix);
    return { hint: msg('; write it without spaces: {value}', { value: number + suffix }), fixes: f ? [f] : [] };
  }
  if (isCpu(site.resource)) return { hint: msg('; cpu is written in cores (0.5) or millicores (500m)'), fixes: [] };
  const binary = /^([kKmMgGtTpPeE])([iI][bB]?)$/.exec(suffix);
  if (binary) {
    const s = binary[1].toUpperCase() + 'i';
    const f = respelling(doc, site.node, number + s);
    return { hint: msg('; did you mean {value}?', { value: number + s }), fixes: f ? [f] : [] };
  }
  const ambiguous = /^([kKmMgGtTpPeE])([bB]?)$/.exec(suffix);
  if (ambiguous) {
    const letter = ambiguous[1].toUpperCase();
    const bin = `${number}${letter}i`;
    const dec = `${number}${letter === 'K' ? 'k' : letter}`;
    const fixes = [guess(doc, site.node, bin), guess(doc, site.node, dec)].filter((f): f is Fix => !!f);
    const parsedBin = parseQuantity(bin);
    const parsedDec = parseQuantity(dec);
    const hint =
      parsedBin.ok && parsedDec.ok
        ? msg('; did you mean {binary} ({binaryBytes} bytes) or {decimal} ({decimalBytes} bytes)?', {
            binary: bin,
            binaryBytes: decimalText(parsedBin),
            decimal: dec,
            decimalBytes: decimalText(parsedDec),
          })
        : msg('; did you mean {binary} or {decimal}?', { binary: bin, decimal: dec });
    return { hint, fixes };
  }
  return { hint: '', fixes: [] };
}

function checkSite(doc: ManifestDoc, site: Site): Problem[] {
  const { node } = site;
  const range = rangeOf(node);
  const written = writtenText(doc.file, node);
  const label = site.resource ? `${site.resource}: ${written}` : written;
  // A number YAML reads as Infinity or NaN (`1e309`, `.nan`) is judged as the text written, as Go's YAML reader keeps it.
  const value = typeof node.value === 'number' && !Number.isFinite(node.value) ? written : node.value;
  if (typeof node.value === 'number' && Number.isNaN(node.value)) {
    return [{ message: msg('{label} is not a quantity: YAML reads {written} as not-a-number, which Kubernetes cannot store', { label, written }), range }];
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    return [{ message: msg('{label} is not a quantity', { label }), range }];
  }
  const q = parseQuantity(value);
  if (!q.ok) {
    const { hint, fixes } = unparsableFixes(doc, site, String(value));
    // Otherwise apimachinery's own error text, quoted as the API server writes it.
    const why =
      typeof node.value === 'number' && !Number.isFinite(node.value) && /inf/i.test(written)
        ? msg('YAML reads it as an infinite number, which Kubernetes cannot store')
        : /^[+-]?[0-9.]+[eE][+-]?[0-9]+$/.test(String(value))
          ? msg('the exponent after e is out of range (at most 2147483647)')
          : /[A-Za-z]/.test(String(value))
            ? msg('suffixes are case-sensitive: n u m k M G T P E (powers of 1000) or Ki Mi Gi Ti Pi Ei (powers of 1024)')
            : q.error;
    const shown = String(value).length > 40 ? `${String(value).slice(0, 37)}...` : String(value);
    return [{ message: msg('{value} is not a valid quantity: {why}{hint}', { value: JSON.stringify(shown), why, hint }), range, fixes }];
  }
  if (q.nanos < 0n) return [{ message: msg('{label} is negative; resource quantities must be 0 or more', { label }), range }];
  if (isCpu(site.resource)) return cpuProblems(doc, site, q, label);
  if (isBytes(site.resource)) return byteProblems(doc, site, q, label);
  return [];
}

function cpuProblems(doc: ManifestDoc, site: Site, q: Quantity, label: string): Problem[] {
  const range = rangeOf(site.node);
  if (q.format === 'BinarySI') {
    return [{ message: msg('{label} means {cores} cores: binary suffixes (Ki, Mi, Gi) are for bytes; write cpu as cores (0.5) or millicores (500m)', { label, cores: decimalText(q) }), range }];
  }
  if (site.scope !== 'total' && q.nanos > 1000n * NANO) {
    const f = q.suffix === '' && /^[0-9]+$/.test(q.number) ? guess(doc, site.node, `${q.number}m`) : undefined;
    const args = { label, cores: decimalText(q), meant: `${q.number}m` };
    return [{ message: f ? msg('{label} means {cores} cores; did you mean {meant}?', args) : msg('{label} means {cores} cores', args), range, fixes: f ? [f] : [] }];
  }
  return [];
}

function byteProblems(doc: ManifestDoc, site: Site, q: Quantity, label: string): Problem[] {
  const range = rangeOf(site.node);
  const plainNumber = /^[0-9]+(\.[0-9]+)?$/.test(q.number.replace(/^\+/, '')) ? q.number.replace(/^\+/, '') : undefined;
  const suggest = (s: string) => (plainNumber ? guess(doc, site.node, `${plainNumber}${s}`) : undefined);
  if (q.nanos % NANO !== 0n || ['m', 'u', 'n'].includes(q.suffix)) {
    const f = q.suffix === 'm' ? suggest('Mi') : undefined;
    const args = { label, bytes: decimalText(q), meant: `${plainNumber}Mi` };
    return [
      { message: f ? msg('{label} means {bytes} bytes; did you mean {meant}?', args) : msg('{label} means {bytes} bytes; memory is written in bytes (128Mi, 1Gi)', args), range, fixes: f ? [f] : [] },
    ];
  }
  if (site.scope !== 'total' && q.nanos > 0n && q.nanos < MEBI * NANO) {
    const f = q.suffix === '' ? suggest('Mi') : undefined;
    const args = { label, bytes: decimalText(q), meant: `${plainNumber}Mi` };
    return [{ message: f ? msg('{label} means {bytes} bytes, less than 1Mi; did you mean {meant}?', args) : msg('{label} means {bytes} bytes, less than 1Mi', args), range, fixes: f ? [f] : [] }];
  }
  return [];
}

/** The API server rejects a request above its limit ("must be less than or equal to <res> limit"). */
function requestAboveLimit(doc: ManifestDoc): Problem[] {
  const problems: Problem[] = [];
  for (const c of containersOf(podSpecOf(doc))) {
    const requests = mapAt(c.map, ['resources', 'requests']);
    const limits = mapAt(c.map, ['resources', 'limits']);
    for (const p of requests?.items ?? []) {
      const key = isScalar(p.key) ? String(p.key.value) : undefined;
      const limitNode = key ? nodeAt(limits, [key]) : undefined;
      if (!key || !isScalar(p.value) || !isScalar(limitNode)) continue;
      const [r, l] = [p.value.value, limitNode.value];
      if ((typeof r !== 'string' && typeof r !== 'number') || (typeof l !== 'string' && typeof l !== 'number')) continue;
      if (isTemplatedValue(r) || isTemplatedValue(l)) continue;
      const rq = parseQuantity(r);
      const lq = parseQuantity(l);
      if (rq.ok && lq.ok && rq.nanos > lq.nanos) {
        problems.push({
          message: msg('{resource} request {request} is above the limit {limit} in container {container}: the API server rejects it (must be less than or equal to {resource} limit)', {
            resource: key,
            request: String(r),
            limit: String(l),
            container: JSON.stringify(c.name),
          }),
          range: rangeOf(p.value),
        });
      }
    }
  }
  return problems;
}

export const invalidQuantity: Rule = {
  id: 'invalid-quantity',
  category: 'workload',
  severity: 'error',
  title: 'Resource quantity Kubernetes rejects, or surely not meant',
  docs: [
    'Quantities are `<number><suffix>` with **case-sensitive** suffixes: `m` (milli), `k M G T P E` (powers of 1000),',
    '`Ki Mi Gi Ti Pi Ei` (powers of 1024). `1GB`, `512Mb`, `1K`, `256mi` are rejected by the API server.',
    '',
    'Valid but surely wrong: `memory: 512m` is 0.512 **bytes** (you meant `512Mi`), memory below 1Mi for a container,',
    'cpu with a binary suffix (`1Gi` cores), a container cpu above 1000 cores (`2000` instead of `2000m`).',
    'A request above its limit is rejected too.',
  ].join('\n'),
  applies: (doc) => isWorkload(doc) || isLimitRange(doc) || doc.kind === 'ResourceQuota' || isKarpenter(doc) || isHpa(doc) || isScaledObject(doc),
  check: (doc) => {
    const { sites, invalid } = sitesOf(doc);
    return [...invalid.map((v) => notAQuantity(doc, v)), ...sites.flatMap((s) => checkSite(doc, s)), ...(isWorkload(doc) ? requestAboveLimit(doc) : [])];
  },
};
