// The CLI in the reader's language (issue 19) through the built CLI (dist/cli.js): text output follows --lang, else
// LC_ALL / LC_MESSAGES / LANG; JSON and SARIF keep their English `message` and only add the localized text.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../tempDir';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const SHOP = 'test/fixtures/cli/shop';
/** Hiragana and katakana: only Japanese has them. */
const KANA = /[\u3040-\u30ff]/;
const HAN = /[\u4e00-\u9fff]/;
/** Runs the CLI with no locale variables of this machine's, plus `env`. */
function run(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, NO_COLOR: '', LC_ALL: '', LC_MESSAGES: '', LANG: '', ...env },
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** `file:line:col: severity rule message` lines: the rule and the message. */
function findingLines(stdout: string): { rule: string; message: string }[] {
  return stdout
    .trimEnd()
    .split('\n')
    .slice(0, -1)
    .map((line) => /^\S+:\d+:\d+: \w+ (\S+) (.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ rule: m[1], message: m[2] }));
}

test('lint under LANG=ja_JP.UTF-8 prints Japanese findings and summary, with the exit code of English', () => {
  const english = run(['lint', SHOP]);
  const japanese = run(['lint', SHOP], { LANG: 'ja_JP.UTF-8' });
  assert.equal(japanese.code, english.code);
  assert.equal(japanese.code, 1);
  const lines = findingLines(japanese.stdout);
  assert.deepEqual(
    lines.map((l) => l.rule),
    findingLines(english.stdout).map((l) => l.rule),
    'the same findings, in the same order',
  );
  for (const l of lines) assert.match(l.message, KANA, `${l.rule}: ${l.message}`);
  const summary = japanese.stdout.trimEnd().split('\n').pop()!;
  assert.match(summary, /^2 ファイルでエラー 3 件、警告 0 件。$/, summary);
  // Locations, severities and rule ids stay as they are: what a reader greps for.
  assert.match(japanese.stdout, /^test\/fixtures\/cli\/shop\/hpa\.yaml:2:13: error hpa-deprecated-api /m);
});

test('JSON under a Japanese locale equals the English JSON except the added localizedMessage', () => {
  const english = run(['lint', SHOP, '--format', 'json']);
  const japanese = run(['lint', SHOP, '--format', 'json'], { LANG: 'ja_JP.UTF-8' });
  assert.equal(japanese.code, english.code);
  assert.doesNotMatch(english.stdout, /localizedMessage/, 'English JSON is as it always was');
  const localized = JSON.parse(japanese.stdout) as { findings: Record<string, unknown>[] };
  for (const f of localized.findings) {
    assert.equal(typeof f.localizedMessage, 'string', JSON.stringify(f));
    assert.match(f.localizedMessage as string, KANA);
    assert.doesNotMatch(f.message as string, KANA, 'message stays English');
    delete f.localizedMessage;
  }
  assert.deepEqual(localized, JSON.parse(english.stdout));
});

test('SARIF under a Japanese locale keeps English messages; the localized text is a result property', () => {
  const english = run(['lint', SHOP, '--format', 'sarif']);
  const japanese = run(['lint', SHOP, '--format', 'sarif', '--lang', 'ja']);
  assert.doesNotMatch(english.stdout, /localizedMessage/);
  const sarif = JSON.parse(japanese.stdout) as { runs: { results: { message: { text: string }; properties?: Record<string, unknown> }[] }[] };
  const results = sarif.runs[0].results;
  assert.ok(results.length > 0);
  for (const r of results) {
    assert.match(r.properties?.localizedMessage as string, KANA);
    assert.doesNotMatch(r.message.text, KANA);
    delete r.properties!.localizedMessage;
    if (Object.keys(r.properties!).length === 0) delete r.properties;
  }
  assert.deepEqual(sarif, JSON.parse(english.stdout));
});

test('--lang zh-cn wins over the environment; LC_ALL wins over LANG', () => {
  const chinese = run(['lint', SHOP, '--lang', 'zh-cn'], { LANG: 'ja_JP.UTF-8' });
  assert.equal(chinese.code, 1);
  for (const l of findingLines(chinese.stdout)) {
    assert.match(l.message, HAN, l.message);
    assert.doesNotMatch(l.message, KANA, `no Japanese in Chinese output: ${l.message}`);
  }
  assert.match(chinese.stdout.trimEnd().split('\n').pop()!, /^2 个文件中共有 3 个错误、0 个警告。$/);
  const clean = run(['lint', 'test/fixtures/cli/clean'], { LC_ALL: 'zh_CN.UTF-8', LANG: 'ja_JP.UTF-8' });
  assert.equal(clean.stdout, '未发现问题。\n');
  assert.equal(clean.code, 0);
  const english = run(['lint', 'test/fixtures/cli/clean', '--lang=en'], { LANG: 'ja_JP.UTF-8' });
  assert.equal(english.stdout, 'No problems found.\n');
});

