// Karpenter conversions to karpenter.sh/v1 NodePool and karpenter.k8s.aws/v1 EC2NodeClass, from v1alpha5
// Provisioner / v1alpha1 AWSNodeTemplate and from v1beta1 (aws/karpenter-provider-aws v1beta1 and v1 migration
// guides). Former defaults are written explicitly; what cannot be derived becomes a `<REQUIRED: …>` placeholder.
// Long (~670 lines): both source generations (v1alpha5 and v1beta1) share the field-by-field mapping helpers below, read top to bottom like the migration guides.
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { replaceScalar } from '../manifest/edit';
import { group } from '../manifest/kinds';
import { isTemplatedValue, mapAt, stringAt, type ManifestDoc } from '../manifest/model';
import { checkedFix, commentedOut, declares, labelRefusal, serverStateEdits, splitPairs, type CheckTarget } from './accepted';
import type { ConversionContext } from './context';
import { compareMinor } from '../k8s/versions';
import type { Fix } from '../text/edits';
import type { TextEdit } from '../text/edits';
import { isJsonText, jsonPreservingFix } from './json';
import { blockMapText, FlowSeq, OMap, RawPair, RawSeqPlus, rawPairs, styleOf, Verbatim, type Out, type RenderStyle } from './render';
import { commentLines, insertPair, joinTouching, lineEdits, losesTemplate, replaceNodeEdit } from './text';
import { msg, render } from '../l10n';

export const PLACEHOLDER_PREFIX = '<REQUIRED:';
/** A placeholder value or comment left by a conversion: `<REQUIRED: what to fill in>`. */
export const PLACEHOLDER_PATTERN = /<REQUIRED:[^>\r\n]*>/g;

const placeholder = (what: string) => `${PLACEHOLDER_PREFIX} ${what}>`;

export const KARPENTER_APIS = {
  provisioner: 'karpenter.sh/v1alpha5',
  nodeTemplate: 'karpenter.k8s.aws/v1alpha1',
  nodePoolBeta: 'karpenter.sh/v1beta1',
  nodeClassBeta: 'karpenter.k8s.aws/v1beta1',
  nodePool: 'karpenter.sh/v1',
  nodeClass: 'karpenter.k8s.aws/v1',
} as const;

/** amiFamily → v1 alias family; Ubuntu has no alias in v1, Custom needs explicit AMIs. */
const ALIAS_FAMILIES: Record<string, string> = {
  AL2: 'al2',
  AL2023: 'al2023',
  Bottlerocket: 'bottlerocket',
  Windows2019: 'windows2019',
  Windows2022: 'windows2022',
};

/** v1alpha1 and v1beta1 metadata defaults; v1 lowered the hop limit from 2 to 1. */
const FORMER_METADATA_OPTIONS: [string, string | number][] = [
  ['httpEndpoint', 'enabled'],
  ['httpProtocolIPv6', 'disabled'],
  ['httpPutResponseHopLimit', 2],
  ['httpTokens', 'required'],
];

const INSTANCE_TYPE_KEYS = /^(node\.kubernetes\.io\/instance-type|beta\.kubernetes\.io\/instance-type|karpenter\.k8s\.aws\/instance-.*)$/;

interface Converted {
  edits: TextEdit[];
  placeholders: boolean;
  /** What the conversion left for a person: fields v1 lacks, labels it refuses. */
  notes: string[];
  /** The documents converted (the one asked for and a node class converted along), and those the conversion adds. */
  docs: CheckTarget[];
}

/** What one conversion gathers on its way: notes for a person and the documents it rewrote. */
interface Run {
  notes: string[];
  docs: ManifestDoc[];
  /** Documents the conversion writes anew (the EC2NodeClass of an inline spec.provider). */
  added: CheckTarget[];
}

const NODEPOOL = [KARPENTER_APIS.nodePool, 'NodePool'] as const;
const NODECLASS = [KARPENTER_APIS.nodeClass, 'EC2NodeClass'] as const;
const TEMPLATE_LABELS = ['spec', 'template', 'metadata', 'labels'];
/** Annotations Karpenter's controllers write on NodePools and EC2NodeClasses (InternalOnly in both labels.go files). */
const CONTROLLER_ANNOTATIONS = ['karpenter.sh/nodepool-hash', 'karpenter.sh/nodepool-hash-version', 'karpenter.k8s.aws/ec2nodeclass-hash', 'karpenter.k8s.aws/ec2nodeclass-hash-version'];

export function karpenterConversions(doc: ManifestDoc, ctx: ConversionContext): Fix[] {
  if (compareMinor(ctx.settings.karpenterVersion, '1.0') < 0) return [];
  const converted = convertKarpenter(doc, ctx);
  if (!converted) return [];
  const target = doc.kind === 'Provisioner' || doc.kind === 'NodePool' ? 'karpenter.sh/v1 NodePool' : 'karpenter.k8s.aws/v1 EC2NodeClass';
  const both = converted.edits.some((e) => e.uri !== doc.file.uri || !within(e, doc));
  let title;
  if (both && converted.placeholders) title = msg('Convert to {target} (with its node class) (fill in the <REQUIRED> placeholders)', { target });
  else if (both) title = msg('Convert to {target} (with its node class)', { target });
  else if (converted.placeholders) title = msg('Convert to {target} (fill in the <REQUIRED> placeholders)', { target });
  else title = msg('Convert to {target}', { target });
  const textOf = (uri: string) => (uri === doc.file.uri ? doc.file.text : ctx.workspace.get(uri)?.text);
  // A JSON manifest gets JSON (placeholders become strings there; the fix stays unsafe while they are left).
  // Fix.title is English text until it takes a message: rendered here, the one place the title is built.
  const offer = { title: title, edits: converted.edits, preferred: true, notes: converted.notes };
  const unfilled: Fix = { ...offer, safety: 'review', why: msg('the converted text has <REQUIRED> placeholders a person must fill in') };
  const fix = jsonPreservingFix(converted.placeholders ? unfilled : { ...offer, safety: 'safe' }, textOf);
  return fix ? [checkedFix(fix, converted.docs, textOf)] : [];
}

