// `kube-scaling-doctor doctor`: diagnoses the live cluster (text, JSON or SARIF), and with --fix
// previews a repair (unified diff + server-side dry run + plan hash), applies it only with --yes --plan HASH
// when the cluster still yields the reviewed plan, saves an undo record and verifies that the symptom
// cleared; --undo previews and with --yes --plan HASH puts a repair back, on the cluster of its record.
// Long (~450 lines): the doctor command's three flows (diagnose, --fix with its plan check, --undo) share option parsing and output.
import { readFileSync, writeFileSync } from 'node:fs';
import pkg from '../../package.json';
import { loadKubeConfig } from '../core/cluster/connect';
import { ClusterProblemError } from '../core/cluster/problems';
import type { ClusterProblem } from '../core/cluster/types';
import { applyPlan, applyUndo, clusterIdentity, dryRun, planHash, planUndo, undoClusterMismatch, undoPlanHash, unifiedDiff, verifyRepair } from '../core/doctor/apply';
import { DIAGNOSIS_IDS, TITLES } from '../core/doctor/checks';
import { diagnose, docsPath, type HpaSeen } from '../core/doctor/diagnose';
import type { KarpenterSummary } from '../core/doctor/karpenterKit';
import { shellQuote } from '../core/doctor/repairKit/metricsServerFlag';
import { canonicalRepairId, planRepair, REPAIR_IDS, REPAIR_OFFERS } from '../core/doctor/repairs';
import { ConcurrentChangeError, type DiagnosisId, type DoctorFinding, type UndoRecord } from '../core/doctor/types';
import { type ObjectRef } from '../core/k8s/objectRef';
import { localizedFinding, localizedPlan, localizedRepair, type LocalizedFinding } from '../core/doctor/findingText';
import { currentLocale, errorText, msg, render, t, textOf } from '../core/l10n';
import { printable, printableJson, printableLine } from '../core/text/terminal';
import { toSarifLogical } from './output/sarif';
import { CLUSTER_EXIT, formatOption, parseCommandArgs, requireValues, UsageError, type Command } from './command';
import { problemJson, problemText } from '../core/cluster/problemText';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

