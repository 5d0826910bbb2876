// Credentials written in plain text in KEDA trigger metadata: they belong in a Secret a TriggerAuthentication references.
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { insertEntries, removeEntry, yamlScalarText } from '../../manifest/edit';
import { isScaledJob, isScaledObject } from '../../manifest/kinds';
import { isTemplatedValue, keyRange, stringAt, seqAt, type ManifestDoc } from '../../manifest/model';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import type { Fix, TextEdit } from '../../text/edits';
import { eolOf } from '../../text/lines';
import { msg, type Message } from '../../l10n';

/**
 * Metadata keys that hold a secret themselves (scalers' `keda:"name=…"` tags in kedacore/keda v2.21.1 pkg/scalers:
 * password, connectionString, connection, apiKey, queryKey, token, …). `*FromEnv` keys name an env var instead.
 */
const SECRET_KEYS = new Set([
  'password',
  'sentinelPassword',
  'keyPassword',
  'saslPassword',
  'connectionString',
  'connection',
  'leaseConnection',
  'apiKey',
  'queryKey',
  'token',
  'apiToken',
  'authToken',
  'bearerToken',
  'personalAccessToken',
  'accessKey',
  'secretKey',
  'accountKey',
  'awsSecretAccessKey',
  'clientSecret',
]);

/**
 * Secret parameters KEDA v2.21.1 reads only from a TriggerAuthentication or the target's env (`order=authParams;resolvedEnv`,
 * no `triggerMetadata`): written in metadata they are not even used.
 */
export const AUTH_PARAMS_ONLY: Record<string, string[]> = {
  'apache-kafka': ['password'],
  kafka: ['password'],
  rabbitmq: ['password'],
  postgresql: ['password', 'connection'],
  mysql: ['password', 'connectionString'],
  mssql: ['password', 'connectionString'],
  cassandra: ['password'],
  clickhouse: ['password', 'connectionString'],
  etcd: ['password'],
  'azure-servicebus': ['connection'],
  'azure-pipelines': ['personalAccessToken'],
  'github-runner': ['personalAccessToken'],
  datadog: ['apiKey'],
  dynatrace: ['token'],
  'selenium-grid': ['password'],
  splunk: ['password', 'apiToken'],
};

/** Parameters KEDA v2.21.1 reads only from trigger metadata (`order=triggerMetadata`): moving them to a TriggerAuthentication would break the scaler. */
export const METADATA_ONLY: Record<string, string[]> = {
  'metrics-api': ['url'],
  ibmmq: ['host'],
  solr: ['host'],
  splunk: ['host'],
  sumologic: ['host'],
  solarwinds: ['host'],
  prometheus: ['serverAddress'],
  loki: ['serverAddress'],
  graphite: ['serverAddress'],
};

/**
 * `scheme://user:password@host…`, the password part non-empty (a `redis://:password@` has no user). The host is after
 * the last `@` of the authority, as Go's url.Parse reads it: a pasted password may hold an unescaped `@`.
 */