function within(e: TextEdit, doc: ManifestDoc): boolean {
  const next = doc.file.docs[doc.index + 1];
  return e.range.start >= doc.range.start && e.range.end <= (next ? next.range.start : doc.file.text.length);
}

function convertKarpenter(doc: ManifestDoc, ctx: ConversionContext): Converted | undefined {
  if (!doc.root) return undefined;
  const run: Run = { notes: [], docs: [], added: [] };
  const edits = convertOne(doc, ctx, run);
  if (!edits) return undefined;
  // Every converted document leaves the server's state behind: a dump (`kubectl get -o yaml`) becomes a manifest.
  for (const d of run.docs) {
    const more = serverStateEdits(d, CONTROLLER_ANNOTATIONS, styleOf(d.file.text, d.range));
    if (!more) return undefined;
    edits.push(...more);
  }
  const all = splitEdits(edits, ctx);
  if (!all) return undefined;
  return { edits: all, placeholders: all.some((e) => e.newText.includes(PLACEHOLDER_PREFIX)), notes: run.notes, docs: [...run.docs, ...run.added] };
}

function convertOne(doc: ManifestDoc, ctx: ConversionContext, run: Run): TextEdit[] | undefined {
  if (doc.kind === 'Provisioner' && doc.apiVersion === KARPENTER_APIS.provisioner) return convertProvisioner(doc, ctx, run);
  if (doc.kind === 'AWSNodeTemplate' && doc.apiVersion === KARPENTER_APIS.nodeTemplate) return convertNodeTemplate(doc, kubeletFor(doc, ctx), ctx, run);
  if (doc.kind === 'NodePool' && doc.apiVersion === KARPENTER_APIS.nodePoolBeta) return convertNodePoolBeta(doc, ctx, run);
  if (doc.kind === 'EC2NodeClass' && doc.apiVersion === KARPENTER_APIS.nodeClassBeta) return convertNodeClassBeta(doc, kubeletFor(doc, ctx), ctx, run);
  return undefined;
}

/** Label `key` refused in a v1 NodePool template (the CRD's CEL rules: karpenter.sh and karpenter.k8s.aws domains, hostname). */
function refusedLabel(key: string, p: RawPair): string | undefined {
  const value = p.valueRaw?.value;
  if (isTemplatedValue(value) || isTemplatedValue(key)) return undefined;
  return labelRefusal(...NODEPOOL, TEMPLATE_LABELS, key, value);
}

/** A spec entry the target kind does not declare, commented out with its reason (and a note for the person). */
function unknownEntry(p: RawPair, target: string, path: string, run: Run, what: string): string[] {
  run.notes.push(render(msg('{what}: {field} is not a field of {target}; left as a comment for you to move or delete', { what, field: `${path}.${p.key}`, target }), 'en'));
  return commentedOut(p, `${p.key}: not a field of ${target} (the API server refuses unknown fields)`);
}

// ---- kubelet: from the NodePool side to EC2NodeClass.spec.kubelet ----

/** The kubelet block of a Provisioner (spec.kubeletConfiguration) or v1beta1 NodePool (spec.template.spec.kubelet). */
function kubeletPairOf(pool: ManifestDoc): Pair | undefined {
  const spec = pool.kind === 'Provisioner' ? mapAt(pool.root, ['spec']) : mapAt(pool.root, ['spec', 'template', 'spec']);
  const key = pool.kind === 'Provisioner' ? 'kubeletConfiguration' : 'kubelet';
  const pair = spec?.items.find((p) => isScalar(p.key) && p.key.value === key && isMap(p.value)) as Pair | undefined;
  const value = kubeletValue(pair);
  return value && Object.keys(value).length > 0 ? pair : undefined;
}

function nodeClassNameOf(pool: ManifestDoc): string | undefined {
  return pool.kind === 'Provisioner' ? stringAt(pool.root, ['spec', 'providerRef', 'name']) : stringAt(pool.root, ['spec', 'template', 'spec', 'nodeClassRef', 'name']);
}

/** Old-API pools referencing a node class: Provisioners for an AWSNodeTemplate, v1beta1 NodePools for an EC2NodeClass. */
function poolsOf(nodeClass: ManifestDoc, ctx: ConversionContext): ManifestDoc[] {
  const [kind, api] = nodeClass.kind === 'AWSNodeTemplate' ? ['Provisioner', KARPENTER_APIS.provisioner] : ['NodePool', KARPENTER_APIS.nodePoolBeta];
  return [...ctx.workspace.allDocs()].filter((d) => d.kind === kind && d.apiVersion === api && nodeClassNameOf(d) === nodeClass.name);
}

