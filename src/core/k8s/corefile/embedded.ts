// Corefiles inside ConfigMaps (the `Corefile` key, AKS/k3s `coredns-custom` keys), with their offsets mapped
// back to the YAML file so rules can report ranges and fix them in place.
import { isMap, isScalar } from 'yaml';
import { sourceMapOf, type EmbeddedText } from '../../manifest/embeddedText';
import { hasTemplateConstruct, keyRange, stringAt, type ManifestDoc } from '../../manifest/model';
import { parseCorefile, parseDirectiveList, serverKeys, type Directive } from './parse';

// The offset mapping is shared with other embedded texts (manifest/embeddedText.ts); Corefile rules import it from here.
export { embeddedEditToSource, embeddedRange } from '../../manifest/embeddedText';

export interface EmbeddedCorefile extends EmbeddedText {
  /** The ConfigMap data key, e.g. `Corefile`, `nodes.override`. */
  key: string;
  /** `corefile` holds server blocks; `directives` is an AKS `*.override` list for the default server block. */
  shape: 'corefile' | 'directives';
}

/**
 * The Corefiles of a ConfigMap: a `Corefile` key (kubeadm, EKS, k3s…), and in `coredns-custom`
 * (AKS, k3s) `*.server` keys (server blocks) and `*.override` keys (directives). Values that hold
 * template directives are skipped; k3s `NodeHosts` is a hosts file, not a Corefile.
 */
export function embeddedCorefiles(doc: ManifestDoc): EmbeddedCorefile[] {
  if (doc.kind !== 'ConfigMap' || !doc.root) return [];
  const data = doc.root.get('data', true);
  if (!isMap(data)) return [];
  const custom = stringAt(doc.root, ['metadata', 'name']) === 'coredns-custom';
  const out: EmbeddedCorefile[] = [];
  for (const pair of data.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const value = pair.value;
    if (!key || !isScalar(value) || typeof value.value !== 'string' || !value.range) continue;
    const shape = key === 'Corefile' || (custom && key.endsWith('.server')) ? 'corefile' : custom && key.endsWith('.override') ? 'directives' : undefined;
    if (!shape) continue;
    const source = doc.file.text.slice(value.range[0], value.range[1]);
    if (hasTemplateConstruct(doc.file, source)) continue;
    out.push({ key, shape, text: value.value, keyRange: keyRange(data, key), ...sourceMapOf(doc.file.text, value) });
  }
  return out;
}

export interface EmbeddedDirective {
  directive: Directive;
  /** Zones the directive's server block serves (the default block `.` for `*.override` lists). */
  zones: string[];
  /** The directives around it, for indentation. */
  siblings: Directive[];
  baseIndent: string;
}

/** Server-block-level directives named `name` in an embedded Corefile; undefined when it does not parse. */
export function embeddedDirectives(e: EmbeddedCorefile, name: string): EmbeddedDirective[] | undefined {
  if (e.shape === 'directives') {
    const r = parseDirectiveList(e.text);
    if (!r.ok) return undefined;
    return r.value.filter((d) => d.name.text === name).map((directive) => ({ directive, zones: ['.'], siblings: r.value, baseIndent: '' }));
  }
  const r = parseCorefile(e.text);
  if (!r.ok) return undefined;
  return r.value.serverBlocks.flatMap((sb) =>
    sb.block.directives.filter((d) => d.name.text === name).map((directive) => ({ directive, zones: serverKeys(sb).map((k) => k.zone), siblings: sb.block.directives, baseIndent: sb.indent })),
  );
}