test('lint --help follows the language; the English help is as before, with --lang listed', () => {
  const japanese = run(['lint', '--help'], { LANG: 'ja_JP.UTF-8' });
  assert.equal(japanese.code, 0);
  assert.match(japanese.stdout, /^使い方：kube-scaling-doctor lint <files\|dirs\|-…> \[options\]$/m);
  assert.match(japanese.stdout, /^ {2}--format text\|json\|sarif {3}出力形式（既定値：text）$/m, 'flags stay, descriptions are translated, the column is kept');
  const english = run(['lint', '--help']);
  assert.match(english.stdout, /^Usage: kube-scaling-doctor lint /);
  assert.match(english.stdout, /^ {2}--lang en\|zh-cn\|ja {9}language of text output/m);
});

test('a mistyped --lang is a usage error (exit 2) that names the languages; nothing is linted', () => {
  for (const args of [
    ['lint', SHOP, '--lang', 'xx'],
    ['--lang=jp', 'lint', SHOP],
  ]) {
    const res = run(args);
    assert.equal(res.code, 2, args.join(' '));
    assert.equal(res.stdout, '');
    assert.match(res.stderr, /--lang must be one of en, zh-cn, ja, not "(xx|jp)"/);
  }
  const missing = run(['lint', SHOP, '--lang']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--lang needs a value/);
  // After `--`, `--lang` is a file name, not an option.
  const file = run(['lint', '--', '--lang']);
  assert.equal(file.code, 2);
  assert.match(file.stdout + file.stderr, /cannot read --lang/);
});

test("a mistyped --lang is reported in the environment's language when it is a shipped one", () => {
  const japanese = run(['lint', SHOP, '--lang', 'xx'], { LANG: 'ja_JP.UTF-8' });
  assert.equal(japanese.code, 2);
  assert.equal(japanese.stdout, '');
  assert.equal(japanese.stderr, 'kube-scaling-doctor: --lang は en, zh-cn, ja のいずれかです（"xx" は使えません）\n');
  const chinese = run(['lint', SHOP, '--lang'], { LC_MESSAGES: 'zh_CN.UTF-8' });
  assert.equal(chinese.code, 2);
  assert.equal(chinese.stderr, 'kube-scaling-doctor: --lang 需要一个值：en、zh-cn 或 ja\n');
  // A language not shipped leaves it English, as before.
  const german = run(['lint', SHOP, '--lang', 'xx'], { LANG: 'de_DE.UTF-8' });
  assert.equal(german.stderr, 'kube-scaling-doctor: --lang must be one of en, zh-cn, ja, not "xx"\n');
});

/** A kubeconfig whose server refuses connections (port 1 of this machine): the "unreachable" problem, at once. */
function refusingKubeconfig(): string {
  const file = join(tempDir('ksd-l10n-'), 'config');
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]",
      'users: [{name: u, user: {token: not-a-real-token}}]',
      'contexts: [{name: ctx, context: {cluster: c, user: u}}]',
      'current-context: ctx',
      '',
    ].join('\n'),
  );
  return file;
}

test('cluster problems follow the language: a missing kubeconfig, in Japanese, with the exit code of English', () => {
  const english = run(['top', 'nodes', '--kubeconfig', '/nonexistent/kubeconfig']);
  const japanese = run(['top', 'nodes', '--kubeconfig', '/nonexistent/kubeconfig'], { LANG: 'ja_JP.UTF-8' });
  assert.equal(english.code, 2);
  assert.equal(japanese.code, english.code);
  assert.equal(
    english.stderr,
    'kube-scaling-doctor top: Cannot read the kubeconfig: /nonexistent/kubeconfig: no such file. Check --kubeconfig, $KUBECONFIG or the kubeconfig setting. (https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/)\n',
  );
  assert.match(
    japanese.stderr,
    /^kube-scaling-doctor top: kubeconfig を読み込めません：\/nonexistent\/kubeconfig: ファイルがありません。--kubeconfig、\$KUBECONFIG、または kubeconfig の設定を確認してください。/,
  );
  const chinese = run(['doctor', '--kubeconfig', '/nonexistent/kubeconfig', '--lang', 'zh-cn']);
  assert.equal(chinese.code, 2);
  assert.match(chinese.stderr, /无法读取 kubeconfig：\/nonexistent\/kubeconfig：文件不存在。/);
});

