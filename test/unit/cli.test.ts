// The `lint` command of the built CLI (dist/cli.js): output formats, exit codes, --fix, inputs.
// Long (~470 lines): every behaviour of the `lint` command through the built CLI, one process per case.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, type Dirent } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { findYamlFilesSync } from '../../src/core/manifest/files';
import { readInputs, type InputFs } from '../../src/cli/inputs';
import { snapshotForFix } from '../../src/cli/fileWrite';
import { textOf } from '../../src/core/l10n';
import * as fs from 'node:fs';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const FIXTURES = 'test/fixtures/cli';

function run(args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}) {
  const res = spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, input: opts.input ?? '', encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '', ...opts.env } });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function tempCopy(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ksd-cli-'));
  cpSync(join(ROOT, FIXTURES, fixture), dir, { recursive: true });
  return dir;
}

interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

test('text output: one file:line:col line per finding and a summary; exit 1 on errors', () => {
  const { code, stdout } = run(['lint', `${FIXTURES}/shop`]);
  assert.equal(code, 1);
  const lines = stdout.trimEnd().split('\n');
  const summary = lines.pop()!;
  for (const l of lines) assert.match(l, /^test\/fixtures\/cli\/shop\/[a-z]+\.yaml:\d+:\d+: (error|warning|info|hint) [a-z0-9-]+ \S/);
  assert.ok(
    lines.some((l) => l.startsWith('test/fixtures/cli/shop/deployment.yaml:15:15: error hpa-missing-request ')),
    stdout,
  );
  assert.ok(
    lines.some((l) => l.startsWith('test/fixtures/cli/shop/hpa.yaml:2:13: error hpa-deprecated-api ')),
    stdout,
  );
  const errors = lines.filter((l) => /: error /.test(l)).length;
  assert.match(summary, new RegExp(`^${errors} errors?, \\d+ warnings? in 2 files\\.$`));
  assert.doesNotMatch(stdout, /\x1b\[/, 'no colors when stdout is not a terminal');
});

test('text output for clean manifests: no problems and exit 0', () => {
  const { code, stdout } = run(['lint', `${FIXTURES}/clean`]);
  assert.equal(code, 0, stdout);
  assert.equal(stdout, 'No problems found.\n');
});

test('warnings alone exit 0; the target Kubernetes version decides deprecated vs removed', () => {
  const warn = run(['lint', `${FIXTURES}/warn`, '--kube-version', '1.24', '--format', 'json']);
  assert.equal(warn.code, 0);
  assert.deepEqual(
    JSON.parse(warn.stdout).findings.map((f: JsonFinding) => [f.rule, f.severity]),
    [['hpa-deprecated-api', 'warning']],
  );
  const removed = run(['lint', `${FIXTURES}/warn`, '--kube-version', '1.26', '--format', 'json']);
  assert.equal(removed.code, 1);
  assert.deepEqual(
    JSON.parse(removed.stdout).findings.map((f: JsonFinding) => [f.rule, f.severity]),
    [['hpa-deprecated-api', 'error']],
  );
});

test('JSON output: exact fields, 1-based positions, files as given on the command line', () => {
  const { code, stdout } = run(['lint', `${FIXTURES}/broken/broken.yaml`, '--format', 'json']);
  assert.equal(code, 1);
  assert.deepEqual(JSON.parse(stdout), {
    findings: [
      {
        rule: 'yaml-syntax',
        severity: 'error',
        message: 'Flow sequence in block collection must be sufficiently indented and end with a ]',
        file: `${FIXTURES}/broken/broken.yaml`,
        line: 7,
        column: 1,
        endLine: 7,
        endColumn: 1,
      },
    ],
  });
  const shop = JSON.parse(run(['lint', `${FIXTURES}/shop`, '--format', 'json']).stdout).findings as JsonFinding[];
  for (const f of shop) assert.deepEqual(Object.keys(f), ['rule', 'severity', 'message', 'file', 'line', 'column', 'endLine', 'endColumn']);
  const onContainer = shop.find((f) => f.rule === 'hpa-missing-request' && f.file.endsWith('deployment.yaml'));
  // `      - name: app # …` on line 15: "app" spans columns 15–17, so the exclusive end column is 18.
  assert.deepEqual(onContainer && [onContainer.line, onContainer.column, onContainer.endLine, onContainer.endColumn], [15, 15, 15, 18]);
});

test('columns count UTF-16 code units (emoji and CJK before the problem); a BOM is not a column', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ksd-cli-'));
  try {
    // A byte-order mark is not a column either (editors hide it).
    writeFileSync(join(dir, 'u.yaml'), '\ufeffapiVersion: v1\nkind: ConfigMap\nmetadata: {name: "日本😀", labels: {a: b}}}\n');
    const { stdout } = run(['lint', 'u.yaml', '--format', 'json'], { cwd: dir });
    const f = (JSON.parse(stdout).findings as JsonFinding[]).find((x) => x.rule === 'yaml-syntax');
    assert.ok(f, stdout);
    // The stray `}` is the 41st UTF-16 unit of line 3 (the 40th character): 日 and 本 count one each, 😀 counts two.
    assert.equal(f.line, 3);
    assert.equal(f.column, 41);
    const hpa = readFileSync(join(ROOT, FIXTURES, 'shop', 'hpa.yaml'), 'utf8');
    writeFileSync(join(dir, 'bom.yaml'), '\ufeff' + hpa.replace(/^#.*\n/, ''));
    const bom = (JSON.parse(run(['lint', 'bom.yaml', '--format', 'json'], { cwd: dir }).stdout).findings as JsonFinding[]).find((x) => x.rule === 'hpa-deprecated-api');
    assert.deepEqual(bom && [bom.line, bom.column], [1, 13]);
    run(['lint', 'bom.yaml', '--fix'], { cwd: dir });
    assert.match(readFileSync(join(dir, 'bom.yaml'), 'utf8'), /^\ufeffapiVersion: autoscaling\/v2\n/, '--fix keeps the byte-order mark');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SARIF output has the 2.1.0 structure GitHub code scanning requires', () => {
  const { code, stdout } = run(['lint', `${FIXTURES}/shop`, `${FIXTURES}/broken`, '--format', 'sarif']);
  assert.equal(code, 1);
  const sarif = JSON.parse(stdout);
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.equal(sarif.runs.length, 1);
  const driver = sarif.runs[0].tool.driver;
  assert.equal(driver.name, 'kube-scaling-doctor');
  assert.equal(driver.version, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  const ids = driver.rules.map((r: { id: string }) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
  for (const id of ['hpa-missing-request', 'hpa-deprecated-api', 'yaml-syntax']) assert.ok(ids.includes(id), id);
  for (const r of driver.rules) {
    assert.equal(typeof r.shortDescription.text, 'string');
    assert.ok(r.shortDescription.text.length > 0);
    assert.equal(typeof r.fullDescription.text, 'string');
    assert.ok(['error', 'warning', 'note'].includes(r.defaultConfiguration.level));
    assert.ok(Array.isArray(r.properties.tags));
    if (r.helpUri !== undefined) assert.match(r.helpUri, /^https:\/\//);
  }
  const results = sarif.runs[0].results;
  assert.ok(results.length >= 3);
  for (const res of results) {
    assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(res.level));
    assert.ok(res.message.text.length > 0);
    const loc = res.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.match(loc.artifactLocation.uri, /^test\/fixtures\/cli\/(shop|broken)\/[a-z]+\.yaml$/);
    const r = loc.region;
    for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn']) assert.ok(Number.isInteger(r[k]) && r[k] >= 1, `${k} ${r[k]}`);
    assert.ok(r.startLine < r.endLine || (r.startLine === r.endLine && r.startColumn <= r.endColumn));
  }
  const onContainer = results.find(
    (x: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
      x.ruleId === 'hpa-missing-request' && x.locations[0].physicalLocation.artifactLocation.uri.endsWith('deployment.yaml'),
  );
  assert.deepEqual(onContainer.locations[0].physicalLocation.region, { startLine: 15, startColumn: 15, endLine: 15, endColumn: 18 });
  assert.equal(onContainer.level, 'error');
});

test('--fix rewrites files in place, keeps comments, and reports what remains', () => {
  const dir = tempCopy('shop');
  try {
    writeFileSync(join(dir, 'extra.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: [1, 2}\n');
    const { code, stdout } = run(['lint', '.', '--fix'], { cwd: dir });
    const hpa = readFileSync(join(dir, 'hpa.yaml'), 'utf8');
    const deployment = readFileSync(join(dir, 'deployment.yaml'), 'utf8');
    assert.match(hpa, /^# The HPA of the shop front end, written for Kubernetes 1.21.\napiVersion: autoscaling\/v2\n/);
    assert.match(hpa, /target:\n {8}type: Utilization\n {8}averageUtilization: 70\n/);
    assert.equal(deployment, readFileSync(join(ROOT, FIXTURES, 'shop', 'deployment.yaml'), 'utf8'), 'a guessed request is never written');
    assert.match(stdout, /^fixed hpa\.yaml: Convert to autoscaling\/v2 \(hpa-deprecated-api\)$/m);
    assert.match(stdout, /^Applied 1 fix in 1 file\.$/m);
    assert.match(stdout, /^ {2}deployment\.yaml:15 hpa-missing-request \(a guess\): cpu: 100m is a default, not what this workload uses/m);
    // What cannot be fixed safely is still reported, and decides the exit code.
    assert.match(stdout, /^extra\.yaml:4:\d+: error yaml-syntax /m);
    assert.equal(code, 1);
    const again = run(['lint', 'hpa.yaml', 'deployment.yaml', '--fix'], { cwd: dir });
    assert.equal(again.code, 1, 'the missing request is still an error');
    assert.doesNotMatch(again.stdout, /^fixed /m, 'a second run has nothing left it may fix');
    assert.match(again.stdout, /^deployment\.yaml:15:15: error hpa-missing-request /m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('directories skip node_modules and .git; a file named twice is linted once', () => {
  const dir = tempCopy('clean');
  try {
    for (const skipped of ['node_modules/chart', '.git']) {
      mkdirSync(join(dir, skipped), { recursive: true });
      writeFileSync(join(dir, skipped, 'bad.yaml'), 'apiVersion: v1\nkind: ConfigMap\ndata: {a: [1\n');
    }
    const { code, stdout } = run(['lint', '.', 'hpa.yaml', '--format', 'json'], { cwd: dir });
    assert.equal(code, 0, stdout);
    assert.deepEqual(JSON.parse(stdout), { findings: [] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('`-` lints a manifest stream from standard input, e.g. helm template output', () => {
  const stream = ['deployment.yaml', 'hpa.yaml'].map((f) => readFileSync(join(ROOT, FIXTURES, 'shop', f), 'utf8')).join('---\n');
  const { code, stdout } = run(['lint', '-', '--format', 'json'], { input: stream });
  assert.equal(code, 1);
  const findings = JSON.parse(stdout).findings as JsonFinding[];
  assert.deepEqual([...new Set(findings.map((f) => f.file))], ['<stdin>']);
  assert.ok(
    findings.some((f) => f.rule === 'hpa-missing-request' && f.line === 15 && f.column === 15),
    stdout,
  );
  const fix = run(['lint', '-', '--fix'], { input: stream });
  assert.equal(fix.code, 2);
  assert.match(fix.stderr, /--fix cannot rewrite standard input/);
});

test('usage errors and unreadable paths exit 2 with a clear message', () => {
  const missing = run(['lint', 'no/such/dir']);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'kube-scaling-doctor lint: cannot read no/such/dir: no such file or directory\n');
  assert.equal(missing.stdout, '1 path could not be read; nothing was checked.\n');
  const noArgs = run(['lint']);
  assert.equal(noArgs.code, 2);
  assert.match(noArgs.stderr, /no files or directories given/);
  const badFormat = run(['lint', FIXTURES, '--format', 'xml']);
  assert.equal(badFormat.code, 2);
  assert.match(badFormat.stderr, /--format must be one of text, json, sarif/);
  const badVersion = run(['lint', FIXTURES, '--kube-version', 'latest']);
  assert.equal(badVersion.code, 2);
  assert.match(badVersion.stderr, /--kube-version must look like 1\.30/);
  const unknownOption = run(['lint', FIXTURES, '--frobnicate']);
  assert.equal(unknownOption.code, 2);
  const unknownCommand = run(['frobnicate']);
  assert.equal(unknownCommand.code, 2);
  assert.match(unknownCommand.stderr, /unknown command "frobnicate"/);
});

test('--version prints the package version; --help lists the commands', () => {
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  assert.deepEqual(run(['--version']), { code: 0, stdout: `${version}\n`, stderr: '' });
  const help = run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^ {2}lint {2}/m);
  assert.match(help.stdout, /^ {2}lsp {3}/m);
  const lintHelp = run(['lint', '--help']);
  assert.equal(lintHelp.code, 0);
  assert.match(lintHelp.stdout, /--format text\|json\|sarif/);
});

test('colors only on a terminal without NO_COLOR', () => {
  // Not a TTY here: FORCE-style variables must not turn colors on.
  const { stdout } = run(['lint', `${FIXTURES}/shop`], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
  assert.doesNotMatch(stdout, /\x1b\[/);
});

/** A directory with the shop fixture, a clean file and a symbolic link to a file that is gone. */
function withDanglingLink(): string {
  const dir = tempCopy('shop');
  cpSync(join(ROOT, FIXTURES, 'clean', 'hpa.yaml'), join(dir, 'clean.yaml'));
  symlinkSync(join(dir, 'deleted.yaml'), join(dir, 'gone.yaml'));
  return dir;
}

test('one unreadable path does not hide the findings of the others, and exits 2 (text, JSON)', () => {
  const dir = withDanglingLink();
  try {
    const json = run(['lint', 'hpa.yaml', 'gone.yaml', 'deployment.yaml', '--format', 'json'], { cwd: dir });
    assert.equal(json.code, 2, json.stderr);
    assert.equal(json.stderr, 'kube-scaling-doctor lint: cannot read gone.yaml: broken symbolic link (its target does not exist)\n');
    const out = JSON.parse(json.stdout) as { findings: JsonFinding[]; unreadable: { file: string; message: string }[] };
    assert.deepEqual([...new Set(out.findings.map((f) => f.file))].sort(), ['deployment.yaml', 'hpa.yaml'], 'both readable files are linted');
    assert.deepEqual(out.unreadable, [{ file: 'gone.yaml', message: 'broken symbolic link (its target does not exist)' }]);
    // Without findings, the summary must not say "No problems found": CI would read it as a pass.
    const text = run(['lint', 'clean.yaml', 'gone.yaml'], { cwd: dir });
    assert.equal(text.code, 2);
    assert.equal(text.stdout, '1 path could not be read; the other file had no problems.\n');
    assert.match(text.stderr, /^kube-scaling-doctor lint: cannot read gone\.yaml: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SARIF: an unreadable path is an error notification of the invocation, the results of the others stay', () => {
  const dir = withDanglingLink();
  try {
    const { code, stdout } = run(['lint', '.', 'gone.yaml', '--format', 'sarif'], { cwd: dir });
    assert.equal(code, 2);
    const run0 = JSON.parse(stdout).runs[0];
    assert.ok(run0.results.some((r: { ruleId: string }) => r.ruleId === 'hpa-missing-request'));
    assert.equal(run0.invocations.length, 1);
    assert.equal(run0.invocations[0].executionSuccessful, false);
    assert.deepEqual(run0.invocations[0].toolExecutionNotifications, [
      {
        level: 'error',
        message: { text: 'cannot read gone.yaml: broken symbolic link (its target does not exist)' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'gone.yaml', uriBaseId: '%SRCROOT%' } } }],
        descriptor: { id: 'unreadable-input' },
      },
    ]);
    const clean = JSON.parse(run(['lint', 'clean.yaml', '--format', 'sarif'], { cwd: dir }).stdout).runs[0];
    assert.deepEqual(clean.invocations, [{ executionSuccessful: true }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Root reads files whatever their mode, so unreadable directories and files are simulated through the
// injectable readdir, as is a file that vanishes between the listing and the read.
test('an unreadable directory is reported, not skipped as if empty; its readable siblings are still listed', () => {
  const dir = tempCopy('shop');
  try {
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'locked', 'hidden.yaml'), 'kind: ConfigMap\n');
    const denied = (path: string) => Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: 'EACCES' });
    const errors: [string, string][] = [];
    const found = findYamlFilesSync(dir, {
      readdir: (d: string): Dirent[] => {
        if (d.endsWith('locked')) throw denied(d);
        return readdirSync(d, { withFileTypes: true });
      },
      onError: (path: string, err: unknown) => errors.push([path, (err as NodeJS.ErrnoException).code!]),
    });
    assert.deepEqual(found, [join(dir, 'deployment.yaml'), join(dir, 'hpa.yaml')]);
    assert.deepEqual(errors, [[join(dir, 'locked'), 'EACCES']]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('devices and pipes are refused instead of read without end; other files are still linted', () => {
  const dir = tempCopy('shop');
  try {
    const zero = run(['lint', '/dev/zero', 'hpa.yaml', '--format', 'json'], { cwd: dir });
    assert.equal(zero.code, 2, zero.stderr);
    assert.equal(zero.stderr, 'kube-scaling-doctor lint: cannot read /dev/zero: not a regular file (a character device)\n');
    assert.ok((JSON.parse(zero.stdout).findings as JsonFinding[]).some((f) => f.file === 'hpa.yaml'));
    // A FIFO would block the open itself until a writer came.
    assert.equal(spawnSync('mkfifo', [join(dir, 'pipe.yaml')]).status, 0);
    const fifo = run(['lint', 'pipe.yaml'], { cwd: dir });
    assert.equal(fifo.code, 2);
    assert.equal(fifo.stderr, 'kube-scaling-doctor lint: cannot read pipe.yaml: not a regular file (a FIFO)\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--max-file-size caps each file and standard input with a clear message', () => {
  const dir = tempCopy('shop');
  try {
    writeFileSync(join(dir, 'big.yaml'), '# padding\n'.repeat(300));
    const capped = run(['lint', '.', '--max-file-size', '2KiB', '--format', 'json'], { cwd: dir });
    assert.equal(capped.code, 2, capped.stderr);
    assert.equal(capped.stderr, 'kube-scaling-doctor lint: cannot read big.yaml: 2.9 KiB is more than the --max-file-size limit of 2 KiB\n');
    assert.ok((JSON.parse(capped.stdout).findings as JsonFinding[]).some((f) => f.file === 'deployment.yaml'));
    const stdin = run(['lint', '-', '--max-file-size', '1k'], { input: '# padding\n'.repeat(101) });
    assert.equal(stdin.code, 2);
    assert.equal(stdin.stderr, 'kube-scaling-doctor lint: cannot read <stdin>: more than the --max-file-size limit of 1000 B\n');
    // The default (10 MiB) lets ordinary streams through.
    assert.equal(run(['lint', '-'], { input: readFileSync(join(ROOT, FIXTURES, 'clean', 'hpa.yaml'), 'utf8') }).code, 0);
    for (const bad of ['lots', '0', '-1MiB', '2TiB', '1GB', '']) {
      const r = run(['lint', '.', `--max-file-size=${bad}`], { cwd: dir });
      assert.equal(r.code, 2, bad);
      assert.match(r.stderr, /--max-file-size must be a size such as 10MiB, 512KiB or 1000000 \(at most 512 MiB\)/, bad);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('reading goes on past files that vanish or are refused after the listing, and past directories replaced by files', async () => {
  const dir = tempCopy('shop');
  try {
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'gone.yaml'), 'kind: ConfigMap\n');
    writeFileSync(join(dir, 'secret.yaml'), 'kind: ConfigMap\n');
    const fail = (code: string, path: string) => Object.assign(new Error(`${code}: simulated, '${path}'`), { code });
    const injected: InputFs = {
      ...fs,
      // sub/gone.yaml is listed, then removed before it is read; secret.yaml is refused (EACCES) at the open.
      openSync: ((path: fs.PathLike, flags: number) => {
        if (String(path).endsWith('gone.yaml')) throw fail('ENOENT', String(path));
        if (String(path).endsWith('secret.yaml')) throw fail('EACCES', String(path));
        return fs.openSync(path, flags);
      }) as typeof fs.openSync,
      // `later` passed the stat as a directory and was a file by the time it was listed.
      statSync: ((path: fs.PathLike) => (String(path) === 'later' ? fs.statSync(dir) : fs.statSync(path))) as typeof fs.statSync,
      readdirSync: ((path: fs.PathLike, options: { withFileTypes: true }) => {
        if (String(path) === 'later') throw fail('ENOTDIR', String(path));
        return fs.readdirSync(path, options);
      }) as typeof fs.readdirSync,
    };
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const result = await readInputs(['.', 'later'], { maxBytes: 1024 ** 2, fs: injected });
      assert.deepEqual(
        result.files.map((f) => f.input.display),
        ['deployment.yaml', 'hpa.yaml'],
      );
      assert.deepEqual(
        result.unreadable.map((u) => [u.display, textOf(u.reason, 'en')]),
        [
          ['later', 'a part of the path is not a directory'],
          ['secret.yaml', 'permission denied'],
          [join('sub', 'gone.yaml'), 'no such file or directory'],
        ],
      );
    } finally {
      process.chdir(cwd);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an endless standard input stops at the size cap', async () => {
  let chunks = 0;
  async function* endless() {
    for (;;) {
      chunks++;
      yield Buffer.alloc(4096);
    }
  }
  const result = await readInputs(['-'], { maxBytes: 10_000, stdin: endless() });
  assert.deepEqual(result.files, []);
  assert.deepEqual(
    result.unreadable.map((u) => ({ ...u, reason: textOf(u.reason, 'en') })),
    [{ display: '<stdin>', absolute: '-', reason: 'more than the --max-file-size limit of 9.8 KiB' }],
  );
  assert.equal(chunks, 3, 'reading stops at the first chunk past the cap');
});

test('review: a UTF-16 manifest with a byte-order mark is read as its text; NUL bytes without one are unreadable, not a pass', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ksd-utf16-'));
  try {
    const yaml = 'apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\nmetadata: {name: wé}\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(yaml, 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    writeFileSync(join(dir, 'le.yaml'), le);
    writeFileSync(join(dir, 'be.yaml'), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    writeFileSync(join(dir, 'nul.yaml'), Buffer.from(yaml, 'utf16le')); // UTF-16 without a byte-order mark
    writeFileSync(join(dir, 'odd.yaml'), Buffer.concat([le, Buffer.from([0x41])])); // a truncated UTF-16 file
    const { files, unreadable } = await readInputs([join(dir, 'le.yaml'), join(dir, 'be.yaml'), join(dir, 'nul.yaml'), join(dir, 'odd.yaml')], { maxBytes: 1024 ** 2 });
    assert.deepEqual(
      files.map((f) => f.text),
      [yaml, yaml],
    );
    assert.deepEqual(
      unreadable.map((u) => [u.display.replace(/.*[\\/]/, ''), textOf(u.reason, 'en')]),
      [
        ['nul.yaml', 'it contains NUL bytes (UTF-16 without a byte-order mark, or not text): save it as UTF-8'],
        ['odd.yaml', 'it is not valid UTF-16: save it as UTF-8'],
      ],
    );
    assert.throws(() => snapshotForFix(join(dir, 'le.yaml'), yaml), /not fixing|UTF-16, and --fix writes only UTF-8/, '--fix refuses it');
    const stdin = await readInputs(['-'], {
      maxBytes: 1024 ** 2,
      stdin: (async function* () {
        yield le;
      })(),
    });
    assert.deepEqual(
      stdin.files.map((f) => f.text),
      [yaml],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