interface KubeletSource {
  pair: Pair;
  text: string;
}

/** The kubelet settings every referencing pool agrees on (none when they differ or none has any). */
function kubeletFor(nodeClass: ManifestDoc, ctx: ConversionContext): KubeletSource | undefined {
  const pools = poolsOf(nodeClass, ctx);
  const settings = pools.map((p) => ({ pool: p, pair: kubeletPairOf(p) }));
  const withKubelet = settings.filter((s) => s.pair);
  if (withKubelet.length === 0) return undefined;
  const json = new Set(settings.map((s) => JSON.stringify(kubeletValue(s.pair))));
  if (json.size !== 1) return undefined;
  return { pair: withKubelet[0].pair!, text: withKubelet[0].pool.file.text };
}

/** Kubelet settings minus `containerRuntime` (removed in v1beta1: containerd is the only runtime). */
function kubeletValue(pair: Pair | undefined): Record<string, unknown> | undefined {
  if (!pair || !isMap(pair.value)) return undefined;
  const v = pair.value.toJSON() as Record<string, unknown>;
  delete v.containerRuntime;
  return v;
}

function kubeletOut(source: KubeletSource): OMap {
  const map = source.pair.value as YAMLMap;
  const out = new OMap([], !!map.flow);
  for (const [key, p] of rawPairs(map, source.text)) if (key !== 'containerRuntime') out.add(p);
  return out;
}

/** Where a pool's kubelet goes: into the node class converted along, already there, or a commented placeholder. */
function kubeletPlacement(pool: ManifestDoc, ctx: ConversionContext, nodeClassConvertedAlong: boolean, st: RenderStyle): string[] {
  const pair = kubeletPairOf(pool);
  if (!pair) return [];
  if (nodeClassConvertedAlong) return [];
  const name = nodeClassNameOf(pool);
  const existing = [...ctx.workspace.allDocs()].find((d) => d.kind === 'EC2NodeClass' && d.name === name && d.apiVersion === KARPENTER_APIS.nodeClass);
  const there = existing ? mapAt(existing.root, ['spec', 'kubelet'])?.toJSON() : undefined;
  if (there && JSON.stringify(there) === JSON.stringify(kubeletValue(pair))) return [];
  const where = name ? `EC2NodeClass ${name}` : 'the EC2NodeClass';
  const why = existing || !name ? '' : ' (not found in the workspace)';
  const body = blockMapText(new OMap().set('kubelet', kubeletOut({ pair, text: pool.file.text })), 0, st);
  return [`# ${placeholder(`move these kubelet settings to spec.kubelet of ${where}${why}`)}`, ...commentLines(body)];
}

// ---- Provisioner → NodePool ----

/** The document's spec with its raw pairs; `take` removes a pair so what is left can be copied as written. */
function openSpec(doc: ManifestDoc) {
  const file = doc.file;
  const spec = mapAt(doc.root, ['spec']);
  if (!spec) return undefined;
  const st = styleOf(file.text, doc.range);
  const pairs = rawPairs(spec, file.text);
  const take = (k: string) => {
    const p = pairs.get(k);
    pairs.delete(k);
    return p;
  };
  return { file, spec, st, pairs, take };
}