test('an unreachable cluster in Japanese; top --format json keeps the English problem and adds the localized text', () => {
  const kubeconfig = refusingKubeconfig();
  const english = run(['top', 'nodes', '--kubeconfig', kubeconfig, '--format', 'json']);
  const japanese = run(['top', 'nodes', '--kubeconfig', kubeconfig, '--format', 'json'], { LANG: 'ja_JP.UTF-8' });
  assert.equal(english.code, 4, english.stderr);
  assert.equal(japanese.code, 4);
  const [en] = (JSON.parse(english.stdout) as { problems: Record<string, unknown>[] }).problems;
  const [ja] = (JSON.parse(japanese.stdout) as { problems: Record<string, unknown>[] }).problems;
  assert.equal(en.title, 'Cluster unreachable');
  assert.match(String(en.message), /^Cannot connect to the API server at https:\/\/127\.0\.0\.1:1 while listing nodes \(connection refused\)\./);
  assert.deepEqual(Object.keys(en).sort(), ['docsUrl', 'kind', 'message', 'title'], 'no templates in the English JSON');
  assert.deepEqual({ ...ja, locale: undefined, localizedTitle: undefined, localizedMessage: undefined }, { ...en, locale: undefined, localizedTitle: undefined, localizedMessage: undefined });
  assert.equal(ja.locale, 'ja');
  assert.equal(ja.localizedTitle, 'クラスターに接続できません');
  assert.match(String(ja.localizedMessage), /^ノードの一覧取得中に、https:\/\/127\.0\.0\.1:1 の API サーバーに接続できませんでした（接続が拒否されました）。/);
  const text = run(['top', 'nodes', '--kubeconfig', kubeconfig, '--lang', 'zh-cn']);
  assert.match(text.stderr, /^错误：无法访问集群：在“列出节点”时无法连接 https:\/\/127\.0\.0\.1:1 上的 API 服务器（连接被拒绝）。/);
});

test('usage errors and unreadable paths follow the language; English stays as it was', () => {
  const cases: { args: string[]; code: number; ja: RegExp; en: RegExp }[] = [
    { args: ['top'], code: 2, ja: /^kube-scaling-doctor top: 表示する対象を指定してください: top nodes か top pods$/m, en: /^kube-scaling-doctor top: say what to show: top nodes or top pods$/m },
    { args: ['top', 'nodes', '-A'], code: 2, ja: /-n と -A は `top pods` で使います/, en: /nodes are not namespaced: -n and -A apply to `top pods`/ },
    { args: ['lint', '--bogus', SHOP], code: 2, ja: /^kube-scaling-doctor lint: 不明なオプション --bogus$/m, en: /^kube-scaling-doctor lint: unknown option --bogus$/m },
    { args: ['lint', '--format', 'xml', SHOP], code: 2, ja: /--format は text, json, sarif のいずれかです/, en: /--format must be one of text, json, sarif, not "xml"/ },
    { args: ['doctor', '--fix', 'x', '--undo', 'y'], code: 2, ja: /--fix と --undo は同時に使えません/, en: /--fix and --undo cannot be combined/ },
    {
      args: ['lint', '/nonexistent/k8s.yaml'],
      code: 2,
      ja: /^kube-scaling-doctor lint: \/nonexistent\/k8s\.yaml を読み込めません: そのようなファイルやディレクトリはありません$/m,
      en: /^kube-scaling-doctor lint: cannot read \/nonexistent\/k8s\.yaml: no such file or directory$/m,
    },
    { args: ['bogus'], code: 2, ja: /^kube-scaling-doctor: 不明なコマンド「bogus」$/m, en: /^kube-scaling-doctor: unknown command "bogus"$/m },
  ];
  for (const c of cases) {
    const english = run(c.args);
    const japanese = run(c.args, { LANG: 'ja_JP.UTF-8' });
    assert.equal(english.code, c.code, `${c.args.join(' ')}: ${english.stderr}`);
    assert.equal(japanese.code, c.code, c.args.join(' '));
    assert.match(english.stderr, c.en, english.stderr);
    assert.match(japanese.stderr, c.ja, japanese.stderr);
  }
  // doctor --undo with a file that is no undo record: the record is read before any request, so no cluster is needed.
  const notARecord = join(tempDir('ksd-l10n-'), 'undo.json');
  writeFileSync(notARecord, '{"hello": 1}\n');
  const undoArgs = ['doctor', '--undo', notARecord, '--kubeconfig', refusingKubeconfig()];
  const undoEnglish = run(undoArgs);
  const undoJapanese = run(undoArgs, { LANG: 'ja_JP.UTF-8' });
  assert.equal(undoEnglish.code, 2);
  assert.equal(undoJapanese.code, 2);
  assert.equal(undoEnglish.stderr, `kube-scaling-doctor doctor: ${notARecord} is not an undo record of kube-scaling-doctor\n`);
  assert.equal(undoJapanese.stderr, `kube-scaling-doctor doctor: ${notARecord} は kube-scaling-doctor の元に戻すための記録ではありません\n`);
  // The JSON report of an unreadable path keeps its English reason: a CI parser's input does not follow the locale.
  const json = run(['lint', '/nonexistent/k8s.yaml', '--format', 'json'], { LANG: 'ja_JP.UTF-8' });
  assert.deepEqual((JSON.parse(json.stdout) as { unreadable: unknown[] }).unreadable, [{ file: '/nonexistent/k8s.yaml', message: 'no such file or directory' }]);
});

