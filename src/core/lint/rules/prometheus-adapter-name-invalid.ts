// prometheus-adapter-name-invalid: `name.matches` (and `seriesFilters`) that Go's regexp does not compile, which stops the
// adapter at start, and `name.as` that names capture groups `matches` does not have (they expand to nothing) or leaves
// the API name empty, or a `matches` that the series the rule selects do not match.
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { adapterRulesOf, checkRe2, expandRefs, literalSeriesNames, mayHoldAdapterConfig, nameSetupOf, refExists, refNumber, type AdapterConfig, type AdapterRule } from '../../k8s/prometheusAdapter';
import { isTemplatedValue, mapAt, stringAt } from '../../manifest/model';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import type { Fix, OffsetRange } from '../../text/edits';
import { msg } from '../../l10n';

export const prometheusAdapterNameInvalid: Rule = {
  id: 'prometheus-adapter-name-invalid',
  category: 'infra',
  severity: 'error',
  title: 'prometheus-adapter name.matches or name.as that cannot produce a metric name',
  docs: [
    "prometheus-adapter compiles `name.matches` and each `seriesFilters` `is`/`isNot` with Go's regexp (RE2 syntax): lookarounds (`(?=`, `(?!`), backreferences (`\\1`),",
    'atomic groups and escapes Go does not know (`\\y`) do not compile, and neither does what every engine rejects (an unclosed `(` or `[`, `*` with nothing to repeat).',
    'A rule that does not compile stops the adapter at start (`unable to construct custom metrics provider`). So does `matches` with two or more capture groups and no `as`.',
    '',
    "`name.as` is expanded with Go's `Regexp.ExpandString`: `$name` takes the longest run of letters, digits and `_`, so `$1_per_second` names a group called `1_per_second`,",
    'which does not exist and expands to nothing: write `${1}_per_second` (the quick fix). A reference to a group `matches` does not define expands to nothing too; when nothing else is',
    'left, every metric of the rule gets an empty name. When `seriesQuery` names its series (`http_requests_total`) and `matches` does not match it, the rule exposes no metric.',
  ].join('\n'),
  kindless: true,
  applies: mayHoldAdapterConfig,
  check(doc) {
    return adapterRulesOf(doc).flatMap(({ config, rule }) => checkRule(config, rule));
  },
};

