// Sends the language server the request values measured in the connected cluster (kubeScalingDoctor/liveRequests), so
// the missing-request quick fix offers them with their source before the placeholder default. It follows the session
// the cluster features already started (it never connects by itself) and learns usage only while pods' metrics are
// read (a namespace row of the Cluster view open, a workload lens shown, the table), sampling each metrics read once and redoing the values at most every
// UPDATE_MS; usageRequests.ts decides the values. `{}` once no session is left.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ClusterSession } from '../../core/cluster/session';
import { LiveRequestsNotification } from '../../core/language/protocol';
import type { ClusterService } from '../cluster/service';
import { UsageRequests } from './usageRequests';

/** Pod changes arrive every 100 ms on a busy cluster: the values (a pass over every pod) are redone at most this often. */
const UPDATE_MS = 5_000;

export function registerLiveRequests(service: ClusterService, client: () => LanguageClient | undefined): vscode.Disposable {
  let followed: ClusterSession | undefined;
  let sub: { dispose(): void } | undefined;
  let usage = new UsageRequests();
  let sent = '{}';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      update();
    }, UPDATE_MS);
  };

  const update = () => {
    const session = followed;
    if (session) usage.observe(session.snapshot().metricsAt, session);
    const values = session ? usage.values(session) : {};
    const payload = JSON.stringify(values);
    const c = client();
    if (payload === sent || !c?.isRunning()) return;
    sent = payload;
    void c.sendNotification(LiveRequestsNotification.method, values);
  };
  const follow = (session: ClusterSession | undefined) => {
    if (session === followed) return update();
    sub?.dispose();
    followed = session;
    // Another cluster or namespace: what was measured belongs to the old one.
    usage = new UsageRequests();
    sub = session?.onDidChange((change) => {
      if (!change.pods) return;
      // Every metrics read is sampled (a no-op between reads), whatever kubeScalingDoctor.cluster.metricsInterval is.
      usage.observe(session.snapshot().metricsAt, session);
      schedule();
    });
    update();
  };
  follow(service.activeSession());
  return vscode.Disposable.from(
    service.onDidStartSession(follow),
    service.onDidChange(() => follow(service.activeSession())),
    {
      dispose: () => {
        sub?.dispose();
        clearTimeout(timer);
      },
    },
  );
}