function convertProvisioner(doc: ManifestDoc, ctx: ConversionContext, run: Run): TextEdit[] | undefined {
  const opened = openSpec(doc);
  if (!opened) return undefined;
  run.docs.push(doc);
  const { file, spec, st, pairs, take } = opened;
  const what = `Provisioner ${doc.name ?? ''}`.trim();
  if (spec.has('requirements') && !isSeq(spec.get('requirements'))) return undefined;
  const nodeClassName = stringAt(spec, ['providerRef', 'name']);
  const template = nodeClassName ? findDoc(ctx, 'AWSNodeTemplate', KARPENTER_APIS.nodeTemplate, nodeClassName) : undefined;
  const inline = inlineProvider(doc, spec);
  const ownKubelet = kubeletPairOf(doc);
  const kubeletAlong = template ? kubeletFor(template, ctx) : inline && ownKubelet ? { pair: ownKubelet, text: file.text } : undefined;

  const templateMeta = new OMap();
  const labels = take('labels');
  const annotations = take('annotations');
  // Labels v1 refuses (Karpenter's own domains) are not copied: kept as comments, named in the notes.
  let droppedLabels: string[] = [];
  if (labels?.valueRaw && isMap(labels.pair.value)) {
    const { kept, refused } = splitPairs(labels.pair.value, file.text, refusedLabel);
    droppedLabels = refused.flatMap((r) => commentedOut(r.pair, `label ${r.pair.key} not carried over: ${r.why}`));
    for (const r of refused) run.notes.push(render(msg('{what}: label {label} was not carried over to spec.template.metadata.labels ({why})', { what, label: r.pair.key, why: r.why }), 'en'));
    if (refused.length === 0) templateMeta.set('labels', labels.valueRaw, { before: labels.before });
    else if (kept.length) templateMeta.set('labels', new OMap(kept, !!labels.pair.value.flow), { before: [...labels.before, ...droppedLabels] });
    else droppedLabels = [...labels.before, ...droppedLabels];
    if (kept.length) droppedLabels = [];
  } else if (labels?.valueRaw) templateMeta.set('labels', labels.valueRaw, { before: labels.before });
  if (annotations?.valueRaw) templateMeta.set('annotations', annotations.valueRaw, { before: [...annotations.before, ...droppedLabels] });
  if (annotations?.valueRaw) droppedLabels = [];

  const templateSpec = new OMap();
  const requirements = take('requirements');
  templateSpec.set('requirements', requirementsWithDefaults(spec.get('requirements', true), requirements), { before: requirements?.before });
  const providerRef = take('providerRef');
  const provider = take('provider');
  if (provider && !inline)
    run.notes.push(render(msg('{what}: the inline spec.provider settings were not carried over: write them as an EC2NodeClass and name it in spec.template.spec.nodeClassRef', { what }), 'en'));
  if (inline) run.notes.push(render(msg('{what}: the inline spec.provider became EC2NodeClass {name}, written after the NodePool', { what, name: String(doc.name) }), 'en'));
  const refNamePair = providerRef && isMap(providerRef.pair.value) ? rawPairs(providerRef.pair.value, file.text).get('name') : undefined;
  const refName = refNamePair?.valueRaw ?? (inline ? doc.name : undefined);
  const ref = new OMap([], st.flowLeafMaps)
    .set('group', 'karpenter.k8s.aws')
    .set('kind', 'EC2NodeClass')
    .set(
      'name',
      refName ??
        placeholder(provider ? `name of an EC2NodeClass holding the settings of the inline spec.provider of Provisioner ${doc.name ?? ''}`.trim() : 'name of the EC2NodeClass for these nodes'),
      { after: refNamePair?.after },
    );
  const kubeletNote = kubeletPlacement(doc, ctx, !!kubeletAlong, st);
  take('kubeletConfiguration');
  templateSpec.set('nodeClassRef', ref, { before: kubeletNote });
  const taints = take('taints');
  const startupTaints = take('startupTaints');
  if (taints) templateSpec.add(taints);
  if (startupTaints) templateSpec.add(startupTaints);
  const expiry = take('ttlSecondsUntilExpired');
  templateSpec.set('expireAfter', expiry ? durationOf(expiry) : 'Never', { before: expiry?.before, after: expiry?.after });

  const out = new OMap();
  const tmpl = new OMap();
  if (templateMeta.items.length) tmpl.set('metadata', templateMeta);
  tmpl.set('spec', templateSpec, { before: droppedLabels });
  out.set('template', tmpl);
  const limits = take('limits');
  const resources = limits && isMap(limits.pair.value) ? rawPairs(limits.pair.value, file.text).get('resources')?.valueRaw : undefined;
  if (limits && resources) out.set('limits', resources, { before: limits.before });
  else if (limits) out.add(limits);
  const weight = take('weight');
  if (weight) out.add(weight);
  const emptyTtl = take('ttlSecondsAfterEmpty');
  const consolidation = take('consolidation');
  const consolidate = consolidation && isMap(consolidation.pair.value) && consolidation.pair.value.get('enabled') === true;
  const disruption = new OMap();
  if (consolidate) disruption.set('consolidationPolicy', 'WhenEmptyOrUnderutilized').set('consolidateAfter', '0s');
  else if (emptyTtl) disruption.set('consolidationPolicy', 'WhenEmpty', { before: emptyTtl.before }).set('consolidateAfter', durationOf(emptyTtl), { after: emptyTtl.after });
  else disruption.set('consolidationPolicy', 'WhenEmpty').set('consolidateAfter', 'Never');
  // What v1 NodePool lacks is never copied: userData goes to the node class converted along, the rest stays as comments.
  const userData = take('userData');
  const movable = userData && (template ? !mapAt(template.root, ['spec'])?.has('userData') : inline && !inline.has('userData'));
  const leftovers: string[] = [];
  if (userData && movable) run.notes.push(render(msg('{what}: spec.userData moved to spec.userData of EC2NodeClass {name}', { what, name: template?.name ?? doc.name ?? '' }), 'en').trim());
  else if (userData) {
    const where = nodeClassName ? `EC2NodeClass ${nodeClassName}` : 'the EC2NodeClass';
    run.notes.push(
      render(
        nodeClassName
          ? msg('{what}: spec.userData belongs in spec.userData of EC2NodeClass {name}; left as a comment for you to move', { what, name: nodeClassName })
          : msg('{what}: spec.userData belongs in spec.userData of the EC2NodeClass; left as a comment for you to move', { what }),
        'en',
      ),
    );
    leftovers.push(`# ${placeholder(`move this userData to spec.userData of ${where}`)}`, ...commentedOut(userData, 'userData: not a field of karpenter.sh/v1 NodePool').slice(1));
  }
  for (const rest of pairs.values()) {
    if (declares(...NODEPOOL, ['spec'], rest.key) && !out.has(rest.key)) out.add(rest);
    else leftovers.push(...unknownEntry(rest, 'karpenter.sh/v1 NodePool', 'spec', run, what));
  }
  out.set('disruption', disruption, { before: leftovers });

  const edits = docEdits(doc, KARPENTER_APIS.nodePool, 'NodePool', spec, out, st, ctx);
  if (!edits) return undefined;
  if (inline) {
    const added = inlineNodeClassEdit(doc, inline, kubeletAlong, ctx, run, movable ? userData : undefined);
    if (!added) return undefined;
    edits.push(added);
  }
  if (template) {
    const more = convertNodeTemplate(template, kubeletAlong, ctx, run, movable ? userData : undefined);
    if (!more) return undefined;
    edits.push(...more);
  }
  return edits;
}