const URL_WITH_PASSWORD = /([a-z][a-z0-9+.-]*):\/\/[^\s/@:]*:[^\s/?#]+@([^\s/?#@]*)/i;
/** `Password=…`, `pwd=…`, `AccountKey=…`, `SharedAccessKey=…` in a key=value connection string (ADO.NET, libpq, Azure). */
const KEY_VALUE_SECRET = /(?:^|[;\s])(password|pwd|accountkey|sharedaccesskey)\s*=\s*[^;\s'"]/i;
/** Values that are references, not secrets: `${VAR}`, `$(VAR)`, `<fill me>`. */
const PLACEHOLDER = /^\$\{.*\}$|^\$\(.*\)$|^<.*>$/;

interface InlineSecret {
  key: string;
  /** What it holds, for the message: never the secret itself. */
  what: Message;
}

/** Why `value` under `key` is a credential in clear, described without the secret; undefined when it is not one. */
function inlineSecret(key: string, value: string): InlineSecret | undefined {
  const v = value.trim();
  if (!v || key.endsWith('FromEnv') || isTemplatedValue(v) || PLACEHOLDER.test(v)) return undefined;
  if (SECRET_KEYS.has(key)) return { key, what: msg('{key} is a secret', { key }) };
  const url = URL_WITH_PASSWORD.exec(v);
  if (url) return { key, what: msg('{key} holds a {scheme}:// URL with a user and password (…@{host})', { key, scheme: url[1], host: url[2] }) };
  const kv = KEY_VALUE_SECRET.exec(v);
  if (kv) return { key, what: msg('{key} holds a connection string with {field}=…', { key, field: kv[1] }) };
  return undefined;
}

export const kedaInlineCredentials: Rule = {
  id: 'keda-inline-credentials',
  category: 'workload',
  severity: 'error',
  title: 'Credentials in plain text in KEDA trigger metadata',
  tags: ['security'],
  docs: [
    "A password, token, key or connection string with a password (`amqp://user:password@rabbit:5672/vhost`, `Password=…;`) is written in a trigger's `metadata`.",
    'ScaledObjects are not Secrets: whoever can read them (a `view` role, the GitOps repository, `kubectl get -o yaml` in a support ticket) reads the credential, and it cannot be rotated without editing the autoscaler.',
    'Several scalers do not even read such parameters from metadata (Kafka, RabbitMQ, PostgreSQL, MySQL `password`: `order=authParams;resolvedEnv` in KEDA).',
    '',
    "Put the value in a Secret and reference it from a **TriggerAuthentication** (`secretTargetRef`), linked with the trigger's `authenticationRef`. The quick fix writes that skeleton and removes the value from the manifest; it never copies the value — you create the Secret (`kubectl create secret generic …`).",
  ].join('\n'),
  applies: (doc) => isScaledObject(doc) || isScaledJob(doc),
  check(doc) {
    const problems: Problem[] = [];
    for (const trigger of seqAt(doc.root, ['spec', 'triggers'])?.items ?? []) {
      if (!isMap(trigger)) continue;
      const metadata = trigger.get('metadata', true);
      if (!isMap(metadata)) continue;
      const type = stringAt(trigger, ['type']) ?? '';
      const found: InlineSecret[] = [];
      for (const pair of metadata.items) {
        if (!isScalar(pair.key) || !isScalar(pair.value) || typeof pair.value.value !== 'string') continue;
        const secret = inlineSecret(String(pair.key.value), pair.value.value);
        if (secret) found.push(secret);
      }
      if (found.length === 0) continue;
      const fixes = () => {
        const fix = moveToTriggerAuthentication(doc, trigger, metadata, type, found);
        return fix ? [fix] : [];
      };
      for (const secret of found) {
        // The advice and the note are whole sentences after the first one: each its own template, appended in order.
        const unread = AUTH_PARAMS_ONLY[type]?.includes(secret.key) ? msg(" KEDA's {type} scaler does not read {key} from metadata at all.", { type, key: secret.key }) : '';
        const advice = METADATA_ONLY[type]?.includes(secret.key)
          ? msg(" KEDA's {type} scaler reads {key} only from metadata: keep the address there without credentials and pass them as the scaler's auth parameters.", { type, key: secret.key })
          : msg(' Move it to a Secret referenced by a TriggerAuthentication (secretTargetRef).');
        const args = { type, what: secret.what, kind: doc.kind ?? '', advice, unread };
        problems.push({
          message: type
            ? msg('Credentials in plain text in {type} metadata: {what}; anyone who can read this {kind} reads it.{advice}{unread}', args)
            : msg('Credentials in plain text in trigger metadata: {what}; anyone who can read this {kind} reads it.{advice}{unread}', args),
          range: keyRange(metadata, secret.key),
          fixes,
        });
      }
    }
    return problems;
  },
};

/**
 * Removes the secret entries, points the trigger at a new TriggerAuthentication and appends that object (with a
 * secretTargetRef per parameter) to the file. The Secret is left to the user: its values are never copied.
 */
function moveToTriggerAuthentication(doc: ManifestDoc, trigger: YAMLMap, metadata: YAMLMap, type: string, found: InlineSecret[]): Fix | undefined {
  const file = doc.file;
  if (doc.listItem || file.uri.endsWith('.json') || trigger.has('authenticationRef') || !doc.name || isTemplatedValue(doc.name)) return undefined;
  if (found.some((s) => METADATA_ONLY[type]?.includes(s.key))) return undefined;
  const base = `${doc.name}-${type || 'trigger'}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  const authName = `${base}-auth`;
  const secretName = base;
  const edits: TextEdit[] = [];
  for (const s of found) {
    const removal = removeEntry(file, metadata, s.key);
    if (!removal) return undefined;
    edits.push(removal);
  }
  const ref = insertEntries(file, trigger, { authenticationRef: { name: yamlScalarText(authName) } });
  if (!ref) return undefined;
  edits.push(...ref);
  const eol = eolOf(file.text, 0);
  const keys = found.map((s) => s.key);
  const lines = [
    `---`,
    `# Create the Secret first (values never written here): kubectl create secret generic ${secretName}${doc.namespaceExplicit ? ` -n ${doc.namespace}` : ''} ${keys.map((k) => `--from-literal=${k}=…`).join(' ')}`,
    `apiVersion: keda.sh/v1alpha1`,
    `kind: TriggerAuthentication`,
    `metadata:`,
    `  name: ${yamlScalarText(authName)}`,
    ...(doc.namespaceExplicit ? [`  namespace: ${yamlScalarText(doc.namespace)}`] : []),
    `spec:`,
    `  secretTargetRef:`,
    ...keys.flatMap((k) => [`  - parameter: ${k}`, `    name: ${yamlScalarText(secretName)}`, `    key: ${k}`]),
  ];
  const end = file.text.length;
  const lead = file.text === '' || file.text.endsWith('\n') ? '' : eol;
  edits.push({ uri: file.uri, range: { start: end, end }, newText: lead + lines.join(eol) + eol });
  return {
    title: msg('Move {keys} to TriggerAuthentication {auth} (you create Secret {secret})', { keys: keys.join(', '), auth: authName, secret: secretName }),
    edits,
    preferred: true,
    safety: 'review',
    why: msg('Secret {secret} must be created with the credential first', { secret: secretName }),
  };
}
