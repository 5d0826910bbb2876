// `kube-scaling-doctor top nodes|pods`: kubectl top with the request-relative percentages it lacks.
import { loadKubeConfig } from '../core/cluster/connect';
import { nodeTable, podTable, podUsageTable } from '../core/cluster/format';
import { ClusterProblemError, toProblem } from '../core/cluster/problems';
import { topNodes, topPodUsage, topPods } from '../core/cluster/top';
import type { ClusterProblem } from '../core/cluster/types';
import { printable, printableJson, printableLine } from '../core/text/terminal';
import { CLUSTER_EXIT, formatOption, parseCommandArgs, requireValues, UsageError, type Command } from './command';
import { msg, t } from '../core/l10n';
import { problemJson, problemText } from '../core/cluster/problemText';

const FORMATS = ['text', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** The options column of `top --help`: descriptions start here (translations keep it, as lint's help does). */
const OPTION_WIDTH = 27;
const option = (flag: string, description: string) => `  ${flag.padEnd(OPTION_WIDTH - 2)}${description}`;

/** `top --help` in the current language (rendered when asked: the language is chosen at start). */
function usage(): string {
  return [
    t('Usage: {usage}', { usage: 'kube-scaling-doctor top nodes|pods [options]' }),
    '',
    t(
      'Resource usage like `kubectl top`, plus what it lacks: for nodes the requested share of\nallocatable (what Cluster Autoscaler and Karpenter reason about); for pods, with --requests,\nusage as % of the request (the number HPA Utilization uses), restarts and status.',
    ),
    '',
    t('Options:'),
    option('-n, --namespace <ns>', t("pods of this namespace (default: the context's namespace)")),
    option('-A, --all-namespaces', t('pods of all namespaces')),
    option('--requests', t('pods: also % of request, restarts and status (reads every pod, not\n                           only the metrics: slower on big clusters)')),
    option('--kubeconfig <file>', t('kubeconfig (default: $KUBECONFIG, all files merged, then ~/.kube/config)')),
    option('--context <name>', t('kubeconfig context (default: the current context)')),
    option('--format text|json', t('output format (default: text)')),
    '',
    t('Columns: {nodes}', { nodes: 'nodes            NAME CPU(cores) CPU% CPU-REQ% MEMORY(bytes) MEMORY% MEMORY-REQ%' }),
    t('         {pods}   (as kubectl top pods)', { pods: 'pods             [NAMESPACE] NAME CPU(cores) MEMORY(bytes)' }),
    `         pods --requests  [NAMESPACE] NAME CPU(cores) CPU/REQ% MEMORY(bytes) MEM/REQ% RESTARTS STATUS`,
    t(
      '`<unknown>`: no metrics for that row; `-`: the pod has no request for that resource.\n`top pods` shows the pods metrics-server has a sample of; when the metrics API fails or has\nnone, it lists the pods as --requests does, so they show with `<unknown>` usage.',
    ),
    '',
    t(
      'Exit codes: 0 ok (also when some pods are too new for metrics), 1 metrics API missing or\nunavailable (rows are printed without usage), 2 usage error or kubeconfig problem,\n4 cluster unreachable, 5 unauthorized (credentials or credential plugin), 6 forbidden,\n7 other API error.',
    ),
  ].join('\n');
}

interface Options {
  what: 'nodes' | 'pods';
  namespace?: string;
  allNamespaces: boolean;
  /** Pods: read the pods too, for % of request, restarts and status. */
  requests: boolean;
  kubeconfig?: string;
  context?: string;
  format: Format;
}

function parseOptions(args: string[]): Options {
  const parsed = parseCommandArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      namespace: { type: 'string', short: 'n' },
      'all-namespaces': { type: 'boolean', short: 'A', default: false },
      requests: { type: 'boolean', default: false },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      format: { type: 'string', default: 'text' },
    },
  });
  const { values, positionals } = parsed;
  const [what, ...extra] = positionals;
  if (what === undefined) throw new UsageError(msg('say what to show: top nodes or top pods'));
  const alias: Record<string, Options['what']> = { nodes: 'nodes', node: 'nodes', no: 'nodes', pods: 'pods', pod: 'pods', po: 'pods' };
  const kind = alias[what];
  if (!kind) throw new UsageError(msg('unknown resource "{resource}": use nodes or pods', { resource: what }));
  if (extra.length) throw new UsageError(msg('unexpected argument "{argument}"', { argument: extra[0] }));
  const format = formatOption(values.format, FORMATS);
  requireValues(values, ['namespace', 'kubeconfig', 'context']);
  if (kind === 'nodes' && (values.namespace || values['all-namespaces'])) throw new UsageError(msg('nodes are not namespaced: -n and -A apply to `top pods`'));
  if (kind === 'nodes' && values.requests) throw new UsageError(msg('--requests applies to `top pods`: `top nodes` always shows the requested %'));
  if (values.namespace && values['all-namespaces']) throw new UsageError(msg('use either -n/--namespace or -A/--all-namespaces'));
  return {
    what: kind,
    namespace: values.namespace,
    allNamespaces: values['all-namespaces'] === true,
    requests: values.requests === true,
    kubeconfig: values.kubeconfig,
    context: values.context,
    format,
  };
}