function checkRule(config: AdapterConfig, rule: AdapterRule): Problem[] {
  const problems: Problem[] = [...checkFilters(config, rule)];
  const name = mapAt(rule.node, ['name']);
  const matchesNode = name?.get('matches', true) as Node | undefined;
  const asNode = name?.get('as', true) as Node | undefined;
  const setup = nameSetupOf(rule.node);
  if ([setup.matches, setup.as].some((v) => v !== undefined && isTemplatedValue(v))) return problems;
  if (!setup.verdict.ok) {
    problems.push({
      message: msg("{rule}: name.matches {pattern} does not compile in Go's regexp (RE2): {error}. The adapter refuses the configuration and does not start.", {
        rule: rule.label,
        pattern: JSON.stringify(setup.matches),
        error: setup.verdict.message,
      }),
      range: config.rangeOf(matchesNode),
    });
    return problems;
  }
  const { groups, names } = setup.verdict;
  if (setup.as === undefined) {
    problems.push({
      message: msg(
        '{rule}: name.matches has {groups} capture groups and name.as is not set: the adapter cannot choose one and refuses the configuration (must specify an \'as\' value). Set name.as, e.g. "$1".',
        { rule: rule.label, groups },
      ),
      range: config.rangeOf(matchesNode),
    });
    return problems;
  }
  if (setup.asWritten) {
    const as = setup.as;
    const refs = expandRefs(as);
    const missing = refs.filter((r) => !refExists(r, groups, names));
    const literal = refs.reduce((text, r) => text.replace(as.slice(r.start, r.end), ''), as).replace(/\$\$/g, '$');
    for (const ref of missing) {
      const digits = /^(\d+)(.+)$/.exec(ref.name);
      const meant = digits && !ref.braced && refNumber(digits[1]) !== undefined && Number(digits[1]) <= groups ? digits[1] : undefined;
      const empty = missing.length === refs.length && literal === '';
      const captureGroups = groups === 0 ? msg('no capture groups') : groups === 1 ? msg('1 capture group') : msg('{count} capture groups', { count: groups });
      const why = meant
        ? msg('Go reads {reference} as the group named "{name}" (the longest run of letters, digits and _), which does not exist: it expands to nothing. Write {written}.', {
            reference: `$${ref.name}`,
            name: ref.name,
            written: `\${${meant}}${digits![2]}`,
          })
        : names.length
          ? msg('name.matches has {groups} (named: {names}): it expands to nothing.', { groups: captureGroups, names: names.join(', ') })
          : msg('name.matches has {groups}: it expands to nothing.', { groups: captureGroups });
      const group = refNumber(ref.name) !== undefined ? msg('group {name}', { name: ref.name }) : msg('group "{name}"', { name: ref.name });
      const args = { rule: rule.label, group, why };
      problems.push({
        message: empty ? msg('{rule}: name.as refers to {group}. {why} Every metric of this rule gets an empty name.', args) : msg('{rule}: name.as refers to {group}. {why}', args),
        severity: empty || meant ? 'error' : 'warning',
        range: asRange(config, asNode, ref.start, ref.end),
        fixes: meant ? () => braceFix(config, asNode, ref.start, ref.end, `\${${meant}}${digits![2]}`) : undefined,
      });
    }
  }
  const seriesQuery = stringAt(rule.node, ['seriesQuery']);
  const series = seriesQuery && !isTemplatedValue(seriesQuery) ? literalSeriesNames(seriesQuery) : undefined;
  const js = setup.verdict.js;
  if (series && js && matchesNode && series.every((s) => !new RegExp(js.source, js.flags).test(s))) {
    problems.push({
      message: msg('{rule}: name.matches {pattern} does not match {series}, the series seriesQuery selects: the adapter filters series by name.matches, so this rule exposes no metric.', {
        rule: rule.label,
        pattern: JSON.stringify(setup.matches),
        series: series.join(', '),
      }),
      severity: 'warning',
      range: config.rangeOf(matchesNode),
    });
  }
  return problems;
}

/** seriesFilters' `is`/`isNot` patterns compile with Go's regexp too. */
function checkFilters(config: AdapterConfig, rule: AdapterRule): Problem[] {
  const filters = rule.node.get('seriesFilters', true);
  if (!isSeq(filters)) return [];
  const problems: Problem[] = [];
  for (const filter of filters.items) {
    if (!isMap(filter)) continue;
    for (const key of ['is', 'isNot']) {
      const node = (filter as YAMLMap).get(key, true);
      if (!isScalar(node) || typeof node.value !== 'string' || isTemplatedValue(node.value)) continue;
      const verdict = checkRe2(node.value);
      if (!verdict.ok)
        problems.push({
          message: msg("{rule}: seriesFilters {key} {pattern} does not compile in Go's regexp (RE2): {error}. The adapter refuses the configuration and does not start.", {
            rule: rule.label,
            key,
            pattern: JSON.stringify(node.value),
            error: verdict.message,
          }),
          range: config.rangeOf(node),
        });
    }
  }
  return problems;
}

/** The file range of part of `as`, or the whole value when its written text is not the value itself (escapes). */
function asRange(config: AdapterConfig, asNode: Node | undefined, start: number, end: number): OffsetRange {
  const offset = textOffset(config, asNode);
  if (offset === undefined) return config.rangeOf(asNode);
  return config.mapRange({ start: offset + start, end: offset + end });
}

/** Where the value's text starts in the config text (after a quote), when the written text is the value itself. */
function textOffset(config: AdapterConfig, node: Node | undefined): number | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const written = config.text.slice(node.range[0], node.range[1]);
  const quote = written.startsWith('"') || written.startsWith("'") ? 1 : 0;
  return written.slice(quote, quote + node.value.length) === node.value ? node.range[0] + quote : undefined;
}

function braceFix(config: AdapterConfig, asNode: Node | undefined, start: number, end: number, newText: string): Fix[] {
  const offset = textOffset(config, asNode);
  if (offset === undefined) return [];
  const edit = config.edit({ start: offset + start, end: offset + end }, newText);
  return edit ? [{ title: msg('Write {text}', { text: newText }), edits: [{ uri: config.doc.file.uri, ...edit }], safety: 'safe', preferred: true }] : [];
}