test("doctor --undo of a record applied to another cluster is refused in the reader's language, before any request", () => {
  const record = join(tempDir('ksd-l10n-'), 'undo.json');
  const deployment = { kind: 'Deployment', apiVersion: 'apps/v1', namespace: 'kube-system', name: 'metrics-server' };
  writeFileSync(
    record,
    JSON.stringify({
      repairId: 'metrics-server-skip-kubelet-tls-verify',
      appliedAt: '2026-12-06T10:00:00.000Z',
      cluster: { context: 'prod', server: 'https://prod.example:6443' },
      objects: [{ object: deployment, action: 'patch', before: {}, resourceVersionAfter: '7' }],
    }),
  );
  const args = ['doctor', '--undo', record, '--kubeconfig', refusingKubeconfig()];
  const english = run(args);
  const japanese = run(args, { LANG: 'ja_JP.UTF-8' });
  assert.equal(japanese.code, english.code);
  assert.equal(
    english.stderr,
    'This repair was applied to context prod (https://prod.example:6443), not to the current context ctx (https://127.0.0.1:1); nothing was written. Undo it with --context prod.\n',
  );
  assert.equal(
    japanese.stderr,
    'この修復はコンテキスト prod（https://prod.example:6443）に適用したもので、現在のコンテキスト ctx（https://127.0.0.1:1）ではありません。何も書き込んでいません。--context prod を付けて元に戻してください。\n',
  );
});

test('top --help, doctor --help and the main help follow the language; flags, columns and commands stay as they are', () => {
  const top = run(['top', '--help'], { LANG: 'ja_JP.UTF-8' });
  assert.equal(top.code, 0);
  assert.match(top.stdout, /^使い方：kube-scaling-doctor top nodes\|pods \[options\]$/m);
  assert.match(top.stdout, /^ {2}-A, --all-namespaces {5}すべての Namespace の Pod$/m, 'the option column is kept');
  assert.match(top.stdout, /NAME CPU\(cores\) CPU% CPU-REQ% MEMORY\(bytes\) MEMORY% MEMORY-REQ%/, "kubectl's column names stay");
  const doctor = run(['doctor', '--help', '--lang', 'zh-cn']);
  assert.match(doctor.stdout, /^ {2}--timeout <seconds> {5}验证的等待时间（默认：180）$/m);
  assert.match(doctor.stdout, /install-metrics-server/, 'repair ids stay');
  const main = run(['--help', '--lang', 'ja']);
  assert.match(main.stdout, /^ {2}lint {4}マニフェストを検査: lint <files\|dirs…> \[--format text\|json\|sarif\] \[--fix\]$/m);
  // English as before.
  assert.match(run(['top', '--help']).stdout, /^Usage: kube-scaling-doctor top nodes\|pods \[options\]\n\nResource usage like `kubectl top`, plus what it lacks/);
  assert.match(run(['doctor', '--help']).stdout, /^ {2}--timeout <seconds> {5}how long verification waits \(default: 180\)$/m);
});
