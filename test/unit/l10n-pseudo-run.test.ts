// The pseudo-locale run (issue 19's done-when): the product in `qps-ploc` (every word of a template accented and
// lengthened, src/core/l10n/message.ts) shows no English of ours left untranslated, in
//  (a) the CLI's text output: `lint` over examples/ and every fixture tree (findings, summaries, `--fix` reports),
//      `doctor`'s text over every state the diagnosis tests record (test/unit/doctor/fixtures.ts), `--help`, and the
//      messages for bad options and paths — through the built CLI (dist/cli.js), as a user runs it;
//  (b) the language server: a real LSP session (dist/cli.js lsp --stdio, test/lsp/session.ts) over examples/ with the
//      client's locale `qps-ploc`: diagnostics, quick-fix titles, CodeLens, hover and completion details;
//  (c) the extension's text without VS Code: extension-pseudo-locale.test.ts, imported below so this run holds it,
//      and the Doctor view's evidence document of every finding of (a).
// Each text is checked by englishLeft (test/helpers.ts): what may stay as it is, is what the output quotes (the
// manifests, the cluster's objects and logs, paths, rule ids) and code in backticks.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { toText } from '../../src/cli/doctor';
import { evidenceText } from '../../src/extension/doctor/evidenceText';
import { DIAGNOSIS_IDS } from '../../src/core/doctor/checks';
import { REPAIR_IDS } from '../../src/core/doctor/repairs';
import { setLocale } from '../../src/core/l10n';
import { COMMANDS } from '../../src/core/language/protocol';
import { ruleInfos } from '../../src/core/lint/catalog';
import { allRules } from '../../src/core/lint/rules';
import { analyze, englishLeft, quotedBy, SERVER_REFUSAL } from '../helpers';
import { WORKLOAD_KINDS } from '../../src/core/manifest/kinds';
import { parseAllDocuments } from 'yaml';
import { startSession, type Session } from '../lsp/session';
import { observed } from './doctor/fixtures';
import './extension-pseudo-locale.test';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
/** No cluster: the CLI's commands that need one say so in the reader's language. */
const MISSING_KUBECONFIG = join(ROOT, 'test', 'fixtures', 'none', 'kubeconfig');

// The diagnosis tests record every state they diagnose in `observed`: loading them here runs them first, so the
// doctor's text below covers every finding they make (a new check's test file is picked up as it is added).
const DOCTOR_TESTS = join(__dirname, 'doctor');
for (const file of readdirSync(DOCTOR_TESTS).filter((f) => f.endsWith('.test.ts'))) require(join(DOCTOR_TESTS, file)); // eslint-disable-line @typescript-eslint/no-require-imports

/** One text checked: where it comes from and the English left in it. */
interface Checked {
  key: string;
  text: string;
  words: string[];
}

/** Fails on any English left: the run has no exceptions. */
function assertNoEnglishLeft(part: string, checked: readonly Checked[]): void {
  assert.ok(checked.length > 0, `${part}: nothing was checked`);
  const left = checked.filter((c) => c.words.length > 0);
  const unexpected = left.map((c) => `${c.key}: [${[...new Set(c.words)].join(' ')}] ${c.text}`);
  assert.deepEqual([...new Set(unexpected)], [], `${part}: English left untranslated`);
}

function checked(key: string, text: string, quoted: string | readonly string[]): Checked {
  return { key, text, words: englishLeft(text, quoted) };
}

/** The built CLI in the pseudo-locale, with no locale variables or colours of this machine's. */
function cli(args: string[], cwd = ROOT) {
  const res = spawnSync(process.execPath, [CLI, ...args, '--lang', 'qps-ploc'], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', LC_ALL: '', LC_MESSAGES: '', LANG: '', KUBECONFIG: MISSING_KUBECONFIG },
  });
  assert.equal(res.error, undefined, `${args.join(' ')}: ${res.error}`);
  return { code: res.status, out: `${res.stdout}${res.stderr}`, stdout: res.stdout, stderr: res.stderr };
}

/** PromQL that prometheus-adapter-query-placeholders names as missing from a query: code, like a field name. */
const PROMQL = ['<<.Series>>', '<<.LabelMatchers>>', 'by (<<.GroupBy>>)'];

/** The manifests under `dir`, by path. */
function manifests(dir: string): string[] {
  if (!statSync(dir).isDirectory()) return [dir];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? manifests(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []));
}

/**
 * What lint's findings over `dir` may show as it is: the manifests (names, values, keys), their paths, and the YAML
 * parser's own words about them (yaml-syntax quotes the parser's message, like a log line).
 */
function lintQuotes(dir: string, cwd = ROOT): string[] {
  const files = manifests(dir);
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const parser = texts.flatMap((text) => parseAllDocuments(text).flatMap((d) => ('errors' in d ? [...d.errors, ...d.warnings].map((e) => e.message) : [])));
  return [...texts, ...files.map((f) => relative(cwd, f)), ...parser, ...KINDS, 'default', ...PROMQL];
}