/** `ttlSeconds…: N` as a v1 duration (`720h`, `30s`). */
function durationOf(p: RawPair): string {
  const v = (p.pair.value as Node & { value?: unknown }).value;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < 0) return placeholder(`duration for ${p.key}: ${String(v)}`);
  if (n > 0 && n % 3600 === 0) return `${n / 3600}h`;
  if (n > 0 && n % 60 === 0) return `${n / 60}m`;
  return `${n}s`;
}

/** The requirements with the v1alpha5 webhook defaults written out (v1beta1 and v1 no longer default them). */
function requirementsWithDefaults(node: unknown, pair: RawPair | undefined): Out {
  const items = isSeq(node) ? (node as YAMLSeq).items : [];
  const keys = new Set(items.map((i) => (isMap(i) ? String(i.get('key') ?? '') : '')));
  const defaults: [string, string, string][] = [];
  if (!keys.has('kubernetes.io/os')) defaults.push(['kubernetes.io/os', 'In', '["linux"]']);
  if (!keys.has('kubernetes.io/arch')) defaults.push(['kubernetes.io/arch', 'In', '["amd64"]']);
  if (!keys.has('karpenter.sh/capacity-type')) defaults.push(['karpenter.sh/capacity-type', 'In', '["on-demand"]']);
  if (![...keys].some((k) => INSTANCE_TYPE_KEYS.test(k))) {
    defaults.push(['karpenter.k8s.aws/instance-category', 'In', '["c", "m", "r"]']);
    defaults.push(['karpenter.k8s.aws/instance-generation', 'Gt', '["2"]']);
  }
  const flowItems = items.length > 0 && items.every((i) => isMap(i) && i.flow);
  const extra = defaults.map(([key, operator, values]) => new OMap([], flowItems).set('key', key).set('operator', operator).set('values', new Verbatim(values)));
  if (!pair?.valueRaw) return extra;
  return new RawSeqPlus(pair.valueRaw, extra);
}

// ---- AWSNodeTemplate → EC2NodeClass ----

function convertNodeTemplate(doc: ManifestDoc, kubelet: KubeletSource | undefined, ctx: ConversionContext, run: Run, userData?: RawPair): TextEdit[] | undefined {
  const spec = mapAt(doc.root, ['spec']);
  if (!spec) return undefined;
  run.docs.push(doc);
  const st = styleOf(doc.file.text, doc.range);
  const out = nodeClassSpec(spec, doc.file.text, st, `AWSNodeTemplate ${doc.name ?? ''}`.trim(), kubelet, ctx, run, userData);
  return docEdits(doc, KARPENTER_APIS.nodeClass, 'EC2NodeClass', spec, out, st, ctx);
}

/**
 * The v1 EC2NodeClass spec for the settings of a v1alpha1 AWSNodeTemplate spec or a v1alpha5 inline `spec.provider`
 * (the same fields): `instanceProfile` kept (v1 takes it instead of `role`), selectors as terms, AMI family as alias.
 */
function nodeClassSpec(spec: YAMLMap, text: string, st: RenderStyle, what: string, kubelet: KubeletSource | undefined, ctx: ConversionContext, run: Run, userData?: RawPair): OMap {
  const pairs = rawPairs(spec, text);
  const take = (k: string) => {
    const p = pairs.get(k);
    pairs.delete(k);
    return p;
  };
  const file = { text };
  const out = new OMap();
  const profile = take('instanceProfile');
  const globalProfile = profile ? undefined : defaultInstanceProfile(ctx);
  if (profile) out.add(profile);
  else if (globalProfile) out.set('instanceProfile', globalProfile, { after: ' # from aws.defaultInstanceProfile in karpenter-global-settings' });
  else out.set('role', placeholder('IAM role name for the nodes; v1alpha5 used the instance profile of the controller setting aws.defaultInstanceProfile'));

  const launchTemplate = take('launchTemplate');
  const family = take('amiFamily');
  const familyName = family ? String((family.pair.value as Node & { value?: unknown }).value) : 'AL2';
  const amiSelector = take('amiSelector');
  if (launchTemplate) {
    const lt = String((launchTemplate.pair.value as Node & { value?: unknown }).value);
    out.set('amiFamily', family?.valueRaw ?? placeholder(`AMI family of the AMI in launch template ${lt}`));
    out.set(
      'amiSelectorTerms',
      amiSelector && isMap(amiSelector.pair.value)
        ? selectorTerms(amiSelector, file.text, 'ami')
        : [new OMap().set('id', placeholder(`AMI id used by launch template ${lt}; move its user data, block devices and security groups here too`))],
    );
  } else if (amiSelector && isMap(amiSelector.pair.value)) {
    out.set('amiFamily', family?.valueRaw ?? familyName);
    out.set('amiSelectorTerms', selectorTerms(amiSelector, file.text, 'ami'));
  } else if (ALIAS_FAMILIES[familyName]) {
    const alias = aliasTerms(familyName, st);
    const note = family ? undefined : ' # AL2, the former default amiFamily (EKS publishes no AL2 AMIs for Kubernetes 1.33+)';
    out.set('amiSelectorTerms', alias, { after: note });
  } else {
    out.set('amiFamily', family?.valueRaw ?? familyName);
    out.set('amiSelectorTerms', [new OMap().set('id', placeholder(`AMI ids for amiFamily ${familyName}: v1 has no alias for it`))]);
  }
  for (const [from, to] of [
    ['subnetSelector', 'subnetSelectorTerms'],
    ['securityGroupSelector', 'securityGroupSelectorTerms'],
  ] as const) {
    const sel = take(from);
    if (sel && isMap(sel.pair.value)) out.set(to, selectorTerms(sel, file.text, to === 'subnetSelectorTerms' ? 'subnet' : 'sg'), { before: sel.before });
    else out.set(to, [new OMap().set('id', placeholder(launchTemplate ? `${to} (from the launch template)` : to))]);
  }
  const metadata = take('metadataOptions');
  const leftovers: string[] = [];
  // An inline provider may name its own type (`apiVersion: extensions.karpenter.sh/v1alpha1`, `kind: AWS`): the EC2NodeClass is that type.
  take('apiVersion');
  take('kind');
  const rests = [...pairs.values()].filter((rest) => {
    if (declares(...NODECLASS, ['spec'], rest.key) && !out.has(rest.key)) return true;
    leftovers.push(...unknownEntry(rest, 'karpenter.k8s.aws/v1 EC2NodeClass', 'spec', run, what));
    return false;
  });
  out.set('metadataOptions', metadataOptionsOut(metadata, file.text, st), { before: leftovers });
  if (kubelet) out.set('kubelet', kubeletOut(kubelet));
  for (const rest of rests) out.add(rest);
  if (userData) out.add(userData);
  return out;
}