/** A problem for stderr; its title and message may quote the cluster, so control characters are escaped. */
function problemLine(p: ClusterProblem): string {
  const line = printableLine(problemText(p));
  const withDocs = p.docsUrl ? t('{problem} ({docs})', { problem: line, docs: p.docsUrl }) : line;
  return p.doctorId ? `${withDocs}\n  ${t('Diagnose: {command}', { command: 'kube-scaling-doctor doctor' })}` : withDocs;
}

/** Exit code: the fatal problem's (nothing listed), else the highest of the partial problems'. */
function exitCode(problems: readonly ClusterProblem[], fatal?: ClusterProblem): number {
  if (fatal) return CLUSTER_EXIT[fatal.kind] ?? CLUSTER_EXIT.error;
  return problems.reduce((code, p) => Math.max(code, CLUSTER_EXIT[p.kind] ?? CLUSTER_EXIT.error), 0);
}

export const topCommand: Command = {
  name: 'top',
  get usage() {
    return usage();
  },
  async run(args) {
    const opts = parseOptions(args);
    let kc;
    try {
      kc = loadKubeConfig({ kubeconfig: opts.kubeconfig, context: opts.context, namespace: opts.namespace });
    } catch (err) {
      const p = err instanceof ClusterProblemError ? err.problem : toProblem(err, msg('reading the kubeconfig'));
      process.stderr.write(`kube-scaling-doctor top: ${problemLine(p)}\n`);
      return CLUSTER_EXIT[p.kind] ?? CLUSTER_EXIT.kubeconfig;
    }
    let problems: ClusterProblem[];
    let fatal: ClusterProblem | undefined;
    if (opts.what === 'nodes') {
      const r = await topNodes(kc);
      ({ problems, fatal } = r);
      if (opts.format === 'json')
        process.stdout.write(printableJson(JSON.stringify({ info: r.info, nodes: r.nodes, requestsKnown: r.requestsKnown, problems: problems.map((p) => problemJson(p)) }, null, 2)) + '\n');
      else if (!fatal) process.stdout.write(r.nodes.length ? nodeTable(r.nodes, r.requestsKnown) : `${t('No nodes.')}\n`);
    } else {
      const sel = { namespace: opts.namespace, allNamespaces: opts.allNamespaces };
      // Metrics first, as kubectl top pods; the pod list only when asked for, or when the metrics cannot tell.
      const usage = opts.requests ? undefined : await topPodUsage(kc, sel);
      if (usage) {
        problems = [];
        if (opts.format === 'json')
          process.stdout.write(printableJson(JSON.stringify({ info: usage.info, namespace: usage.namespace ?? null, requests: false, pods: usage.pods, problems }, null, 2)) + '\n');
        else process.stdout.write(podUsageTable(usage.pods, !usage.namespace));
      } else {
        const r = await topPods(kc, sel);
        ({ problems, fatal } = r);
        if (opts.format === 'json')
          process.stdout.write(
            printableJson(JSON.stringify({ info: r.info, namespace: r.namespace ?? null, requests: true, pods: r.pods, problems: problems.map((p) => problemJson(p)) }, null, 2)) + '\n',
          );
        else if (!fatal)
          process.stdout.write(
            r.pods.length ? podTable(r.pods, !r.namespace) : printable(`${r.namespace ? t('No pods in namespace {namespace}.', { namespace: r.namespace }) : t('No pods in any namespace.')}\n`),
          );
      }
    }
    for (const p of problems) process.stderr.write(`${p.kind === 'metrics-pending' ? t('note: {problem}', { problem: problemLine(p) }) : t('error: {problem}', { problem: problemLine(p) })}\n`);
    return exitCode(problems, fatal);
  },
};
