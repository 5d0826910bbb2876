// `kube-scaling-doctor lint`: analyzes files and directories as one workspace; text, JSON or SARIF output; --fix.
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import pkg from '../../package.json';
import { analyzeFile } from '../core/lint/analyzer';
import { findYamlFilesSync } from '../core/manifest/files';
import { fixAllSafe } from '../core/lint/fixAll';
import { ruleInfos } from '../core/lint/catalog';
import { locate, toJson, toText, type Located } from './output/format';
import { plural } from '../core/text/plural';
import { LineIndex } from '../core/text/positions';
import { toSarif } from './output/sarif';
import { parseMinor, withDefaults, type Settings } from '../core/lint/settings';
import { Workspace } from '../core/manifest/workspace';
import { formatOption, parseCommandArgs, UsageError, type Command } from './command';
import { keepLineEndings, snapshotForFix, writeFileAtomically, type FileSnapshot } from './fileWrite';

const FORMATS = ['text', 'json', 'sarif'] as const;
const BOM = '\ufeff';
/** `-` reads a manifest stream from standard input, e.g. `helm template . | kube-scaling-doctor lint -`. */
const STDIN = '-';
const STDIN_NAME = '<stdin>';
const STDIN_URI = 'untitled:stdin';

const usage = `Usage: kube-scaling-doctor lint <files|dirs|-…> [options]

Checks Kubernetes manifests for autoscaling problems. Directories are searched for *.yaml and *.yml
(node_modules and .git are skipped); all files form one workspace, so an HPA and its Deployment may
live in different files. \`-\` reads standard input (e.g. \`helm template . | kube-scaling-doctor lint -\`).

Options:
  --format text|json|sarif   output format (default: text)
  --kube-version <x.y>       target Kubernetes version (default: ${withDefaults({}).kubernetesVersion})
  --karpenter-version <x.y>  target Karpenter version (default: ${withDefaults({}).karpenterVersion})
  --keda-version <x.y>       target KEDA version (default: ${withDefaults({}).kedaVersion})
  --fix                      apply safe fixes in place, then report what remains

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage error, unreadable path, or a file --fix could not write.`;

interface InputFile {
  /** The path as shown to the user: as given, or joined below a given directory. */
  display: string;
  absolute: string;
  uri: string;
}

/** Every YAML file the arguments name; throws UsageError for paths that cannot be read. */
export function collectInputs(paths: readonly string[]): InputFile[] {
  const seen = new Set<string>();
  const out: InputFile[] = [];
  const add = (display: string) => {
    const absolute = resolve(display);
    if (seen.has(absolute)) return;
    seen.add(absolute);
    out.push({ display, absolute, uri: pathToFileURL(absolute).href });
  };
  for (const p of paths) {
    if (p === STDIN) {
      if (!seen.has(STDIN)) out.push({ display: STDIN_NAME, absolute: STDIN, uri: STDIN_URI });
      seen.add(STDIN);
      continue;
    }
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      throw new UsageError(`cannot read ${p}: ${describeFsError(err)}`, false);
    }
    if (st.isDirectory()) findYamlFilesSync(p).forEach(add);
    else add(p);
  }
  return out;
}

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : ((err as Error)?.message ?? String(err));
}

function parseOptions(args: string[]) {
  const parsed = parseCommandArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'text' },
      'kube-version': { type: 'string' },
      'karpenter-version': { type: 'string' },
      'keda-version': { type: 'string' },
      fix: { type: 'boolean', default: false },
    },
  });
  const { values, positionals } = parsed;
  const format = formatOption(values.format, FORMATS);
  for (const flag of ['kube-version', 'karpenter-version', 'keda-version'] as const) {
    const v = values[flag];
    if (v !== undefined && !parseMinor(v)) throw new UsageError(`--${flag} must look like 1.30, not "${v}"`);
  }
  if (positionals.length === 0) throw new UsageError('no files or directories given');
  if (values.fix && positionals.includes(STDIN)) throw new UsageError('--fix cannot rewrite standard input');
  const settings: Settings = withDefaults({
    kubernetesVersion: values['kube-version'],
    karpenterVersion: values['karpenter-version'],
    kedaVersion: values['keda-version'],
  });
  return { format, fix: values.fix === true, paths: positionals, settings };
}