/** A Provisioner's inline `spec.provider` that can become an EC2NodeClass named after it (a YAML file, a literal name, no providerRef). */
function inlineProvider(doc: ManifestDoc, spec: YAMLMap): YAMLMap | undefined {
  const provider = spec.get('provider', true);
  if (!isMap(provider) || spec.has('providerRef') || !doc.name || isTemplatedValue(doc.name) || isJsonText(doc.file.text)) return undefined;
  return provider;
}

/** The EC2NodeClass of an inline provider, as a new document right after the Provisioner (checked with the converted ones). */
function inlineNodeClassEdit(doc: ManifestDoc, provider: YAMLMap, kubelet: KubeletSource | undefined, ctx: ConversionContext, run: Run, userData?: RawPair): TextEdit | undefined {
  const text = doc.file.text;
  const st = styleOf(text, doc.range);
  const spec = nodeClassSpec(provider, text, st, `Provisioner ${doc.name} spec.provider`, kubelet, ctx, run, userData);
  const nodeClass = new OMap().set('apiVersion', KARPENTER_APIS.nodeClass).set('kind', 'EC2NodeClass').set('metadata', new OMap().set('name', doc.name!)).set('spec', spec);
  const at = doc.range.end;
  const lead = at === 0 || text[at - 1] === '\n' ? '' : st.eol;
  run.added.push({ file: doc.file, index: doc.index + 1, kind: 'EC2NodeClass', name: doc.name });
  return { uri: doc.file.uri, range: { start: at, end: at }, newText: `${lead}---${st.eol}${blockMapText(nodeClass, 0, st)}${st.eol}` };
}

/** v1alpha1 selector map → v1 selector terms: `aws::ids` split into id terms, other keys into one tags term. */
function selectorTerms(selPair: RawPair, text: string, what: 'subnet' | 'sg' | 'ami'): Out {
  const sel = selPair.pair.value as YAMLMap;
  const flow = !!sel.flow;
  const special = (k: string) => /^aws(::|-)(ids|name|owners)$/.test(k);
  const entries = rawPairs(sel, text);
  const get = (name: string) => {
    const p = entries.get(`aws::${name}`) ?? entries.get(`aws-${name}`);
    const v = p ? (p.pair.value as Node & { value?: unknown }).value : undefined;
    return v === undefined
      ? []
      : String(v)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  };
  const wrap = (terms: OMap[]): Out => (flow ? new FlowSeq(terms.map((t) => ((t.flow = true), t))) : terms);
  const ids = get('ids');
  if (ids.length) return wrap(ids.map((id) => new OMap().set('id', id)));
  const tagKeys = [...entries.keys()].filter((k) => !special(k));
  const base = new OMap();
  if (what === 'ami' && get('name').length) base.set('name', get('name').join(','));
  if (tagKeys.length) {
    const tags =
      tagKeys.length === entries.size
        ? selPair.valueRaw!
        : new OMap(
            tagKeys.map((k) => entries.get(k)!),
            flow,
          );
    base.set('tags', tags);
  }
  const owners = what === 'ami' ? get('owners') : [];
  if (owners.length) return wrap(owners.map((owner) => new OMap([...base.items]).set('owner', owner)));
  return wrap([base]);
}

