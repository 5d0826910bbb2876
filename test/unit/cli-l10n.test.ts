// The CLI in the reader's language (issue 19) through the built CLI (dist/cli.js): text output follows --lang, else
// LC_ALL / LC_MESSAGES / LANG; JSON and SARIF keep their English `message` and only add the localized text.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

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
