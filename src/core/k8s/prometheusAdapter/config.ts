// prometheus-adapter's configuration (its --config file: rules, externalRules, resourceRules; sigs.k8s.io/prometheus-adapter
// pkg/config/config.go) where a workspace holds it:
//   - the `config.yaml` key of a ConfigMap, parsed as YAML with its offsets mapped back to the file (manifest/embeddedText.ts,
//     as the Corefile's), recognised when its top-level keys are the adapter's and nothing else;
//   - a Helm values file of the prometheus-community/prometheus-adapter chart (or of an umbrella chart, under
//     `prometheus-adapter:`), recognised by a `rules:` map whose `custom` or `external` list holds an object with
//     `seriesQuery` or `metricsQuery`, or whose `resource` map has cpu or memory queries. The chart renders
//     rules.custom under `rules:`, rules.external under `externalRules:`, rules.resource under `resourceRules:`, and its
//     six default rules when rules.default is not false (templates/configmap.yaml).
import { isMap, isScalar, isSeq, parseDocument, type Node, type YAMLMap } from 'yaml';
import { embeddedEditToSource, embeddedRange, sourceMapOf, type EmbeddedText } from '../../manifest/embeddedText';
import { hasTemplateConstruct, keyRange, mapAt, pairOf, rangeOf, type ManifestDoc } from '../../manifest/model';
import type { OffsetEdit, OffsetRange } from '../../text/edits';

/** The two lists of discovery rules: `rules` serve custom.metrics.k8s.io, `externalRules` external.metrics.k8s.io. */
export type RuleList = 'rules' | 'externalRules';

export interface AdapterRule {
  list: RuleList;
  index: number;
  node: YAMLMap;
  /** How messages name it: `rules[0]` in a config.yaml, `rules.custom[0]` in values. */
  label: string;
}

export interface AdapterConfig {
  doc: ManifestDoc;
  source: 'configmap' | 'values';
  rules: AdapterRule[];
  /** Values files: whether the chart adds its default rules (rules.default, true unless set to false). */
  defaultRules: boolean;
  /** The text node offsets refer to: the embedded config.yaml of a ConfigMap, the file of a values file. */
  text: string;
  /** A range of `text` as a range of the file (the data key when it cannot be mapped). */
  mapRange(range: OffsetRange): OffsetRange;
  /** The file range of a node of this config. */
  rangeOf(node: Node | null | undefined, fallback?: OffsetRange): OffsetRange;
  /** The file range of a key of a map of this config. */
  keyRange(map: YAMLMap, key: string): OffsetRange;
  /** An edit of this config's text as an edit of the file; undefined when the value cannot be edited in place. */
  edit(range: OffsetRange, newText: string): OffsetEdit | undefined;
}

const CONFIG_KEYS = ['rules', 'externalRules', 'resourceRules'];
/** The chart's values keys and the config list each renders into. */
const VALUES_LISTS: [string, RuleList][] = [
  ['custom', 'rules'],
  ['external', 'externalRules'],
];
/** The key an umbrella chart nests the adapter chart's values under (its chart name). */
const SUBCHART_KEY = 'prometheus-adapter';

const cache = new WeakMap<ManifestDoc, AdapterConfig[]>();

/** The adapter configurations a document holds (usually none, at most one per data key). */
export function adapterConfigsOf(doc: ManifestDoc): AdapterConfig[] {
  let found = cache.get(doc);
  if (!found) {
    found = doc.kind === 'ConfigMap' ? fromConfigMap(doc) : !doc.kind && !doc.apiVersion ? fromValues(doc) : [];
    cache.set(doc, found);
  }
  return found;
}

/** Whether a file holds adapter rules other files' findings depend on (a values file is not a manifest, yet HPAs are checked against it). */
export function holdsAdapterConfig(docs: readonly ManifestDoc[]): boolean {
  return docs.some((d) => adapterConfigsOf(d).length > 0);
}

