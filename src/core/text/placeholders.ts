// Placeholders left in a value for a person or a templating tool to fill in: `<YOUR CLUSTER NAME>`, `${CLUSTER}`,
// `$CLUSTER`, `{CLUSTER_NAME}` (sed), `$(CLUSTER)` (Kubernetes' own env expansion, a placeholder only when unset).

export interface Placeholder {
  /** The placeholder as written. */
  text: string;
  /** Offset in the value. */
  index: number;
  /** For `$(VAR)`: the variable Kubernetes expands from the container's env. */
  kubernetesVar?: string;
}

const PATTERNS: RegExp[] = [
  /<[^<>\r\n]{1,80}>/g, // <YOUR CLUSTER NAME>, <cluster-name>
  /\$\{[^}\r\n]{1,80}\}/g, // ${CLUSTER_NAME} (shell, envsubst, Terraform)
  /\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, // $(CLUSTER_NAME): kubelet expands it from env
  /\$[A-Za-z_][A-Za-z0-9_]*/g, // $CLUSTER_NAME (envsubst)
  /(?<![{$])\{[A-Z][A-Z0-9_]*\}(?!\})/g, // {CLUSTER_NAME} (sed)
];

/** Placeholders in `value`, in order; `$(VAR)` is reported with its variable so callers can check the env. */
export function findPlaceholders(value: string): Placeholder[] {
  const found: Placeholder[] = [];
  for (const pattern of PATTERNS) {
    for (const m of value.matchAll(pattern)) {
      const index = m.index ?? 0;
      if (found.some((f) => index < f.index + f.text.length && f.index < index + m[0].length)) continue;
      found.push({ text: m[0], index, kubernetesVar: m[0].startsWith('$(') ? m[1] : undefined });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}