/** Exit codes (docs/doctor.md). */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** The options column of `doctor --help`: descriptions start here (translations keep it, as lint's help does). */
const OPTION_WIDTH = 26;
const option = (flag: string, description: string) => `  ${flag.padEnd(OPTION_WIDTH - 2)}${description}`;

/** `doctor --help` in the current language (rendered when asked: the language is chosen at start). */
function usage(): string {
  return [
    t('Usage: {usage}', { usage: 'kube-scaling-doctor doctor [options]' }),
    '',
    t(
      'Diagnoses autoscaling on the live cluster: the metrics pipeline (APIService, metrics-server and its\nlogs, aggregation layer), HPAs (missing requests, unknown metrics, conflicts, at max), unschedulable\npods (with Cluster Autoscaler / Karpenter events) and the local kubectl. Reads only, unless --fix\n--yes or --undo --yes (each with the --plan its preview printed).',
    ),
    '',
    t('Options:'),
    option('--kubeconfig <file>', t('kubeconfig (default: $KUBECONFIG, then ~/.kube/config)')),
    option('--context <name>', t('kubeconfig context (default: the current context)')),
    option('-n, --namespace <ns>', t('only HPAs and pending pods of this namespace (metrics checks are cluster-wide)')),
    `  --format text|json|sarif  ${t('output format (default: text)')}`,
    option('--kubectl <path>', t('kubectl whose version is checked (default: kubectl on PATH)')),
    option(
      '--fix <id>',
      t(
        "preview a repair: its diff and the server's dry-run result. <id> is a repair\n                          id ({repairs})\n                          or a diagnosis id, meaning that finding's first secure repair",
        { repairs: REPAIR_IDS.join(', ') },
      ),
    ),
    option('--yes', t('with --fix: apply it, save an undo record, and verify the symptom clears.\n                          Needs --plan: only the plan you reviewed is applied')),
    option('--plan <hash>', t('with --fix/--undo --yes: the plan hash the preview printed; refused, writing\n                          nothing, when the cluster no longer yields that plan')),
    option('--undo-file <file>', t('where --fix --yes saves the undo record\n                          (default: {file})', { file: './kube-scaling-doctor-undo-<repair>-<time>.json' })),
    option('--timeout <seconds>', t('how long verification waits (default: {seconds})', { seconds: 180 })),
    option(
      '--undo <file>',
      t(
        'show what an undo record restores (diff, server dry run, plan hash); with\n                          --yes --plan HASH, restore it (only on the context and server it was\n                          applied to; a record naming no cluster only with an explicit --context)',
      ),
    ),
    '',
    t(
      'Exit codes: 0 no error findings (or the repair/undo succeeded), 1 error findings (or the dry run,\napply or verification failed, the object changed since the preview, the cluster no longer yields\nthe reviewed plan, or the undo record is of another cluster or names none without --context), 2 usage error (--yes without --plan) or\nkubeconfig problem, 4 cluster unreachable, 5 unauthorized (credentials or credential plugin),\n6 every read forbidden, 7 other API error; 3 is an internal error, as for every command.',
    ),
  ].join('\n');
}

interface Options {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  format: Format;
  kubectl?: string;
  fix?: string;
  yes: boolean;
  /** The plan hash the preview printed (--fix --yes). */
  plan?: string;
  undoFile?: string;
  undo?: string;
  timeoutMs: number;
}

function parseOptions(args: string[]): Options {
  const parsed = parseCommandArgs({
    args,
    allowPositionals: false,
    strict: true,
    options: {
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      namespace: { type: 'string', short: 'n' },
      format: { type: 'string', default: 'text' },
      kubectl: { type: 'string' },
      fix: { type: 'string' },
      yes: { type: 'boolean', default: false },
      plan: { type: 'string' },
      'undo-file': { type: 'string' },
      undo: { type: 'string' },
      timeout: { type: 'string' },
    },
  });
  const v = parsed.values;
  const format = formatOption(v.format, FORMATS);
  requireValues(v, ['kubeconfig', 'context', 'namespace', 'fix', 'undo', 'undo-file', 'kubectl', 'plan']);
  if (v.fix && v.undo) throw new UsageError(msg('--fix and --undo cannot be combined'));
  if ((v.fix || v.undo) && format !== 'text') throw new UsageError(msg('--fix and --undo print text; leave out --format'));
  if (v.yes && !v.fix && !v.undo) throw new UsageError(msg('--yes needs --fix <id> or --undo <file>'));
  if (v['undo-file'] && !v.fix) throw new UsageError(msg('--undo-file goes with --fix <id> --yes'));
  if (v.plan !== undefined && !((v.fix || v.undo) && v.yes)) throw new UsageError(msg('--plan goes with --fix <id> --yes or --undo <file> --yes: it names the previewed plan to apply'));
  if (v.plan !== undefined && !/^[0-9a-f]{12}$/i.test(v.plan.trim())) throw new UsageError(msg('--plan takes the 12-character plan hash the preview printed, not "{value}"', { value: v.plan }));
  let timeoutMs = 180_000;
  if (v.timeout !== undefined) {
    const s = Number(v.timeout);
    if (!Number.isFinite(s) || s <= 0) throw new UsageError(msg('--timeout must be a number of seconds, not "{value}"', { value: v.timeout }));
    timeoutMs = s * 1000;
  }
  if (v.fix && !canonicalRepairId(v.fix) && !(DIAGNOSIS_IDS as string[]).includes(v.fix)) {
    throw new UsageError(msg('unknown repair or diagnosis id "{id}". Repairs: {repairs}. Diagnoses: {diagnoses}.', { id: v.fix, repairs: REPAIR_IDS.join(', '), diagnoses: DIAGNOSIS_IDS.join(', ') }));
  }
  return {
    kubeconfig: v.kubeconfig,
    context: v.context,
    namespace: v.namespace,
    format,
    kubectl: v.kubectl,
    fix: v.fix,
    yes: v.yes === true,
    plan: v.plan?.trim().toLowerCase(),
    undoFile: v['undo-file'],
    undo: v.undo,
    timeoutMs,
  };
}

// Everything printed passes through printable(): names, messages, diffs and errors quote cluster text,
// whose control characters must not reach the terminal. `safe` is for text that is already escaped
// (toText's colors, JSON).
const out = (s: string, safe = false) => {
  const text = safe ? s : printable(s);
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
};
const err = (s: string) => {
  const text = printable(s);
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
};

export const refText = (o: ObjectRef | undefined) => (o ? printableLine(`${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`) : '');

/** Problems that mean we saw nothing of the cluster. */
const FATAL: ClusterProblem['kind'][] = ['kubeconfig', 'unreachable', 'unauthorized'];

function problemLine(p: ClusterProblem): string {
  return printableLine(problemText(p));
}

export const doctorCommand: Command = {
  name: 'doctor',
  get usage() {
    return usage();
  },
  async run(args) {
    const opts = parseOptions(args);
    let kc;
    try {
      kc = loadKubeConfig({ kubeconfig: opts.kubeconfig, context: opts.context });
    } catch (e) {
      if (e instanceof ClusterProblemError) {
        err(`kube-scaling-doctor doctor: ${problemLine(e.problem)}`);
        return CLUSTER_EXIT[e.problem.kind];
      }
      throw e;
    }
    if (opts.undo) return undo(kc, opts);
    const { findings, problems, reached, readAny, hpaVersion, hpas, karpenter } = await diagnose(kc, { namespace: opts.namespace, kubectlPath: opts.kubectl });
    const fatal = problems.find((p) => FATAL.includes(p.kind)) ?? (reached ? undefined : problems[0]);
    if (fatal || !reached) {
      err(`kube-scaling-doctor doctor: ${fatal ? problemLine(fatal) : t('the cluster did not answer')}`);
      return fatal ? CLUSTER_EXIT[fatal.kind] : CLUSTER_EXIT.unreachable;
    }
    if (!readAny) {
      // Exit 6 only when the server said "forbidden" to everything; 500s or garbage are API errors (7).
      const forbidden = problems.length > 0 && problems.every((p) => p.kind === 'forbidden');
      err(`kube-scaling-doctor doctor: ${forbidden ? t('every read was refused, so nothing could be diagnosed:') : t('no read of the cluster succeeded, so nothing could be diagnosed:')}`);
      for (const p of problems) err(`  ${problemLine(p)}`);
      return forbidden ? CLUSTER_EXIT.forbidden : CLUSTER_EXIT.error;
    }
    if (opts.fix) return fix(kc, opts, findings, problems);
    const hpaRead = { version: hpaVersion, hpas };
    if (opts.format === 'json') out(toJson(findings, problems, hpaRead, karpenter), true);
    else if (opts.format === 'sarif') out(printableJson(JSON.stringify(toSarif(findings), null, 2)), true);
    else out(toText(findings, problems, kc.getCurrentContext(), process.stdout.isTTY === true, hpaRead), true);
    if (opts.format !== 'text') for (const p of problems) err(t('note: {problem}', { problem: problemLine(p) }));
    return findings.some((f) => f.severity === 'error') ? EXIT.findings : EXIT.ok;
  },
};

/** Which HPA API version the doctor read, and the HPAs read (undefined: they could not be read; a problem says why). */
export interface HpaRead {
  version?: string;
  hpas?: readonly HpaSeen[];
}

/** HPAs named in the text output's summary line; the JSON lists them all. */
const HPAS_NAMED = 10;

/** The text output's line on HPAs: how many, read as which version; undefined when nothing was said about them. */
export function hpaReadLine(read: HpaRead | undefined): string | undefined {
  if (!read) return undefined;
  if (!read.version || !read.hpas) return t('HPAs: not read (see the notes below)');
  const named = read.hpas
    .slice(0, HPAS_NAMED)
    .map((h) => printableLine(`${h.namespace}/${h.name}`))
    .join(', ');
  const names = read.hpas.length > HPAS_NAMED ? msg('{names}, +{count} more', { names: named, count: read.hpas.length - HPAS_NAMED }) : named;
  const args = { count: read.hpas.length, version: printableLine(read.version), names };
  if (read.version === 'autoscaling/v2') return read.hpas.length ? t('HPAs: {count} read as {version}: {names}', args) : t('HPAs: {count} read as {version}', args);
  return read.hpas.length
    ? t('HPAs: {count} read as {version} (the newest HPA version this server serves): {names}', args)
    : t('HPAs: {count} read as {version} (the newest HPA version this server serves)', args);
}

/**
 * `{"findings":[{id, severity, message, object, evidence, repairs, explanation, docs}], "hpaApiVersion", "hpas":
 * [{namespace, name, version}], "problems": [...]}`; hpaApiVersion and hpas are null when HPAs could not be read.
 */
export function toJson(findings: readonly DoctorFinding[], problems: readonly ClusterProblem[], hpaRead?: HpaRead, karpenter?: KarpenterSummary | null): string {
  const locale = currentLocale();
  const rows = findings.map((f) => {
    // English fields as they always were (CI matches on them); the reader's language beside them, never instead.
    const english = {
      id: f.id,
      severity: f.severity,
      message: f.message,
      object: f.object ?? null,
      evidence: f.evidence,
      repairs: f.repairs.map(({ id, title, insecure, warning }) => ({ id, title, ...(insecure !== undefined ? { insecure } : {}), ...(warning !== undefined ? { warning } : {}) })),
      explanation: f.explanation,
      docs: f.docs,
    };
    if (locale === 'en') return english;
    const l = localizedFinding(f, locale);
    return {
      ...english,
      locale,
      localizedMessage: l.message,
      localizedEvidence: l.evidence,
      localizedExplanation: l.explanation,
      localizedRepairs: l.repairs,
      localizedDocs: l.docs,
    };
  });
  const hpas = hpaRead ? { hpaApiVersion: hpaRead.version ?? null, hpas: hpaRead.version ? (hpaRead.hpas ?? []) : null } : {};
  return printableJson(JSON.stringify({ findings: rows, ...hpas, ...(karpenter !== undefined ? { karpenter } : {}), problems: problems.map((p) => problemJson(p, locale)) }, null, 2));
}

const homepage = (pkg as { homepage?: string }).homepage;

export function toSarif(findings: readonly DoctorFinding[]): object {
  const level = (s: DoctorFinding['severity']) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note') as 'error' | 'warning' | 'note';
  const ids = [...new Set(findings.map((f) => f.id))];
  return toSarifLogical(
    findings.map((f) => ({
      ruleId: f.id,
      level: level(f.severity),
      message: f.evidence.length ? `${f.message}\n${f.evidence.join('\n')}` : f.message,
      logicalName: f.object ? [f.object.namespace, f.object.kind, f.object.name].filter(Boolean).join('/') : undefined,
      properties: { repairs: f.repairs.map((r) => r.id), docs: f.docs },
    })),
    ids.map((id) => {
      const f = findings.find((x) => x.id === id)!;
      return { id, title: TITLES[id], docs: `${TITLES[id]}.\n\n${f.explanation}\n\nSee ${docsPath(id)}.`, level: level(f.severity) };
    }),
    {
      toolVersion: pkg.version,
      informationUri: homepage,
      helpUri: homepage?.startsWith('https://github.com/') ? (id) => `${homepage.replace(/#.*$/, '').replace(/\/$/, '')}/blob/main/${docsPath(id as DiagnosisId)}` : undefined,
    },
  );
}

const colors = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

/** The text report; every piece of cluster text in it is escaped with printable(), so only its own colors reach the terminal. */
/**
 * The text report in the current language (setLocale: --lang or the POSIX variables); every piece of cluster text in it
 * is escaped with printable() before it goes into a template, so only its own colors reach the terminal.
 */
export function toText(findings: readonly DoctorFinding[], problems: readonly ClusterProblem[], context: string, color: boolean, hpaRead?: HpaRead): string {
  const paint = (code: string, s: string) => (color ? code + s + colors.reset : s);
  const where = printableLine(context);
  const n = findings.length;
  const lines: string[] = [
    n === 0
      ? t('Context {context}: no findings', { context: where })
      : n === 1
        ? t('Context {context}: 1 finding', { context: where })
        : t('Context {context}: {count} findings', { context: where, count: n }),
  ];
  const hpaLine = hpaReadLine(hpaRead);
  if (hpaLine) lines.push(hpaLine);
  lines.push('');
  for (const f of findings) lines.push(...findingLines(f, localizedFinding(f), paint), '');
  for (const p of problems) lines.push(t('note: {problem}', { problem: problemLine(p) }));
  const count = (s: DoctorFinding['severity']) => findings.filter((f) => f.severity === s).length;
  lines.push(t('{errors} error(s), {warnings} warning(s), {infos} info.', { errors: count('error'), warnings: count('warning'), infos: count('info') }));
  return lines.join('\n');
}

/** The severity as the text report's first column shows it, padded to 7 terminal columns (a CJK character takes two). */
function severityColumn(severity: DoctorFinding['severity']): string {
  const label = severity === 'error' ? t('error') : severity === 'warning' ? t('warning') : t('info');
  return label + ' '.repeat(Math.max(0, 7 - columns(label)));
}

/** Terminal columns of a label: East Asian wide characters take two. */
function columns(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return width;
}

function findingLines(f: DoctorFinding, l: LocalizedFinding, paint: (code: string, s: string) => string): string[] {
  const lines = [`${paint(colors[f.severity], severityColumn(f.severity))} ${paint(colors.bold, f.id)}  ${printableLine(l.message)}`];
  if (f.object) lines.push(`  ${t('object:   {object}', { object: refText(f.object) })}`);
  if (l.evidence.length) {
    lines.push(`  ${t('evidence:')}`);
    // One line per evidence item: a newline inside one must not start a line that looks like output.
    for (const e of l.evidence) lines.push(`    ${paint(colors.dim, printableLine(e))}`);
  }
  lines.push(`  ${t('why:      {explanation}', { explanation: printableLine(l.explanation) })}`);
  for (const r of l.repairs) {
    const args = { command: `kube-scaling-doctor doctor --fix ${r.id}`, title: r.title };
    lines.push(`  ${r.insecure ? t('repair:   {command}   {title} [INSECURE: shows a warning first]', args) : t('repair:   {command}   {title}', args)}`);
  }
  lines.push(`  ${t('docs:     {docs}', { docs: l.docs })}`);
  return lines;
}

/** The finding and repair that `--fix <id>` means; a string is the reason there is none. */
export function resolveFix(id: string, findings: readonly DoctorFinding[]): { finding: DoctorFinding; repairId: string } | { none: string } | { usage: string } {
  const repairId = canonicalRepairId(id); // a former repair id (metrics-server-insecure-tls) means its renamed repair
  if (repairId) {
    const finding = findings.find((f) => f.repairs.some((r) => r.id === repairId));
    return finding ? { finding, repairId } : { none: t('No current finding offers repair {repair}; nothing to repair.', { repair: repairId }) };
  }
  const finding = findings.find((f) => f.id === id);
  if (!finding) return { none: t('No current {id} finding; nothing to repair.', { id }) };
  const secure = finding.repairs.find((r) => !r.insecure);
  if (secure) return { finding, repairId: secure.id };
  if (!finding.repairs.length) return { none: t('{id} has no automatic repair: {explanation}', { id, explanation: localizedFinding(finding).explanation }) };
  // Repair ids are names, listed with commas in every language; "(insecure)" is a template of its own.
  const repairs = finding.repairs.map((r) => (r.insecure ? t('{title} (insecure)', { title: r.id }) : r.id)).join(', ');
  return { usage: t('{id} has no secure repair. Its repairs: {repairs}. Name one explicitly with --fix <repair-id>; read its warning first.', { id, repairs }) };
}

async function fix(kc: Parameters<typeof planRepair>[0], opts: Options, findings: DoctorFinding[], problems: ClusterProblem[]): Promise<number> {
  const target = resolveFix(opts.fix!, findings);
  if ('none' in target) {
    out(target.none);
    for (const p of problems) err(t('note: {problem}', { problem: problemLine(p) }));
    return EXIT.ok;
  }
  if ('usage' in target) throw new UsageError(target.usage, false);
  const { finding, repairId } = target;
  const offer = REPAIR_OFFERS[repairId as keyof typeof REPAIR_OFFERS];
  out(t('Finding:  {id}: {message}', { id: finding.id, message: localizedFinding(finding).message }));
  out(t('Repair:   {id}: {title}', { id: repairId, title: localizedRepair(offer).title }));
  let plan;
  try {
    plan = await planRepair(kc, finding, repairId);
  } catch (e) {
    err(t('Cannot plan {repair}: {error}', { repair: repairId, error: errorText(e) }));
    return EXIT.findings;
  }
  // The plan's warnings in the reader's language, the insecure offer's own warning first unless the plan has it.
  const shown = localizedPlan(plan);
  const warnings = [...shown.warnings];
  if (offer.insecure && offer.warning && !plan.warnings.includes(offer.warning)) warnings.unshift(localizedRepair(offer).warning ?? offer.warning);
  for (const w of warnings) out(t('WARNING:  {warning}', { warning: w }));
  if (plan.helm) {
    out(
      t('Helm-managed: release {release} in {namespace}. A direct patch would be undone by the next `helm upgrade`; change the values instead:\n{change}', {
        release: plan.helm.release,
        namespace: plan.helm.namespace,
        change: plan.helm.valuesChange,
      }),
    );
    out(t('Nothing was changed.'));
    return opts.yes ? EXIT.findings : EXIT.ok;
  }
  if (!plan.changes.length) {
    out(t('Nothing to change: the objects already look repaired.'));
    return EXIT.ok;
  }
  out('');
  out(unifiedDiff(plan));
  // What --yes may apply: exactly this plan (objects, resourceVersions, request bodies, server), reviewed.
  const hash = planHash(plan, clusterIdentity(kc));
  const applyLine = `kube-scaling-doctor doctor --fix ${opts.fix} --yes --plan ${hash}`;
  out(t('Plan:     {hash}', { hash }));
  if (opts.yes && !opts.plan) {
    err(t('--yes applies only a plan you reviewed: check the diff above, then run {command} (with the same --kubeconfig/--context). Nothing was written.', { command: applyLine }));
    return EXIT.usage;
  }
  if (opts.yes && opts.plan !== hash) {
    err(
      t(
        'The cluster no longer yields the plan you reviewed (--plan {reviewed}; now {hash}): the objects changed since the preview. Nothing was written. The diff above is what would be applied now; if it is what you want, run {command}.',
        { reviewed: opts.plan ?? '', hash, command: applyLine },
      ),
    );
    return EXIT.findings;
  }
  try {
    await dryRun(kc, plan);
    out(t('Server-side dry run: accepted.'));
  } catch (e) {
    err(e instanceof ConcurrentChangeError ? errorText(e) : t('Server-side dry run failed: {error}', { error: errorText(e) }));
    return EXIT.findings;
  }
  if (!opts.yes) {
    out(
      offer.insecure
        ? t('Nothing was changed. To apply exactly this plan (after reading the warning above): {command}', { command: applyLine })
        : t('Nothing was changed. To apply exactly this plan: {command}', { command: applyLine }),
    );
    return EXIT.ok;
  }
  let record: UndoRecord;
  try {
    record = await applyPlan(kc, plan);
  } catch (e) {
    if (e instanceof ConcurrentChangeError) {
      err(errorText(e));
      return EXIT.findings;
    }
    err(t('Applying {repair} failed: {error}', { repair: repairId, error: errorText(e) }));
    return EXIT.findings;
  }
  const undoFile = opts.undoFile ?? `kube-scaling-doctor-undo-${repairId}-${record.appliedAt.replace(/[:.]/g, '-')}.json`;
  try {
    writeFileSync(undoFile, JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
    out(t('Applied. Undo record: {file} (undo with: {command})', { file: undoFile, command: `kube-scaling-doctor doctor --undo ${shellQuote(undoFile)}` }));
  } catch (e) {
    err(t('Applied, but the undo record could not be written to {file}: {error}', { file: undoFile, error: errorText(e) }));
    out(JSON.stringify(record));
  }
  out(t('Verifying: {what}', { what: shown.verifies }));
  const result = await verifyRepair(kc, plan, { timeoutMs: opts.timeoutMs, onProgress: (_english, seen) => out(`  … ${textOf(seen)}`) });
  out(result.ok ? t('Verified: {detail}', { detail: result.localized }) : t('Not verified: {detail}', { detail: result.localized }));
  if (result.remaining.length) {
    out(t('Remaining findings, not changed by this repair (run {command} for their diagnosis):', { command: 'kube-scaling-doctor doctor' }));
    for (const r of result.remaining) out(`  ${r}`);
  }
  return result.ok ? EXIT.ok : EXIT.findings;
}

async function undo(kc: Parameters<typeof planUndo>[0], opts: Options): Promise<number> {
  let record: UndoRecord;
  try {
    record = JSON.parse(readFileSync(opts.undo!, 'utf8')) as UndoRecord;
  } catch (e) {
    throw new UsageError(msg('cannot read undo record {file}: {error}', { file: opts.undo!, error: errorText(e) }), false);
  }
  if (!record || typeof record.repairId !== 'string' || !Array.isArray(record.objects)) {
    throw new UsageError(msg('{file} is not an undo record of kube-scaling-doctor', { file: opts.undo! }), false);
  }
  const repair = canonicalRepairId(record.repairId) ?? record.repairId;
  out(
    record.cluster
      ? t('Undo {repair} (applied {time} to context {context}, {server}):', { repair, time: record.appliedAt, context: record.cluster.context, server: record.cluster.server })
      : t('Undo {repair} (applied {time}):', { repair, time: record.appliedAt }),
  );
  for (const o of record.objects) out(`  ${o.action === 'create' ? t('delete {object}', { object: refText(o.object) }) : t('restore {object}', { object: refText(o.object) })}`);
  // A record without a cluster is undone only on a context the user named (--context); refused otherwise.
  const elsewhere = undoClusterMismatch(kc, record, { explicitContext: opts.context !== undefined });
  if (elsewhere) {
    err(render(elsewhere, currentLocale()));
    return EXIT.findings;
  }
  const here = clusterIdentity(kc);
  if (!record.cluster)
    out(t('note:     this undo record does not say which cluster it was applied to; undoing on --context {context} ({server}), as you chose.', { context: here.context, server: here.server }));
  // The same path as a repair: the diff of what is restored, a server dry run, the live resourceVersion.
  let plan;
  try {
    plan = await planUndo(kc, record);
  } catch (e) {
    err(e instanceof ConcurrentChangeError ? errorText(e) : t('Cannot undo: {error}', { error: errorText(e) }));
    return EXIT.findings;
  }
  if (!plan.changes.length) {
    out(t('Nothing to undo: the objects the repair created are gone already.'));
    return EXIT.ok;
  }
  out('');
  out(unifiedDiff(plan));
  // As for --fix: --yes applies exactly the undo plan that was previewed (objects, resourceVersions, bodies, server).
  const hash = undoPlanHash(record, plan, here);
  const applyLine = `kube-scaling-doctor doctor --undo ${shellQuote(opts.undo!)} --yes --plan ${hash}${record.cluster ? '' : ` --context ${shellQuote(here.context)}`}`;
  out(t('Plan:     {hash}', { hash }));
  if (opts.yes && !opts.plan) {
    err(t('--yes undoes only a plan you reviewed: check the diff above, then run {command} (with the same --kubeconfig/--context). Nothing was written.', { command: applyLine }));
    return EXIT.usage;
  }
  if (opts.yes && opts.plan !== hash) {
    err(
      t(
        'The cluster no longer yields the undo plan you reviewed (--plan {reviewed}; now {hash}): the objects changed since the preview. Nothing was written. The diff above is what would be written now; if it is what you want, run {command}.',
        { reviewed: opts.plan ?? '', hash, command: applyLine },
      ),
    );
    return EXIT.findings;
  }
  try {
    await dryRun(kc, plan);
    out(t('Server-side dry run: accepted.'));
  } catch (e) {
    err(e instanceof ConcurrentChangeError ? errorText(e) : t('Server-side dry run of the undo failed: {error}', { error: errorText(e) }));
    return EXIT.findings;
  }
  if (!opts.yes) {
    out(t('Nothing was changed. To undo exactly this plan: {command}', { command: applyLine }));
    return EXIT.ok;
  }
  try {
    await applyUndo(kc, plan);
  } catch (e) {
    err(e instanceof ConcurrentChangeError ? errorText(e) : t('Undo failed: {error}', { error: errorText(e) }));
    return EXIT.findings;
  }
  out(t('Undone.'));
  return EXIT.ok;
}
