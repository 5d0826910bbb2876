// The metric names prometheus-adapter's rules put in the custom and external metrics APIs, worked out offline:
// the series a `seriesQuery` selects by name are known (`http_requests_total`, `{__name__="x"}`), and `name.matches`
// / `name.as` turn each into an API name as the adapter does (pkg/naming/metric_namer.go MetricNameForSeries:
// Regexp.ExpandString of `as` over the first match; `as` defaults to $0 without capture groups, $1 with one).
// Where the series are not known (a regex selector), a rule may expose any name its `as` can spell.
import { isScalar, type YAMLMap } from 'yaml';
import { isTemplatedValue, mapAt, stringAt } from '../../manifest/model';
import type { Workspace } from '../../manifest/workspace';
import { adapterConfigsOf, type AdapterRule } from './config';
import { checkRe2, expand, expandRefs, refExists, type Re2Verdict } from './regex';

/** The names one rule can expose: an exact list, a pattern over unknown series, or anything (templated values). */
/** `shown` writes a pattern for people: `*_per_second`. */
export type RuleNames = { exact: string[] } | { pattern: RegExp; shown: string } | { any: true };

export interface NameSetup {
  matches: string;
  verdict: Re2Verdict;
  /** `as` as written, or the adapter's default; undefined when the adapter refuses the rule (several groups, no `as`). */
  as?: string;
  asWritten: boolean;
}

/** How a rule names its metrics; `.*` when `matches` is empty or missing, as in the adapter. */
export function nameSetupOf(rule: YAMLMap): NameSetup {
  const name = mapAt(rule, ['name']);
  const matches = stringAt(name, ['matches']) || '.*';
  const verdict = checkRe2(matches);
  const written = stringAt(name, ['as']);
  if (written) return { matches, verdict, as: written, asWritten: true };
  const groups = verdict.ok ? verdict.groups : 0;
  return { matches, verdict, as: groups === 0 ? '$0' : groups === 1 ? '$1' : undefined, asWritten: false };
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** The metric names a series selector selects exactly (`name`, `name{…}`, `{__name__="name",…}`), or undefined. */
export function literalSeriesNames(seriesQuery: string): string[] | undefined {
  const q = seriesQuery.trim();
  const bare = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{.*\})?$/s.exec(q);
  if (bare) return [bare[1]];
  const named = /^\{.*?\b__name__\s*=\s*(["'])([^"']*)\1.*\}$/s.exec(q);
  return named && METRIC_NAME.test(named[2]) ? [named[2]] : undefined;
}

/** The names a rule exposes. */
export function namesOfRule(rule: YAMLMap): RuleNames {
  const seriesQuery = rule.get('seriesQuery', true);
  const query = isScalar(seriesQuery) ? seriesQuery.value : undefined;
  const setup = nameSetupOf(rule);
  if ([query, setup.matches, setup.as].some((v) => typeof v === 'string' && isTemplatedValue(v))) return { any: true };
  if (!setup.verdict.ok || setup.as === undefined || typeof query !== 'string') return { exact: [] };
  const series = literalSeriesNames(query);
  const { verdict, as } = setup;
  if (series && verdict.js) {
    const names: string[] = [];
    for (const s of series) {
      verdict.js.lastIndex = 0;
      const m = verdict.js.exec(s);
      if (m) names.push(expand(as, m, verdict.names));
    }
    return { exact: names };
  }
  // Unknown series: each reference to an existing group may be any text, references to missing groups are empty.
  let source = '';
  let shown = '';
  let at = 0;
  let open = false;
  for (const ref of expandRefs(as)) {
    const text = as.slice(at, ref.start).replace(/\$\$/g, '$');
    source += escapeRegex(text);
    shown += text;
    if (refExists(ref, verdict.groups, verdict.names)) {
      source += '.*';
      shown += '*';
      open = true;
    }
    at = ref.end;
  }
  const tail = as.slice(at).replace(/\$\$/g, '$');
  if (!open) return { exact: [shown + tail] };
  return { pattern: new RegExp(`^${source}${escapeRegex(tail)}$`), shown: shown + tail };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** What the workspace's adapter configurations expose, for one API. */
export interface ServedNames {
  /** Whether any configuration has rules for this API (else nothing is checked against it). */
  configured: boolean;
  /** Whether some rule may expose any name (default chart rules, templated values). */
  any: boolean;
  exact: Set<string>;
  patterns: { pattern: RegExp; shown: string; rule: AdapterRule }[];
}

export interface AdapterNames {
  custom: ServedNames;
  external: ServedNames;
}

const empty = (): ServedNames => ({ configured: false, any: false, exact: new Set(), patterns: [] });

/** The names every adapter configuration in the workspace exposes, computed once per workspace change. */
export function adapterNames(ws: Workspace): AdapterNames {
  return ws.memo('prometheus-adapter/names', () => {
    const out: AdapterNames = { custom: empty(), external: empty() };
    for (const doc of ws.allDocs()) {
      for (const config of adapterConfigsOf(doc)) {
        if (config.defaultRules) Object.assign(out.custom, { configured: true, any: true });
        for (const rule of config.rules) {
          const served = rule.list === 'rules' ? out.custom : out.external;
          served.configured = true;
          const names = namesOfRule(rule.node);
          if ('any' in names) served.any = true;
          else if ('exact' in names) for (const n of names.exact) served.exact.add(n);
          else served.patterns.push({ ...names, rule });
        }
      }
    }
    return out;
  });
}

/** Whether a name is exposed. */
export function serves(served: ServedNames, name: string): boolean {
  return served.any || served.exact.has(name) || served.patterns.some((p) => p.pattern.test(name));
}
