// The findings of each file per version, kept per document: after an edit only the documents whose text changed,
// and those whose reads of the workspace index now answer differently, run the rules again; the others' findings
// are reused, moved with their document. Equal to analyzeFile by construction (see docAnalysis), and held to
// it by test/unit/incremental-analysis.test.ts.
import { docFindings, orderFindings, withRange, yamlFindings } from '../core/lint/analyzer';
import type { Settings } from '../core/lint/settings';
import type { Finding } from '../core/lint/types';
import type { ManifestDoc, SourceFile } from '../core/manifest/model';
import type { Workspace } from '../core/manifest/workspace';

/** One answer the rules got from the workspace, and how to ask again. */
interface Read {
  answer: string;
  askAgain: () => string;
}

/** A document's findings as computed: where the document started then, and what its rules read elsewhere. */
interface DocRecord {
  settings: Settings;
  uri: string;
  start: number;
  /**
   * The file's text from this document's start to where the next document's contents start: a rule may read all of
   * it (karpenter-placeholder does, including the next document's leading comments) without that read being recorded,
   * so the text itself is compared, not only its length.
   */
  following: string;
  findings: Finding[];
  reads: Read[];
}

export interface FileAnalysis {
  file: SourceFile;
  settings: Settings;
  /** The workspace's contents it was computed from: a token that changes whenever any file does. */
  generation: object;
  /** The findings in the order analyzeFile gives them. Fix edits of reused findings may be out of date: see fresh(). */
  findings: Finding[];
  /** Each analyzed document with its findings (ranges as the rules gave them). */
  byDoc: { doc: ManifestDoc; findings: Finding[] }[];
}

const ids = new WeakMap<object, number>();
let nextId = 1;
function idOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
}

/**
 * What a rule can learn from a document it found through the index: its content (one parsed object per text),
 * its file and whether that file is a Helm template. Not its position: findings never depend on where another
 * document is (their fixes may, which is why fixes are computed afresh when applied).
 */
function docKey(d: ManifestDoc): string {
  return `${d.file.uri}#${idOf(d.root ?? d.doc)}${d.file.templated ? 't' : ''}`;
}

function answerOf(value: unknown): string {
  if (Array.isArray(value)) return value.map((d) => (d && typeof d === 'object' && 'root' in d ? docKey(d as ManifestDoc) : `?${idOf(d as object)}`)).join(',');
  if (value === undefined) return '-';
  return value && typeof value === 'object' ? `#${idOf(value)}` : JSON.stringify(value);
}

/** Every file as it is now: the answer of any read the recording workspace cannot follow more closely. */
function everything(ws: Workspace): string {
  return ws.memo('server.analysis.everything', () =>
    ws
      .allFiles()
      .map((f) => `${f.uri}@${idOf(f)}`)
      .join('\n'),
  );
}

/**
 * An index keyed by documents is rebuilt with the current ManifestDoc objects after an edit, while reparseFile keeps
 * only the parsed root of an unchanged document: asking again with an older ManifestDoc means asking with the
 * current document of the same root.
 */
function currentDoc(ws: Workspace, key: unknown): unknown {
  if (!key || typeof key !== 'object' || !('root' in key)) return key;
  const byRoot = ws.memo('server.analysis.docsByRoot', () => {
    const m = new Map<unknown, ManifestDoc>();
    for (const d of ws.allDocs()) if (d.root) m.set(d.root, d);
    return m;
  });
  return byRoot.get((key as ManifestDoc).root) ?? key;
}

/**
 * The workspace as a rule sees it, noting each read: the index lookups by their key, `get` by the file's version,
 * a memo's index (an object of Maps) by the keys looked up in it, a memo cache (a Map) as a cache of its own, and
 * anything else as a read of every file.
 */
