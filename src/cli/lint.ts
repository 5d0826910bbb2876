// `kube-scaling-doctor lint`: analyzes files and directories as one workspace; text, JSON or SARIF output; --fix.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import pkg from '../../package.json';
import { analyzeFile } from '../core/lint/analyzer';
import { fixAllSafe, fixLeftForPerson } from '../core/lint/fixAll';
import { ruleInfos } from '../core/lint/catalog';
import { countOfFiles, leftForPersonText, locate, toJson, toText, type Located } from './output/format';
import { printableLine } from '../core/text/terminal';
import { LineIndex } from '../core/text/positions';
import { toSarif } from './output/sarif';
import { withDefaults, type Settings } from '../core/lint/settings';
import { parseMinor } from '../core/k8s/versions';
import { Workspace } from '../core/manifest/workspace';
import { byteSizeOption, formatBytes, formatOption, parseCommandArgs, UsageError, type Command } from './command';
import { DEFAULT_MAX_FILE_SIZE, readInputs, STDIN, STDIN_NAME, type InputFile } from './inputs';
import { loadCliBundle } from './codeCache';
import type * as ClusterCommands from './clusterCommands';
import { msg, t, textOf, type Message } from '../core/l10n';
import { keepLineEndings, NotUtf8Error, snapshotForFix, writeFileAtomically, WriteRefusedError, type FileSnapshot } from './fileWrite';
import { problemText } from '../core/cluster/problemText';

const FORMATS = ['text', 'json', 'sarif'] as const;
/** `--kube-version auto`: read the version from the current context's API server. */
const AUTO = 'auto';
const BOM = '\ufeff';

/** The options column: each description starts at this column, continuation lines too (translations keep it). */
const OPTION_WIDTH = 29;
const option = (flag: string, description: string) => `  ${flag.padEnd(OPTION_WIDTH - 2)}${description}`;

/** `lint --help` in the current language (rendered when asked: the language is chosen at start). */
function usage(): string {
  const defaults = withDefaults({});
  return [
    t('Usage: {usage}', { usage: 'kube-scaling-doctor lint <files|dirs|-…> [options]' }),
    '',
    t(
      'Checks Kubernetes manifests for autoscaling problems. Directories are searched for *.yaml and *.yml\n(node_modules and .git are skipped); all files form one workspace, so an HPA and its Deployment may\nlive in different files. `-` reads standard input (e.g. `helm template . | kube-scaling-doctor lint -`).',
    ),
    '',
    t('Options:'),
    option('--format text|json|sarif', t('output format (default: text)')),
    option(
      '--kube-version <x.y>|auto',
      t("target Kubernetes version (default: {version}); auto: the version\n                             of the current kubeconfig context's API server (KUBECONFIG is honoured)", {
        version: defaults.kubernetesVersion,
      }),
    ),
    option('--karpenter-version <x.y>', t('target Karpenter version (default: {version})', { version: defaults.karpenterVersion })),
    option('--keda-version <x.y>', t('target KEDA version (default: {version})', { version: defaults.kedaVersion })),
    option(
      '--fix',
      t('apply the fixes that invent nothing in place, then report what remains and\n                             which quick fixes (guessed values, changes to review) are left for a person'),
    ),
    option('--max-file-size <size>', t('refuse larger files and standard input (default: {size})', { size: formatBytes(DEFAULT_MAX_FILE_SIZE).replace(' ', '') })),
    option('--lang en|zh-cn|ja', t('language of text output (default: from LC_ALL, LC_MESSAGES, LANG)')),
    '',
    t(
      'Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage error, --kube-version auto without an\nanswering API server, a path that could not be read (the others are still linted) or a file --fix could not write, 3 internal error. Devices and pipes other\nthan `-` are refused.',
    ),
  ].join('\n');
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
      'max-file-size': { type: 'string' },
    },
  });
  const { values, positionals } = parsed;
  const format = formatOption(values.format, FORMATS);
  const maxBytes = values['max-file-size'] === undefined ? DEFAULT_MAX_FILE_SIZE : byteSizeOption('max-file-size', values['max-file-size']);
  const autoKube = values['kube-version'] === AUTO;
  for (const flag of ['kube-version', 'karpenter-version', 'keda-version'] as const) {
    const v = values[flag];
    if (v !== undefined && !parseMinor(v) && !(flag === 'kube-version' && autoKube))
      throw new UsageError(
        flag === 'kube-version' ? msg('--{flag} must look like 1.30 or auto, not "{value}"', { flag, value: v }) : msg('--{flag} must look like 1.30, not "{value}"', { flag, value: v }),
      );
  }
  if (positionals.length === 0) throw new UsageError(msg('no files or directories given'));
  if (values.fix && positionals.includes(STDIN)) throw new UsageError(msg('--fix cannot rewrite standard input'));
  const settings: Settings = withDefaults({
    kubernetesVersion: autoKube ? undefined : values['kube-version'],
    karpenterVersion: values['karpenter-version'],
    kedaVersion: values['keda-version'],
  });
  return { format, fix: values.fix === true, paths: positionals, settings, maxBytes, autoKube };
}

