// The effective settings: initializationOptions, under what the client pushes (didChangeConfiguration)
// and pulls (workspace/configuration), under the connected cluster's versions (kubeScalingDoctor/clusterVersions, which
// the extension sends only for keys the user did not set), over core's defaults; and the request values the connected
// cluster measured (kubeScalingDoctor/liveRequests), for the quick fixes. A change re-analyzes everything.
import { ClusterVersionsNotification, clusterVersionsOf, LiveRequestsNotification, liveRequestsOf, SETTINGS_SECTION, settingsFromConfiguration } from '../core/language/protocol';
import { withDefaults, type Settings } from '../core/lint/settings';
import type { Diagnostics } from './diagnostics';
import type { ServerState } from './state';

/** `b` over `a`, key by key; undefined values do not override. */
function merge(a: Partial<Settings>, b: Partial<Settings>): Partial<Settings> {
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return { ...defined(a), ...defined(b), defaultRequests: { ...defined(a.defaultRequests ?? {}), ...defined(b.defaultRequests ?? {}) } as Settings['defaultRequests'] };
}

/** Recomputes state.settings from initializationOptions, the pushed settings and, when the client allows, the pulled ones. */
export async function refreshSettings(state: ServerState, pushed?: unknown): Promise<void> {
  let fromClient: Partial<Settings> = settingsFromConfiguration(pushed);
  if (state.client.pullConfig) {
    try {
      fromClient = merge(fromClient, settingsFromConfiguration(await state.connection.workspace.getConfiguration(SETTINGS_SECTION)));
    } catch (err) {
      state.log(`could not read settings: ${(err as Error).message}`);
    }
  }
  state.settings = { ...withDefaults(merge(merge(settingsFromConfiguration(state.initSettings), fromClient), state.clusterVersions)), liveRequests: state.liveRequests };
}

export function registerSettings(state: ServerState, diagnostics: Diagnostics): void {
  state.connection.onDidChangeConfiguration(
    state.safe('configuration', undefined, async (params) => {
      await refreshSettings(state, params.settings);
      diagnostics.analyzeAll();
    }),
  );
  state.connection.onNotification(
    ClusterVersionsNotification.method,
    state.safe('cluster versions', undefined, async (params: unknown) => {
      state.clusterVersions = clusterVersionsOf(params);
      await refreshSettings(state);
      diagnostics.analyzeAll();
    }),
  );
  state.connection.onNotification(
    LiveRequestsNotification.method,
    state.safe('live requests', undefined, async (params: unknown) => {
      state.liveRequests = liveRequestsOf(params);
      // Only the quick fixes read them (on a code action request): the findings stay, their fixes are re-made.
      await refreshSettings(state);
      diagnostics.analyzeAll();
    }),
  );
}