/** metadataOptions with the former hop limit (2) written out, since v1 defaults it to 1. */
function metadataOptionsOut(existing: RawPair | undefined, text: string, st: RenderStyle): Out {
  if (existing && isMap(existing.pair.value)) {
    const map = existing.pair.value;
    if (map.has('httpPutResponseHopLimit')) return existing.valueRaw!;
    const out = new OMap([], !!map.flow);
    for (const p of rawPairs(map, text).values()) out.add(p);
    return out.set('httpPutResponseHopLimit', 2);
  }
  const out = new OMap([], st.flowLeafMaps);
  for (const [k, v] of FORMER_METADATA_OPTIONS) out.set(k, v);
  return out;
}

/** `amiSelectorTerms` selecting the latest AMI of a family by alias (the behaviour of v1alpha1/v1beta1 amiFamily). */
function aliasTerms(family: string, st: RenderStyle): Out {
  const term = new OMap([], st.flowLeafMaps).set('alias', `${ALIAS_FAMILIES[family]}@latest`);
  return st.flowLeafMaps ? new FlowSeq([term]) : [term];
}

// ---- v1beta1 → v1 ----

function convertNodePoolBeta(doc: ManifestDoc, ctx: ConversionContext, run: Run): TextEdit[] | undefined {
  const file = doc.file;
  const spec = mapAt(doc.root, ['spec']);
  const tspec = mapAt(spec, ['template', 'spec']);
  const template = mapAt(spec, ['template']);
  if (!spec || !template || !tspec) return undefined;
  run.docs.push(doc);
  const what = `NodePool ${doc.name ?? ''}`.trim();
  const st = styleOf(file.text, doc.range);
  const className = nodeClassNameOf(doc);
  const nodeClass = className ? findDoc(ctx, 'EC2NodeClass', KARPENTER_APIS.nodeClassBeta, className) : undefined;
  const kubeletAlong = nodeClass ? kubeletFor(nodeClass, ctx) : undefined;
  const edits: TextEdit[] = [];
  const apiNode = doc.root!.get('apiVersion', true);
  const rename = isScalar(apiNode) ? replaceScalar(file, apiNode, KARPENTER_APIS.nodePool) : undefined;
  if (!rename) return undefined;
  edits.push(rename);

  const disruption = mapAt(spec, ['disruption']);
  const dPairs = disruption ? rawPairs(disruption, file.text) : new Map<string, RawPair>();
  const expire = dPairs.get('expireAfter');
  dPairs.delete('expireAfter');

  // template.spec: nodeClassRef with group and kind, kubelet out, expireAfter in.
  const tPairs = rawPairs(tspec, file.text);
  const tOut = new OMap([], !!tspec.flow);
  // v1beta1 fields v1 dropped (template.spec.resources) stay as comments beside nodeClassRef, named in the notes.
  const unknown = [...tPairs.values()].filter((p) => p.key !== 'kubelet' && !declares(...NODEPOOL, ['spec', 'template', 'spec'], p.key));
  const kubeletNote = [...kubeletPlacement(doc, ctx, !!kubeletAlong, st), ...unknown.flatMap((p) => unknownEntry(p, 'karpenter.sh/v1 NodePool', 'spec.template.spec', run, what))];
  for (const [key, p] of tPairs) {
    if (key === 'kubelet' || unknown.includes(p)) continue;
    if (key === 'nodeClassRef' && isMap(p.pair.value)) {
      const refPairs = rawPairs(p.pair.value, file.text);
      const refApi = stringAt(p.pair.value, ['apiVersion']);
      const ref = new OMap([], !!p.pair.value.flow || st.flowLeafMaps)
        .set('group', refApi ? group(refApi) || 'karpenter.k8s.aws' : 'karpenter.k8s.aws')
        .set('kind', refPairs.get('kind')?.valueRaw ?? 'EC2NodeClass')
        .set('name', refPairs.get('name')?.valueRaw ?? placeholder('name of the EC2NodeClass'), { after: refPairs.get('name')?.after });
      tOut.set('nodeClassRef', ref, { before: [...p.before, ...kubeletNote] });
      continue;
    }
    tOut.add(p);
  }
  if (!tPairs.has('nodeClassRef'))
    tOut.set('nodeClassRef', new OMap([], st.flowLeafMaps).set('group', 'karpenter.k8s.aws').set('kind', 'EC2NodeClass').set('name', placeholder('name of the EC2NodeClass')), { before: kubeletNote });
  if (expire && !tPairs.has('expireAfter')) tOut.set('expireAfter', expire.valueRaw ?? '720h', { before: expire.before, after: expire.after });
  const tEdit = replaceNodeEdit(file, tspec, tOut, st);
  if (!tEdit) return undefined;
  edits.push(tEdit);

  // disruption: WhenUnderutilized (the v1beta1 default) → WhenEmptyOrUnderutilized with consolidateAfter 0s.
  const policy = disruption ? stringAt(disruption, ['consolidationPolicy']) : undefined;
  const dOut = new OMap([], !!disruption?.flow);
  const newPolicy = policy === 'WhenEmpty' ? 'WhenEmpty' : 'WhenEmptyOrUnderutilized';
  const policyPair = dPairs.get('consolidationPolicy');
  dPairs.delete('consolidationPolicy');
  if (policyPair && policy === newPolicy) dOut.add(policyPair);
  else dOut.set('consolidationPolicy', newPolicy);
  const after = dPairs.get('consolidateAfter');
  dPairs.delete('consolidateAfter');
  dOut.add(after ?? { key: 'consolidateAfter', value: '0s' });
  for (const rest of dPairs.values()) dOut.add(rest);
  if (disruption) {
    const dEdit = replaceNodeEdit(file, disruption, dOut, st);
    if (!dEdit) return undefined;
    edits.push(dEdit);
  } else {
    const insert = insertPair(file, spec, 'disruption', dOut, st);
    if (!insert) return undefined;
    edits.push(insert);
  }
  if (nodeClass) {
    const more = convertNodeClassBeta(nodeClass, kubeletAlong, ctx, run);
    if (!more) return undefined;
    edits.push(...more);
  }
  return edits;
}