/**
 * `--kube-version auto`: the minor of the current context's API server, and the line saying so; or why not (no
 * kubeconfig, the server down or refusing us), in words that name no credential. Cluster text is escaped for the terminal.
 */
async function clusterKubernetesVersion(): Promise<{ ok: true; minor: string; line: string } | { ok: false; message: string }> {
  // A run-time load of dist/cli-cluster.js (scripts/build.mjs LAZY): plain `lint` never loads the Kubernetes client.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const read = await loadCliBundle('cli-cluster.js', () => require('./clusterCommands') as typeof ClusterCommands).serverVersionOfContext();
  if (!read.ok) return { ok: false, message: printableLine(problemText(read.problem)) };
  const minor = parseMinor(read.gitVersion);
  if (!minor)
    return {
      ok: false,
      message: printableLine(t('the API server of context {context} reports version "{version}", which is not a Kubernetes version', { context: read.context, version: read.gitVersion })),
    };
  const target = `${minor[0]}.${minor[1]}`;
  return {
    ok: true,
    minor: target,
    line: printableLine(t('Linting for Kubernetes {version} (from context {context}: API server {gitVersion}).', { version: target, context: read.context, gitVersion: read.gitVersion })),
  };
}

function sarifArtifact(absolute: string): { uri: string; uriBaseId?: string } {
  const rel = relative(process.cwd(), absolute);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(absolute).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

const homepage = (pkg as { homepage?: string }).homepage;

export const lintCommand: Command = {
  name: 'lint',
  get usage() {
    return usage();
  },
  async run(args) {
    const opts = parseOptions(args);
    // Machine-readable formats keep stdout for the report; progress goes to stderr.
    const note = (line: string) => (opts.format === 'text' ? process.stdout : process.stderr).write(line + '\n');
    if (opts.autoKube) {
      const found = await clusterKubernetesVersion();
      if (!found.ok) {
        process.stderr.write(`kube-scaling-doctor lint: --kube-version auto: ${found.message}\n`);
        return 2;
      }
      opts.settings.kubernetesVersion = found.minor;
      note(found.line);
    }
    // A path that cannot be read is reported and fails the run (exit 2), but never hides the findings of the others.
    const { files, unreadable } = await readInputs(opts.paths, { maxBytes: opts.maxBytes });
    for (const u of unreadable) process.stderr.write(`kube-scaling-doctor lint: ${t('cannot read {path}: {reason}', { path: u.display, reason: u.reason })}\n`);
    const inputs = files.map((f) => f.input);
    const workspace = new Workspace();
    const withBom = new Set<string>();
    for (const { input, text: read } of files) {
      let text = read;
      // Editors hide a byte-order mark; so do we, so columns on line 1 match theirs. --fix writes it back.
      if (text.startsWith(BOM)) {
        text = text.slice(1);
        withBom.add(input.uri);
      }
      workspace.set(input.uri, text);
    }
    let unwritten = false;
    if (opts.fix) unwritten = !applyFixes(workspace, inputs, withBom, opts.settings, note);

    const located: Located[] = [];
    for (const input of inputs) {
      const file = workspace.get(input.uri)!;
      const index = new LineIndex(file.text);
      for (const f of analyzeFile(workspace, input.uri, opts.settings)) {
        const x = locate(f, input.display, index);
        // Only --fix reads fixes: a report alone never renders them.
        if (opts.fix) x.left = fixLeftForPerson(f);
        located.push(x);
      }
    }
    if (opts.fix && opts.format === 'text') for (const line of leftForPersonText(located)) note(line);

    if (opts.format === 'json')
      process.stdout.write(
        toJson(
          located,
          unreadable.map((u) => ({ file: u.display, message: textOf(u.reason, 'en') })),
        ),
      );
    else if (opts.format === 'sarif') {
      const absoluteOf = new Map(inputs.map((i) => [i.display, i.absolute]));
      const sarif = toSarif(located, ruleInfos(), {
        toolVersion: pkg.version,
        informationUri: homepage,
        helpUri: homepage?.startsWith('https://github.com/') ? (id) => `${homepage.replace(/#.*$/, '').replace(/\/$/, '')}/blob/main/docs/rules/${id}.md` : undefined,
        artifact: (x) => (x.file === STDIN_NAME ? { uri: 'stdin' } : sarifArtifact(absoluteOf.get(x.file) ?? resolve(x.file))),
        unreadable: unreadable.map((u) => ({ message: `cannot read ${u.display}: ${textOf(u.reason, 'en')}`, artifact: u.absolute === STDIN ? { uri: 'stdin' } : sarifArtifact(u.absolute) })),
      });
      process.stdout.write(JSON.stringify(sarif, null, 2) + '\n');
    } else {
      const color = !!process.stdout.isTTY && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
      if (inputs.length === 0 && unreadable.length === 0) note(t('No YAML files found.'));
      // With paths unread, "No problems found." would read as a pass: say what was not checked instead.
      if (unreadable.length === 0 || located.length > 0) process.stdout.write(toText(located, { color }));
      if (unreadable.length > 0) process.stdout.write(textOf(unreadableSummary(unreadable.length, inputs.length, located.length > 0)) + '\n');
    }
    // A path not read, or a file --fix meant to change but could not write, must not pass CI.
    if (unreadable.length > 0 || unwritten) return 2;
    return located.some((x) => x.finding.severity === 'error') ? 1 : 0;
  },
};

/** Why --fix left a file as it was: the refusal's words, or (a bug) the error's own message. */
function whyNotWritten(err: unknown): string | Message {
  return err instanceof WriteRefusedError ? err.why : ((err as Error)?.message ?? String(err));
}

/** What a run with unreadable paths says instead of "No problems found.", which would read as a pass. */
function unreadableSummary(unreadableCount: number, readCount: number, anyFindings: boolean): Message {
  const paths = unreadableCount === 1 ? msg('1 path') : msg('{count} paths', { count: unreadableCount });
  if (anyFindings) return msg('{paths} could not be read.', { paths });
  if (readCount === 0) return msg('{paths} could not be read; nothing was checked.', { paths });
  if (readCount === 1) return msg('{paths} could not be read; the other file had no problems.', { paths });
  return msg('{paths} could not be read; the other {count} files had no problems.', { paths, count: readCount });
}

/**
 * `--fix`: applies the safe fixes and writes each changed file atomically, only when it is still as it was read
 * and valid UTF-8. A file left as it was gets a line saying why, and the workspace keeps its text, so the
 * report describes the files on disk. Returns false when a file could not be written, or changed on disk
 * (or could not be read again) before it could be fixed.
 */
export function applyFixes(workspace: Workspace, inputs: InputFile[], withBom: Set<string>, settings: Settings, note: (line: string) => void): boolean {
  const byUri = new Map(inputs.map((i) => [i.uri, i]));
  const displayOf = (uri: string) => byUri.get(uri)?.display ?? uri;
  const bomOf = (uri: string) => (withBom.has(uri) ? BOM : '');
  const snapshots = new Map<string, FileSnapshot>();
  const frozen = new Set<string>();
  // A file that changed (or went away) between reading and this snapshot is a write not done, like one that
  // changes later: the run exits 2. A file that is not UTF-8 is left alone by design.
  let allWritten = true;
  for (const input of inputs) {
    const file = workspace.get(input.uri);
    if (input.absolute === STDIN || !file) continue;
    try {
      snapshots.set(input.uri, snapshotForFix(input.absolute, bomOf(input.uri) + file.text));
    } catch (err) {
      frozen.add(input.uri);
      if (!(err instanceof NotUtf8Error)) allWritten = false;
      note(t('not fixing {file}: {reason}', { file: input.display, reason: whyNotWritten(err) }));
    }
  }
  const originals = new Map(inputs.map((i) => [i.uri, workspace.get(i.uri)?.text]));
  const result = fixAllSafe(
    workspace,
    inputs.map((i) => i.uri),
    settings,
    { frozen },
  );
  for (const r of result.refused) note(t('not fixing {file}: {reason}', { file: displayOf(r.uri), reason: r.l10n }));
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
      note(t('not fixed {file}: {reason}', { file: displayOf(uri), reason: whyNotWritten(err) }));
      workspace.set(uri, original);
    }
  }
  const applied = result.applied.filter((a) => a.changed.every((u) => written.has(u)));
  for (const a of applied) {
    note(t('fixed {files}: {fix} ({rule})', { files: a.changed.map(displayOf).join(', '), fix: a.title, rule: a.rule }));
    for (const n of a.notes ?? []) note(`  ${t('left for a person: {note}', { note: printableLine(n) })}`);
  }
  if (applied.length) {
    const fixes = applied.length === 1 ? msg('1 fix') : msg('{count} fixes', { count: applied.length });
    note(t('Applied {fixes} in {files}.', { fixes, files: countOfFiles(written.size) }));
  }
  return allWritten;
}