const RULE_IDS = allRules.map((r) => r.id);

/**
 * Kinds, never translated (docs/l10n.md): an object's kind is a value in a message (`NodePool default`), so it is shown
 * as written even where no manifest names it (the kind a conversion leads to, an object the doctor read).
 */
const KINDS = [
  ...new Set([
    ...readdirSync(join(ROOT, 'schemas', 'generated')).flatMap((f) => /_([A-Za-z0-9]+)\.json$/.exec(f)?.[1] ?? []),
    ...WORKLOAD_KINDS,
    ...['APIService', 'ConfigMap', 'Node', 'NodeClaim', 'NodePool', 'EC2NodeClass', 'Service', 'Lease', 'ScaledObject', 'ScaledJob', 'TriggerAuthentication', 'VerticalPodAutoscaler'],
  ]),
];
/** `file:line:col: severity rule message`: the location, severity and rule id are what a reader greps for, kept as they are. */
const FINDING_LINE = /^(\S+):\d+:\d+: (error|warning|info|hint) (\S+) (.*)$/;

/** The lines of lint's text output, each checked: a finding by its message, every other line (summary, --fix report) whole. */
function lintLines(command: string, out: string, quoted: readonly string[]): Checked[] {
  return out
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const finding = FINDING_LINE.exec(line);
      if (!finding) return checked(`cli ${command}`, line, [...quoted, ...RULE_IDS]);
      const [, , , rule, message] = finding;
      // schema-invalid-field quotes the API server's refusal as the server writes it.
      return checked(`cli lint ${rule}`, message, rule === 'schema-invalid-field' && SERVER_REFUSAL.test(message) ? [...quoted, message] : quoted);
    });
}

const LINTED = ['examples', ...readdirSync(join(ROOT, 'test', 'fixtures')).map((d) => `test/fixtures/${d}`)];

test('(a) CLI: lint over examples/ and every fixture tree, in text, shows only translated findings and summaries', () => {
  const all: Checked[] = [];
  for (const dir of LINTED) {
    const { code, out } = cli(['lint', dir]);
    assert.ok(code === 0 || code === 1, `lint ${dir}: exit ${code}\n${out}`);
    all.push(...lintLines(`lint ${dir}`, out, lintQuotes(join(ROOT, dir))));
  }
  assert.ok(all.filter((c) => c.key.startsWith('cli lint ') && RULE_IDS.includes(c.key.slice('cli lint '.length))).length > 200, 'findings of many rules');
  assertNoEnglishLeft('cli', all);
});

