// Target versions and fix defaults. Defaults are the newest releases our domain reference covers.
// defaultRequests come from workspace settings (a repository can set them), so they are checked as quantities before use.
import { parseQuantity } from '../k8s/quantity';
import type { LiveRequests } from '../k8s/requestSuggestion';
import { msg, type Message } from '../l10n';

export interface Settings {
  /** Target Kubernetes minor version, e.g. "1.34". */
  kubernetesVersion: string;
  /** Target Karpenter version, e.g. "1.8". */
  karpenterVersion: string;
  /** Target KEDA version, e.g. "2.18". */
  kedaVersion: string;
  /** Requests inserted by the missing-request quick fixes. */
  defaultRequests: { cpu: string; memory: string };
  /** Requests measured in the connected cluster (sent by the extension); the quick fixes offer them before the defaults. */
  liveRequests?: LiveRequests;
}

export const defaultSettings: Settings = {
  kubernetesVersion: '1.35',
  karpenterVersion: '1.8',
  kedaVersion: '2.20',
  defaultRequests: { cpu: '100m', memory: '128Mi' },
};

export function withDefaults(partial: Partial<Settings> | undefined): Settings {
  return {
    ...defaultSettings,
    ...stripUndefined(partial ?? {}),
    defaultRequests: { ...defaultSettings.defaultRequests, ...stripUndefined(partial?.defaultRequests ?? {}) },
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== '')) as Partial<T>;
}

/**
 * The request value a quick fix may insert for `resource`: the setting when it is a positive Kubernetes
 * quantity, else the built-in default and a message saying why (the setting is never inserted as text).
 */
export function requestDefault(settings: Settings, resource: keyof Settings['defaultRequests']): { value: string; problem?: Message } {
  const fallback = defaultSettings.defaultRequests[resource];
  const raw: unknown = settings.defaultRequests?.[resource];
  if (raw === undefined || raw === null || raw === '') return { value: fallback };
  const text = String(raw);
  const q = typeof raw === 'string' || typeof raw === 'number' ? parseQuantity(text) : undefined;
  if (q?.ok && q.nanos > 0n) return { value: text };
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  return {
    value: fallback,
    problem: msg('kubeScalingDoctor.defaultRequests.{resource} {value} is not a positive Kubernetes quantity; the default {fallback} is used', { resource, value: shown, fallback }),
  };
}