function fromConfigMap(doc: ManifestDoc): AdapterConfig[] {
  const data = mapAt(doc.root, ['data']);
  const pair = pairOf(data, 'config.yaml');
  const value = pair?.value;
  if (!data || !isScalar(value) || typeof value.value !== 'string' || !value.range) return [];
  if (hasTemplateConstruct(doc.file, doc.file.text.slice(value.range[0], value.range[1]))) return [];
  const parsed = parseDocument(value.value, { uniqueKeys: false, prettyErrors: false });
  const root = parsed.contents;
  if (parsed.errors.length > 0 || !isMap(root)) return [];
  const keys = root.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
  if (keys.length === 0 || !keys.every((k) => CONFIG_KEYS.includes(k))) return [];
  const embedded: EmbeddedText = { text: value.value, keyRange: keyRange(data, 'config.yaml'), ...sourceMapOf(doc.file.text, value) };
  const rules: AdapterRule[] = [];
  for (const list of ['rules', 'externalRules'] as const) {
    const seq = root.get(list, true);
    if (isSeq(seq)) seq.items.forEach((item, index) => isMap(item) && rules.push({ list, index, node: item, label: `${list}[${index}]` }));
  }
  const mapped = (r: OffsetRange) => embeddedRange(embedded, r.start, r.end);
  return [
    {
      doc,
      source: 'configmap',
      rules,
      defaultRules: false,
      text: value.value,
      mapRange: mapped,
      rangeOf: (node, fallback) => (node?.range ? mapped(rangeOf(node)) : (fallback ?? embedded.keyRange)),
      keyRange: (map, key) => (pairOf(map, key) ? mapped(keyRange(map, key)) : mapped(rangeOf(map))),
      edit: (range, newText) => embeddedEditToSource(embedded, { range, newText }),
    },
  ];
}

function fromValues(doc: ManifestDoc): AdapterConfig[] {
  if (doc.file.templated || !doc.root) return [];
  const out: AdapterConfig[] = [];
  for (const prefix of ['', `${SUBCHART_KEY}.`]) {
    const rulesMap = prefix ? mapAt(doc.root, [SUBCHART_KEY, 'rules']) : mapAt(doc.root, ['rules']);
    if (!rulesMap || !looksLikeAdapterValues(rulesMap)) continue;
    const rules: AdapterRule[] = [];
    for (const [key, list] of VALUES_LISTS) {
      const seq = rulesMap.get(key, true);
      if (isSeq(seq)) seq.items.forEach((item, index) => isMap(item) && rules.push({ list, index, node: item, label: `${prefix}rules.${key}[${index}]` }));
    }
    const defaults = rulesMap.get('default', true);
    out.push({
      doc,
      source: 'values',
      rules,
      defaultRules: !(isScalar(defaults) && defaults.value === false),
      text: doc.file.text,
      mapRange: (r) => r,
      rangeOf: (node, fallback) => rangeOf(node, fallback ?? keyRange(rulesMap, 'custom')),
      keyRange: (map, key) => keyRange(map, key),
      edit: (range, newText) => ({ range, newText }),
    });
  }
  return out;
}

/** A `rules:` map of the adapter chart's values, told apart from other charts' `rules:` by what its lists hold. */
function looksLikeAdapterValues(rules: YAMLMap): boolean {
  for (const [key] of VALUES_LISTS) {
    const seq = rules.get(key, true);
    if (isSeq(seq) && seq.items.some((item) => isMap(item) && (item.has('seriesQuery') || item.has('metricsQuery')))) return true;
  }
  const resource = mapAt(rules, ['resource']);
  return !!resource && ['cpu', 'memory'].some((r) => mapAt(resource, [r])?.has('containerQuery') || mapAt(resource, [r])?.has('nodeQuery'));
}

/** Every discovery rule of a document's adapter configurations, with the configuration it belongs to. */
export function adapterRulesOf(doc: ManifestDoc): { config: AdapterConfig; rule: AdapterRule }[] {
  return adapterConfigsOf(doc).flatMap((config) => config.rules.map((rule) => ({ config, rule })));
}

/** Where a rule's problems go when no field of it is at fault: its first key. */
export function ruleAnchor(config: AdapterConfig, rule: AdapterRule): OffsetRange {
  const first = rule.node.items[0]?.key;
  return config.rangeOf(isScalar(first) ? first : rule.node);
}

/** Documents that may hold adapter configuration: ConfigMaps and Helm values (no kind). */
export const mayHoldAdapterConfig = (doc: ManifestDoc): boolean => doc.kind === 'ConfigMap' || (!doc.kind && !doc.apiVersion);