test('(a) CLI: lint --fix reports what it changed and what it left, in the pseudo-locale', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ksd-pseudo-fix-'));
  try {
    for (const tree of ['examples', 'test/fixtures/fix-golden/input']) cpSync(join(ROOT, tree), join(dir, tree), { recursive: true });
    const all: Checked[] = [];
    for (const tree of ['examples', 'test/fixtures/fix-golden/input']) {
      const { code, out } = cli(['lint', tree, '--fix'], dir);
      assert.ok(code === 0 || code === 1, `lint ${tree} --fix: exit ${code}\n${out}`);
      all.push(...lintLines('lint --fix', out, lintQuotes(join(dir, tree), dir)));
    }
    assertNoEnglishLeft('cli', all);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Bad options and paths: each must be a clear message in the reader's language, with the usage error's exit code. */
const USAGE_ERRORS: { args: string[]; code: number }[] = [
  { args: ['lint', 'no-such-dir/hpa.yaml'], code: 2 },
  { args: ['lint', 'examples', '--format', 'xml'], code: 2 },
  { args: ['lint', 'examples', '--kube-version', 'banana'], code: 2 },
  { args: ['lint', 'examples', '--karpenter-version', 'x'], code: 2 },
  { args: ['lint', 'examples', '--keda-version', 'x'], code: 2 },
  { args: ['lint', 'examples', '--max-file-size', 'lots'], code: 2 },
  { args: ['lint', 'examples/shop/api-hpa.yaml', '--max-file-size', '1'], code: 2 },
  { args: ['lint', '--bogus', 'examples'], code: 2 },
  { args: ['lint'], code: 2 },
  { args: ['lint', '--fix', '-'], code: 2 },
  { args: ['lint', '/dev/null'], code: 2 },
  { args: ['lint', 'test/fixtures/cluster'], code: 0 },
  { args: ['frobnicate'], code: 2 },
  { args: ['doctor', '--format', 'xml'], code: 2 },
  { args: ['doctor', '--yes'], code: 2 },
  { args: ['doctor', '--fix', 'no-such-repair'], code: 2 },
  { args: ['top'], code: 2 },
  { args: ['top', 'nodes', '--format', 'xml'], code: 2 },
  { args: ['doctor', '--kubeconfig', MISSING_KUBECONFIG], code: 2 },
  { args: ['top', 'nodes', '--kubeconfig', MISSING_KUBECONFIG], code: 2 },
];

test('(a) CLI: bad options, paths and commands are told in the pseudo-locale, with the exit code of English', () => {
  const all: Checked[] = [];
  for (const { args, code } of USAGE_ERRORS) {
    const res = cli(args);
    assert.equal(res.code, code, `${args.join(' ')}\n${res.out}`);
    // The error, then the usage after a blank line (checked with --help below); a summary on stdout.
    const error = res.stderr.split('\n\n')[0];
    const lines = [...error.split('\n'), ...res.stdout.split('\n')].filter((l) => l.trim());
    assert.ok(lines.length > 0, args.join(' '));
    const quoted = [args.join(' '), 'kube-scaling-doctor', ...OPTION_VALUES, ...(args.includes('--fix') && args[0] === 'doctor' ? [...DIAGNOSIS_IDS, ...REPAIR_IDS] : [])];
    for (const line of lines) all.push(checked(`cli ${args.join(' ')}`, line.replace(/^kube-scaling-doctor( \w+)?: /, ''), quoted));
  }
  assertNoEnglishLeft('cli', all);
});

/** Values options take, named as the option takes them (`--format text|json|sarif`, `--kube-version auto`, sizes in MiB). */
const OPTION_VALUES = ['text', 'json', 'sarif', 'auto', 'MiB'];
/** `top`'s columns and subcommands, kubectl's words kept in every language. */
const TOP_COLUMNS = ['nodes', 'pods', 'NAME CPU(cores) CPU% CPU-REQ% CPU/REQ% MEMORY(bytes) MEMORY% MEMORY-REQ% MEM/REQ% RESTARTS STATUS'];

test('(a) CLI: --help of the CLI and of each command', () => {
  const all: Checked[] = [];
  for (const args of [['--help'], ['lint', '--help'], ['doctor', '--help'], ['top', '--help'], ['lsp', '--help']]) {
    const { code, out } = cli(args);
    assert.equal(code, 0, `${args.join(' ')}\n${out}`);
    // Flags, commands and their values (`--format text|json|sarif`) stay as they are: the words after them are checked.
    for (const line of out.split('\n').filter((l) => l.trim()))
      all.push(
        checked(`cli ${args.join(' ')}`, line.replace(/(^|\s)(-{1,2}[\w-]+|<[^>]*>|\[[^\]]*\]|[\w.-]+(\|[\w.-]+)+)/g, ' '), [
          'kube-scaling-doctor',
          'lint',
          'doctor',
          'top',
          'lsp',
          'stdio',
          ...OPTION_VALUES,
          ...TOP_COLUMNS,
          ...REPAIR_IDS,
          'kube-scaling-doctor-undo-<repair>-<time>.json',
          'docs/lsp.md',
        ]),
      );
  }
  assertNoEnglishLeft('cli', all);
});

after(() => setLocale('en'));

test("(a) CLI: doctor's text over every state the diagnosis tests record, and (c) the Doctor view's evidence document", () => {
  setLocale('qps-ploc');
  const seen = new Set(observed.flatMap(({ findings }) => findings.map((f) => f.id)));
  assert.deepEqual(
    DIAGNOSIS_IDS.filter((id) => !seen.has(id)),
    [],
    'every diagnosis has a finding among the recorded states',
  );
  const all: Checked[] = [];
  for (const { findings, clusterText } of observed) {
    for (const f of findings) {
      // A finding's lines: `severity id  message`, then its object, evidence, why, repairs and docs.
      const quoted = [...quotedBy(f, clusterText), f.id, f.docs, ...f.repairs.map((r) => r.id), ...KINDS, 'kube-scaling-doctor doctor --fix', 'kind-ksd'];
      const lines = [...toText([f], [], 'kind-ksd', false).split('\n'), ...evidenceText(f).split('\n')].filter((l) => l.trim());
      for (const line of lines) all.push(checked(`doctor ${f.id}`, line, quoted));
    }
  }
  assertNoEnglishLeft('doctor', all);
});

/**
 * Documentation a hover shows as written, not messages of ours: a rule's title and page (docs/rules/<id>.md; the
 * pseudo-locale has no docs pages, and a zh-cn or ja page replaces both, checked by the docs tests) and the API's
 * field descriptions from the schemas (upstream's reference text).
 */
const DOCUMENTATION = [
  ...ruleInfos().flatMap((r) => [r.title, r.docs]),
  ...(function descriptions(schemaDir: string): string[] {
    return readdirSync(schemaDir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? descriptions(join(schemaDir, e.name))
        : e.name.endsWith('.json')
          ? [...readFileSync(join(schemaDir, e.name), 'utf8').matchAll(/"(?:markdownD|d)escription": ("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]) as string)
          : [],
    );
  })(join(ROOT, 'schemas')),
]
  .filter((d) => d.length > 0)
  .sort((a, b) => b.length - a.length);

/** `markdown` without the documentation it shows as written. */
function withoutDocumentation(markdown: string): string {
  return DOCUMENTATION.reduce((rest, doc) => (rest.includes(doc) ? rest.split(doc).join(' ') : rest), markdown);
}

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
type Diagnostic = { range: Range; code?: string; message: string };
type CompletionItem = { label: string; detail?: string; documentation?: string | { value: string } };

/** Every manifest of examples/, as the editor opens them: the server indexes them together, as a workspace. */
const EXAMPLES = manifests(join(ROOT, 'examples'));

test('(b) language server with the client locale qps-ploc: diagnostics, code actions, CodeLens, hover and completion over examples/', async () => {
  const session: Session = await startSession(
    { textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } }, hover: { contentFormat: ['markdown'] } } },
    { params: { locale: 'qps-ploc' }, env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C' } },
  );
  const all: Checked[] = [];
  try {
    // The behavior hover names the API's fields and values as they are (`selectPolicy Max`, `Pods 4 per 15 s`).
    const quoted = [...lintQuotes(join(ROOT, 'examples')), 'selectPolicy', 'Max', 'Min', 'Disabled', 'Pods', 'Percent'];
    const docs = EXAMPLES.map((file) => ({ uri: pathToFileURL(file).href, text: readFileSync(file, 'utf8') }));
    for (const { uri, text } of docs) await session.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const workspace = Object.fromEntries(docs.map(({ uri, text }) => [uri, text]));
    for (const { uri, text } of docs) {
      // The server publishes a file's diagnostics when it has some: as many as core finds in the same workspace.
      const findings = analyze(workspace, { target: uri }).length;
      const diagnostics = findings
        ? await session.waitFor(
            `diagnostics of ${uri}`,
            () => [...session.published].reverse().find((p) => p.uri === uri && p.diagnostics.length === findings)?.diagnostics as Diagnostic[] | undefined,
          )
        : [];
      for (const d of diagnostics) {
        all.push(checked(`lsp diagnostic ${d.code}`, d.message, quoted));
        const actions = await session.request<{ title: string }[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
        for (const a of actions) all.push(checked(`lsp code action ${d.code}`, a.title, quoted));
      }
      const lenses = await session.request<{ command?: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri } });
      for (const l of lenses) all.push(checked('lsp CodeLens', l.command?.title ?? '', quoted));
      // Hover and completion at every key of the file: the key's own position and the start of its value.
      for (const [line, content] of text.split('\n').entries()) {
        const key = /^(\s*(?:- )?)([\w.-]+):/.exec(content);
        if (!key) continue;
        const position = { line, character: key[1].length + 1 };
        const hover = await session.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position });
        if (hover) all.push(checked(`lsp hover ${key[2]}`, withoutDocumentation(hover.contents.value), quoted));
        const completion = await session.request<CompletionItem[] | { items: CompletionItem[] } | null>('textDocument/completion', {
          textDocument: { uri },
          position: { line, character: key[1].length },
        });
        for (const item of Array.isArray(completion) ? completion : (completion?.items ?? [])) {
          const documentation = typeof item.documentation === 'string' ? item.documentation : (item.documentation?.value ?? '');
          all.push(checked(`lsp completion ${item.label}`, [item.detail ?? '', documentation].join('\n'), quoted));
        }
      }
    }
    // What the server tells the user (window/showMessage) when a command no longer fits: a file it does not hold, a
    // version that changed since the lens was shown.
    const [{ uri }] = docs;
    for (const arg of [{ uri: 'file:///nowhere.yaml' }, { uri, rule: 'hpa-missing-request', start: 0, version: -1 }]) {
      await session.request('workspace/executeCommand', { command: COMMANDS.applyFix, arguments: [arg] });
    }
    const told = await session.waitFor('two warnings', () => (session.messages.length >= 2 ? session.messages : undefined));
    for (const m of told) all.push(checked('lsp message', m.message, [...quoted, 'kube-scaling-doctor', 'file:///nowhere.yaml', ...EXAMPLES.map((f) => basename(f))]));
  } finally {
    await session.close();
  }
  const kinds = new Set(all.map((c) => c.key.split(' ').slice(0, 2).join(' ')));
  assert.deepEqual([...kinds].sort(), ['lsp CodeLens', 'lsp code', 'lsp completion', 'lsp diagnostic', 'lsp hover', 'lsp message'], 'every kind of text was seen');
  assertNoEnglishLeft('lsp', all);
});