function sarifArtifact(absolute: string): { uri: string; uriBaseId?: string } {
  const rel = relative(process.cwd(), absolute);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(absolute).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

const homepage = (pkg as { homepage?: string }).homepage;

export const lintCommand: Command = {
  name: 'lint',
  summary: 'Check manifests: lint <files|dirs…> [--format text|json|sarif] [--fix]',
  usage,
  async run(args) {
    const opts = parseOptions(args);
    const inputs = collectInputs(opts.paths);
    const workspace = new Workspace();
    const withBom = new Set<string>();
    for (const input of inputs) {
      let text: string;
      try {
        text = readFileSync(input.absolute === STDIN ? 0 : input.absolute, 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read ${input.display}: ${describeFsError(err)}`, false);
      }
      // Editors hide a byte-order mark; so do we, so columns on line 1 match theirs. --fix writes it back.
      if (text.startsWith(BOM)) {
        text = text.slice(1);
        withBom.add(input.uri);
      }
      workspace.set(input.uri, text);
    }
    // Machine-readable formats keep stdout for the report; progress goes to stderr.
    const note = (line: string) => (opts.format === 'text' ? process.stdout : process.stderr).write(line + '\n');

    let unwritten = false;
    if (opts.fix) unwritten = !applyFixes(workspace, inputs, withBom, opts.settings, note);

    const located: Located[] = [];
    for (const input of inputs) {
      const file = workspace.get(input.uri)!;
      const index = new LineIndex(file.text);
      for (const f of analyzeFile(workspace, input.uri, opts.settings)) located.push(locate(f, input.display, index));
    }

    if (opts.format === 'json') process.stdout.write(toJson(located));
    else if (opts.format === 'sarif') {
      const absoluteOf = new Map(inputs.map((i) => [i.display, i.absolute]));
      const sarif = toSarif(located, ruleInfos(), {
        toolVersion: pkg.version,
        informationUri: homepage,
        helpUri: homepage?.startsWith('https://github.com/') ? (id) => `${homepage.replace(/#.*$/, '').replace(/\/$/, '')}/blob/main/docs/rules/${id}.md` : undefined,
        artifact: (x) => (x.file === STDIN_NAME ? { uri: 'stdin' } : sarifArtifact(absoluteOf.get(x.file) ?? resolve(x.file))),
      });
      process.stdout.write(JSON.stringify(sarif, null, 2) + '\n');
    } else {
      const color = !!process.stdout.isTTY && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
      if (inputs.length === 0) note('No YAML files found.');
      process.stdout.write(toText(located, { color }));
    }
    // A file --fix meant to change but could not write is reported like an unreadable path.
    if (unwritten) return 2;
    return located.some((x) => x.finding.severity === 'error') ? 1 : 0;
  },
};

/**
 * `--fix`: applies the safe fixes and writes each changed file atomically, only when it is still as it was read
 * and valid UTF-8. A file left as it was gets a line saying why, and the workspace keeps its text, so the
 * report describes the files on disk. Returns false when a file could not be written.
 */
function applyFixes(workspace: Workspace, inputs: InputFile[], withBom: Set<string>, settings: Settings, note: (line: string) => void): boolean {
  const byUri = new Map(inputs.map((i) => [i.uri, i]));
  const displayOf = (uri: string) => byUri.get(uri)?.display ?? uri;
  const bomOf = (uri: string) => (withBom.has(uri) ? BOM : '');
  const snapshots = new Map<string, FileSnapshot>();
  const frozen = new Set<string>();
  for (const input of inputs) {
    const file = workspace.get(input.uri);
    if (input.absolute === STDIN || !file) continue;
    try {
      snapshots.set(input.uri, snapshotForFix(input.absolute, bomOf(input.uri) + file.text));
    } catch (err) {
      frozen.add(input.uri);
      note(`not fixing ${input.display}: ${(err as Error).message}`);
    }
  }
  const originals = new Map(inputs.map((i) => [i.uri, workspace.get(i.uri)?.text]));
  const result = fixAllSafe(
    workspace,
    inputs.map((i) => i.uri),
    settings,
    { frozen },
  );
  for (const r of result.refused) note(`not fixing ${displayOf(r.uri)}: ${r.reason}`);
  let allWritten = true;
  const written = new Set<string>();
  for (const [uri, text] of result.texts) {
    const snapshot = snapshots.get(uri);
    const original = originals.get(uri);
    if (!snapshot || original === undefined) continue;
    try {
      writeFileAtomically(snapshot, bomOf(uri) + keepLineEndings(original, text));
      written.add(uri);
    } catch (err) {
      allWritten = false;
      note(`not fixed ${displayOf(uri)}: ${(err as Error).message}`);
      workspace.set(uri, original);
    }
  }
  const applied = result.applied.filter((a) => a.changed.every((u) => written.has(u)));
  for (const a of applied) note(`fixed ${a.changed.map(displayOf).join(', ')}: ${a.title} (${a.rule})`);
  if (applied.length) note(`Applied ${plural(applied.length, 'fix')} in ${plural(written.size, 'file')}.`);
  return allWritten;
}
