// The catalogue of what lint can report: every rule plus the analyzer's built-in pseudo rules
// (YAML syntax errors, a rule that crashed), as hover, SARIF and docs describe them.
import { INTERNAL_ERROR_RULE, TEMPLATE_NOT_CHECKED_RULE, YAML_DUPLICATE_KEY_RULE, YAML_SYNTAX_RULE } from './analyzer';
import type { Rule } from './rule';
import { allRules } from './rules';
import type { FindingTag, Severity } from './types';

export interface RuleInfo {
  id: string;
  title: string;
  docs: string;
  severity: Severity;
  tags: FindingTag[];
}

const builtInRules: RuleInfo[] = [
  {
    id: YAML_SYNTAX_RULE,
    title: 'The file is not valid YAML',
    docs: 'The YAML parser could not read this part of the file, so Kubernetes (and every other rule) cannot either. Fix the syntax at the marked position.',
    severity: 'error',
    tags: [],
  },
  {
    id: YAML_DUPLICATE_KEY_RULE,
    title: 'A key is set twice in the same map',
    docs:
      'The same key appears twice in one map (`maxReplicas: 3` then `maxReplicas: 10`). Kubernetes tools convert YAML to JSON keeping only the ' +
      'last value, so the first one is silently ignored, and strict decoding (sigs.k8s.io/yaml `YAMLToJSONStrict`, strict field validation) ' +
      'rejects the object. The other rules judge the last value. Delete the key you did not mean.',
    severity: 'error',
    tags: [],
  },
  {
    id: TEMPLATE_NOT_CHECKED_RULE,
    title: 'A template whose documents do not all parse',
    docs:
      'The file is a template (Helm/Go, Jinja, ERB, Terraform `templatefile`, envsubst `$VAR`/`${VAR}`, sed `{VAR}`). Its constructs are ' +
      'blanked before reading, keeping positions, and the documents that then parse are checked; values that come from a construct are ' +
      'never judged. Documents that still do not parse take their shape only when rendered, so they are not checked and this one finding ' +
      'says how many, instead of a syntax error per line. Lint the rendered output (`helm template`, `terraform console`, `envsubst <`) to ' +
      'check them.',
    severity: 'info',
    tags: [],
  },
  {
    id: INTERNAL_ERROR_RULE,
    title: 'A rule failed on this document',
    docs: 'A rule crashed on this document; other rules still ran. Please report it with the manifest that triggers it.',
    severity: 'hint',
    tags: [],
  },
];

export function ruleInfos(rules: readonly Rule[] = allRules): RuleInfo[] {
  return [...rules.map((r) => ({ id: r.id, title: r.title, docs: r.docs, severity: r.severity, tags: r.tags ?? [] })), ...builtInRules];
}

export function ruleInfo(id: string, rules: readonly Rule[] = allRules): RuleInfo | undefined {
  const r = rules.find((x) => x.id === id);
  return r ? { id: r.id, title: r.title, docs: r.docs, severity: r.severity, tags: r.tags ?? [] } : builtInRules.find((x) => x.id === id);
}
