// SARIF 2.1.0 output, shaped for GitHub code scanning: relative artifact URIs under %SRCROOT%, rule metadata with help.
import type { RuleInfo } from '../../core/lint/catalog';
import { leftForPerson, localizedMessage, type Located } from './format';
import type { Severity } from '../../core/lint/types';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function sarifLevel(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

export interface SarifOptions {
  toolVersion: string;
  informationUri?: string;
  /** Public URL of a rule's documentation page, when one is known. */
  helpUri?: (ruleId: string) => string | undefined;
  /** The artifact location of a finding's file: a relative URI under %SRCROOT%, or an absolute URI. */
  artifact: (item: Located) => { uri: string; uriBaseId?: string };
  /** Paths that could not be read. They are tool execution notifications, not results: no rule was judged, and code scanning lists them as tool errors rather than alerts on a file that may not exist. */
  unreadable?: readonly { message: string; artifact: { uri: string; uriBaseId?: string } }[];
}

export function toSarif(items: readonly Located[], rules: readonly RuleInfo[], opts: SarifOptions): object {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const descriptors = rules.map((r) => ruleDescriptor(r, sarifLevel(r.severity), r.tags, opts.helpUri?.(r.id)));
  const results = items.map((x) => {
    const ruleIndex = index.get(x.finding.rule);
    // SARIF's message stays English (code scanning matches alerts by it); the reader's language is a property.
    const localized = localizedMessage(x.finding);
    const properties = { ...(x.left ? { leftForPerson: leftForPerson(x.left) } : {}), ...(localized !== undefined ? { localizedMessage: localized } : {}) };
    return {
      ruleId: x.finding.rule,
      ...(ruleIndex !== undefined ? { ruleIndex } : {}),
      level: sarifLevel(x.finding.severity),
      message: { text: x.finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: opts.artifact(x),
            region: { startLine: x.line, startColumn: x.column, endLine: x.endLine, endColumn: x.endColumn },
          },
        },
      ],
      ...(Object.keys(properties).length ? { properties } : {}),
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kube-scaling-doctor',
            ...(opts.informationUri ? { informationUri: opts.informationUri } : {}),
            version: opts.toolVersion,
            semanticVersion: opts.toolVersion,
            rules: descriptors,
          },
        },
        columnKind: 'utf16CodeUnits',
        invocations: [invocation(opts.unreadable ?? [])],
        results,
      },
    ],
  };
}

function invocation(unreadable: NonNullable<SarifOptions['unreadable']>): object {
  if (unreadable.length === 0) return { executionSuccessful: true };
  return {
    executionSuccessful: false,
    toolExecutionNotifications: unreadable.map((u) => ({
      level: 'error',
      message: { text: u.message },
      locations: [{ physicalLocation: { artifactLocation: u.artifact } }],
      descriptor: { id: 'unreadable-input' },
    })),
  };
}

function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/** A SARIF reportingDescriptor for a rule or a diagnosis. */
function ruleDescriptor(r: { id: string; title: string; docs: string }, level: string, tags: readonly string[], helpUri: string | undefined): object {
  return {
    id: r.id,
    name: pascal(r.id),
    shortDescription: { text: r.title },
    fullDescription: { text: firstParagraph(r.docs) || r.title },
    help: { text: r.docs || r.title, markdown: r.docs || r.title },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level },
    properties: { tags: ['kubernetes', 'autoscaling', ...tags] },
  };
}

function firstParagraph(md: string): string {
  return (
    md
      .trim()
      .split(/\n\s*\n/)[0]
      ?.replace(/\s+/g, ' ')
      .trim() ?? ''
  );
}

/** A finding about a cluster object rather than a file: SARIF logical location `<namespace>/<Kind>/<name>`. */
export interface LogicalResult {
  ruleId: string;
  level: 'error' | 'warning' | 'note';
  message: string;
  /** e.g. `kube-system/Deployment/metrics-server`. */
  logicalName?: string;
  properties?: Record<string, unknown>;
}

export interface LogicalRule {
  id: string;
  title: string;
  /** Markdown help. */
  docs: string;
  level: 'error' | 'warning' | 'note';
}

/** SARIF 2.1.0 for findings on live cluster objects (the doctor): logical locations, no file regions. */
export function toSarifLogical(results: readonly LogicalResult[], rules: readonly LogicalRule[], opts: Omit<SarifOptions, 'artifact'>): object {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kube-scaling-doctor',
            ...(opts.informationUri ? { informationUri: opts.informationUri } : {}),
            version: opts.toolVersion,
            semanticVersion: opts.toolVersion,
            rules: rules.map((r) => ruleDescriptor(r, r.level, ['cluster'], opts.helpUri?.(r.id))),
          },
        },
        results: results.map((x) => ({
          ruleId: x.ruleId,
          ...(index.has(x.ruleId) ? { ruleIndex: index.get(x.ruleId) } : {}),
          level: x.level,
          message: { text: x.message },
          ...(x.logicalName ? { locations: [{ logicalLocations: [{ fullyQualifiedName: x.logicalName, kind: 'resource' }] }] } : {}),
          ...(x.properties ? { properties: x.properties } : {}),
        })),
      },
    ],
  };
}
