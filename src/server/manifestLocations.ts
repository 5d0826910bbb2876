// Answers ManifestLocationsRequest (the Doctor view asks where a cluster object's manifests are) from
// the server's workspace index, in LSP positions.
import { RequestType } from 'vscode-languageserver/node';
import { manifestLocations } from '../core/language/manifestLocations';
import { ManifestLocationsRequest, type ManifestLocation, type ManifestLocationsParams } from '../core/language/protocol';
import { toRange } from './lspConvert';
import type { ServerState } from './state';

/**
 * ManifestLocationsRequest.type with the server's RequestType class: vscode-languageserver 10 keeps its own
 * vscode-jsonrpc (9.x) beside the client's (10.x), and their classes do not type-check across copies.
 */
const request = new RequestType<ManifestLocationsParams, ManifestLocation[], void>(ManifestLocationsRequest.method);

export function registerManifestLocations(state: ServerState): void {
  const { connection, workspace } = state;
  connection.onRequest(
    request,
    state.safe('manifestLocations', [] as ManifestLocation[], async (params: ManifestLocationsParams) => {
      // Asked right after the server started (the doctor starts it), the answer waits for the workspace scan.
      await state.workspaceIndexed;
      // Untyped senders (other editors, tests) may send anything: bad params answer an empty list.
      const objects = Array.isArray(params?.objects) ? params.objects : [];
      return manifestLocations(workspace, objects, typeof params?.namespace === 'string' ? params.namespace : 'default').map((l) => ({
        uri: l.uri,
        object: l.object,
        range: toRange(workspace.get(l.uri)!, l.range),
      }));
    }),
  );
}