function convertNodeClassBeta(doc: ManifestDoc, kubelet: KubeletSource | undefined, ctx: ConversionContext, run: Run): TextEdit[] | undefined {
  const file = doc.file;
  const spec = mapAt(doc.root, ['spec']);
  if (!spec) return undefined;
  run.docs.push(doc);
  const leftovers: string[] = [];
  const st = styleOf(file.text, doc.range);
  const pairs = rawPairs(spec, file.text);
  const out = new OMap([], !!spec.flow);
  const family = stringAt(spec, ['amiFamily']);
  const hasTerms = pairs.has('amiSelectorTerms');
  for (const [key, p] of pairs) {
    if (key === 'amiFamily' && !hasTerms && family && ALIAS_FAMILIES[family]) {
      out.set('amiSelectorTerms', aliasTerms(family, st), { before: p.before, after: p.after });
      continue;
    }
    if (key === 'metadataOptions') {
      out.set('metadataOptions', metadataOptionsOut(p, file.text, st));
      continue;
    }
    if (key === 'kubelet') continue;
    if (declares(...NODECLASS, ['spec'], key)) out.add(p);
    else leftovers.push(...unknownEntry(p, 'karpenter.k8s.aws/v1 EC2NodeClass', 'spec', run, `EC2NodeClass ${doc.name ?? ''}`.trim()));
  }
  if (!hasTerms && !(family && ALIAS_FAMILIES[family])) {
    out.set('amiSelectorTerms', [new OMap().set('id', placeholder(family ? `AMI ids for amiFamily ${family}: v1 has no alias for it` : 'AMI selector terms (or alias such as al2023@latest)'))]);
  }
  if (!pairs.has('metadataOptions')) out.set('metadataOptions', metadataOptionsOut(undefined, file.text, st), { before: leftovers });
  else if (leftovers.length) {
    const entry = out.items.find((i) => i.key === 'metadataOptions');
    if (entry && !(entry instanceof RawPair)) entry.before = [...(entry.before ?? []), ...leftovers];
  }
  const existingKubelet = pairs.get('kubelet');
  if (existingKubelet) out.add(existingKubelet);
  else if (kubelet) out.set('kubelet', kubeletOut(kubelet));
  return docEdits(doc, KARPENTER_APIS.nodeClass, undefined, spec, out, st, ctx);
}

// ---- shared ----

/** The controller-wide instance profile of Karpenter ≤ v0.31 (ConfigMap karpenter-global-settings), when in the workspace. */
function defaultInstanceProfile(ctx: ConversionContext): string | undefined {
  for (const d of ctx.workspace.allDocs()) {
    if (d.kind !== 'ConfigMap' || d.name !== 'karpenter-global-settings') continue;
    const value = stringAt(d.root, ['data', 'aws.defaultInstanceProfile']);
    if (value && !isTemplatedValue(value)) return value;
  }
  return undefined;
}

function findDoc(ctx: ConversionContext, kind: string, apiVersion: string, name: string): ManifestDoc | undefined {
  for (const d of ctx.workspace.allDocs()) if (d.kind === kind && d.apiVersion === apiVersion && d.name === name) return d;
  return undefined;
}

/** Edits split down to the lines that differ; undefined when they would drop a Helm directive. */
function splitEdits(edits: TextEdit[], ctx: ConversionContext): TextEdit[] | undefined {
  const textOf = (uri: string) => ctx.workspace.get(uri)?.text ?? '';
  const losesOne = (e: TextEdit) => {
    const file = ctx.workspace.get(e.uri);
    return !!file && losesTemplate(file, e);
  };
  if (edits.some(losesOne)) return undefined;
  return joinTouching(edits.flatMap((e) => lineEdits(textOf(e.uri), e)));
}

/** apiVersion (and kind) renamed, spec replaced. */
function docEdits(doc: ManifestDoc, apiVersion: string, kind: string | undefined, spec: YAMLMap, out: OMap, st: RenderStyle, ctx: ConversionContext): TextEdit[] | undefined {
  const file = doc.file;
  const edits: TextEdit[] = [];
  const apiNode = doc.root!.get('apiVersion', true);
  const rename = isScalar(apiNode) ? replaceScalar(file, apiNode, apiVersion) : undefined;
  if (!rename) return undefined;
  edits.push(rename);
  if (kind) {
    const kindNode = doc.root!.get('kind', true);
    const edit = isScalar(kindNode) ? replaceScalar(file, kindNode, kind) : undefined;
    if (!edit) return undefined;
    edits.push(edit);
  }
  const specEdit = replaceNodeEdit(file, spec, out, st);
  if (!specEdit) return undefined;
  edits.push(specEdit);
  return splitEdits(edits, ctx);
}