function recordingWorkspace(ws: Workspace, reads: Read[]): Workspace {
  let computing = 0;
  const note = (askAgain: () => string, answer = askAgain()) => {
    if (computing === 0) reads.push({ answer, askAgain });
  };
  const lookup =
    <A extends unknown[]>(fn: (...args: A) => unknown) =>
    (...args: A) => {
      const value = fn(...args);
      note(() => answerOf(fn(...args)), answerOf(value));
      return value;
    };
  const trackedMemo = <T>(key: string, compute: () => T): T => {
    const quietly = () => {
      computing++;
      try {
        return compute();
      } finally {
        computing--;
      }
    };
    const value = ws.memo(key, quietly);
    // A Map memo is a cache a rule fills as it asks (resolveTarget, request gaps): a hit would hide the reads of
    // the run that filled it, so each recording fills a cache of its own and its reads are noted.
    // Kept per workspace state (a memo of the real workspace), so a later state never sees this one's entries.
    if (value instanceof Map) {
      const byRecording = ws.memo('server.analysis.ownCaches', () => new WeakMap<Read[], Map<string, Map<unknown, unknown>>>());
      let caches = byRecording.get(reads);
      if (!caches) byRecording.set(reads, (caches = new Map()));
      let own = caches.get(key);
      if (!own) caches.set(key, (own = new Map()));
      return own as T;
    }
    if (!value || typeof value !== 'object' || Object.keys(value).length === 0 || !Object.values(value).every((v) => v instanceof Map)) {
      note(() => everything(ws));
      return value;
    }
    const tracked: Record<string, Map<unknown, unknown>> = {};
    for (const [prop, map] of Object.entries(value as Record<string, Map<unknown, unknown>>)) {
      tracked[prop] = new Proxy(map, {
        get(target, p) {
          if (p === 'get') {
            return (k: unknown) => {
              const found = target.get(k);
              note(() => answerOf((ws.memo(key, quietly) as Record<string, Map<unknown, unknown>>)[prop].get(currentDoc(ws, k))), answerOf(found));
              return found;
            };
          }
          note(() => everything(ws));
          const v = Reflect.get(target, p, target) as unknown;
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
    }
    return tracked as T;
  };
  return new Proxy(ws, {
    get(target, p) {
      switch (p) {
        case 'findWorkloads':
          return lookup((ns: string, kind: string, name: string) => target.findWorkloads(ns, kind, name));
        case 'autoscalersOf':
          return lookup((ns: string, kind: string, name: string) => target.autoscalersOf(ns, kind, name));
        case 'limitRangesIn':
          return lookup((ns: string) => target.limitRangesIn(ns));
        case 'get':
          return lookup((uri: string) => target.get(uri));
        case 'memo':
          return trackedMemo;
        default: {
          note(() => everything(target));
          const v = Reflect.get(target, p, target) as unknown;
          return typeof v === 'function' ? v.bind(target) : v;
        }
      }
    },
  });
}

function moved(f: Finding, delta: number): Finding {
  return delta === 0 ? f : withRange(f, { start: f.range.start + delta, end: f.range.end + delta });
}

export class IncrementalAnalysis {
  private readonly files = new Map<string, FileAnalysis>();
  /** By the document's root node, which reparseFile keeps for a document whose text is unchanged. */
  private readonly records = new WeakMap<object, DocRecord>();
  /** Documents analyzed (rules run) and reused since the start, for logs and the benchmark. */
  readonly counts = { analyzed: 0, reused: 0 };

  constructor(private readonly workspace: Workspace) {}

  /** The analysis of the file's current version under `settings`; the same object until the workspace or settings change. */
  of(uri: string, settings: Settings): FileAnalysis | undefined {
    const file = this.workspace.get(uri);
    if (!file) {
      this.files.delete(uri);
      return undefined;
    }
    const generation = this.workspace.memo('server.analysis.generation', () => ({}));
    const last = this.files.get(uri);
    if (last && last.file === file && last.settings === settings && last.generation === generation) return last;
    const byDoc = file.docs.filter((doc) => doc.root && doc.kind).map((doc) => ({ doc, findings: this.docAnalysis(file, doc, settings) }));
    const analysis: FileAnalysis = { file, settings, generation, byDoc, findings: orderFindings(file, [...yamlFindings(file), ...byDoc.flatMap((d) => d.findings)]) };
    this.files.set(uri, analysis);
    return analysis;
  }

  /**
   * A document's findings: reused (moved by as much as the document moved) when the document's text is the same
   * parsed object, nothing the rules read can differ (the settings, the file's templating, the text up to the next
   * document, and every answer from the workspace), and otherwise the rules run again. Helm templates always run
   * again: rules there read the text around a document's nodes.
   */
  private docAnalysis(file: SourceFile, doc: ManifestDoc, settings: Settings): Finding[] {
    const key = doc.root!;
    const following = file.text.slice(doc.range.start, file.docs[doc.index + 1]?.range.start ?? file.text.length);
    const record = this.records.get(key);
    if (record && !file.templated && record.settings === settings && record.uri === file.uri && record.following === following && record.reads.every((r) => r.askAgain() === r.answer)) {
      this.counts.reused++;
      const delta = doc.range.start - record.start;
      if (delta !== 0) {
        record.findings = record.findings.map((f) => moved(f, delta));
        record.start = doc.range.start;
      }
      return record.findings;
    }
    this.counts.analyzed++;
    const reads: Read[] = [];
    const findings = docFindings(doc, { workspace: recordingWorkspace(this.workspace, reads), settings });
    // Lazy fixes are computed now, while the document is the one they were found in: a reused finding may be read
    // after reparseFile has moved its nodes into a newer text (lenses and fix-all read titles; quick fixes use fresh()).
    for (const f of findings) void f.fixes;
    this.records.set(key, { settings, uri: file.uri, start: doc.range.start, following, findings, reads });
    return findings;
  }

  /**
   * Findings with fixes computed now (their edits exact for the current text) for the documents that have a finding
   * `wanted` in the last analysis; the findings of those documents that are `wanted`, in analyzeFile's order.
   */
  fresh(uri: string, settings: Settings, wanted: (f: Finding) => boolean): Finding[] {
    const analysis = this.of(uri, settings);
    if (!analysis) return [];
    const { file } = analysis;
    const docs = analysis.byDoc.filter((d) => orderFindings(file, d.findings).some(wanted));
    const findings = docs.flatMap((d) => docFindings(d.doc, { workspace: this.workspace, settings }));
    return orderFindings(file, [...yamlFindings(file), ...findings]).filter(wanted);
  }
}
