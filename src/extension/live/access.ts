// Whether live CodeLens may talk to the cluster. In an untrusted workspace (Restricted Mode) opening the
// repository's YAML must not connect (that runs the kubeconfig's credential plugin and reads objects named by
// the repository): live lenses wait for trust, or for the user to ask. No `vscode` import: unit-tested directly.
import { t } from '../../core/l10n';
import { keyRange, type SourceFile } from '../../core/manifest/model';
import type { OffsetRange } from '../../core/text/edits';
import { liveKind } from './liveLenses';

/** The command that turns live CodeLens on in an untrusted workspace, for this window. */
export const CONNECT_LIVE_COMMAND = 'kube-scaling-doctor.connectLiveCodeLens';

export interface LiveAccessInputs {
  /** The `kubeScalingDoctor.liveCodeLens` setting. */
  enabled: boolean;
  /** `vscode.workspace.isTrusted`. */
  trusted: boolean;
  /** The user ran CONNECT_LIVE_COMMAND in this window. */
  userAsked: boolean;
}

/** `connect`: lenses may start the cluster session; `waitForTrust`: one lens says how to connect, nothing else. */
export type LiveAccess = 'off' | 'connect' | 'waitForTrust';

export function liveAccess(inp: LiveAccessInputs): LiveAccess {
  if (!inp.enabled) return 'off';
  return inp.trusted || inp.userAsked ? 'connect' : 'waitForTrust';
}

export interface WaitingLens {
  range: OffsetRange;
  title: string;
  tooltip: string;
  command: string;
}

/** The one lens of a file while live access waits for trust: where the first live lens would be (the `kind` key). */
export function waitingLens(file: SourceFile): WaitingLens | undefined {
  const doc = file.docs.find((d) => liveKind(d));
  if (!doc) return undefined;
  return {
    range: keyRange(doc.root, 'kind', { start: doc.range.start, end: doc.range.start }),
    title: t('Live cluster state: off in Restricted Mode (connect)'),
    tooltip: t(
      'This workspace is not trusted, so Scaling Doctor does not connect to your cluster on its own. Trust the workspace, or click to connect for this window (runs your kubeconfig and its credential plugin).',
    ),
    command: CONNECT_LIVE_COMMAND,
  };
}
