// A language server session over stdio against the built CLI (`node dist/cli.js lsp --stdio`) for the LSP tests:
// it records what the server sends (diagnostics, messages, edits, every raw message) and can send raw JSON-RPC
// that a typed client refuses to produce (`params: null`). Not a test file itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type Message, type MessageConnection } from 'vscode-jsonrpc/node';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const WAIT_MS = 10_000;

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: { code?: string; message: string }[];
}

export interface AppliedEdit {
  label?: string;
  edit: {
    changes?: Record<string, { newText: string }[]>;
    documentChanges?: { textDocument: { uri: string; version: number | null }; edits: { newText: string }[] }[];
  };
}

export interface Session {
  rpc: MessageConnection;
  /** Every publishDiagnostics notification, in order. */
  published: PublishedDiagnostics[];
  /** window/showMessage notifications (and showMessageRequest requests), in order. */
  messages: { type: number; message: string }[];
  /** workspace/applyEdit requests the server sent, in order (all answered as applied). */
  applied: AppliedEdit[];
  request<T>(method: string, params: unknown): Promise<T>;
  /** Sends `{ id, method, params }` verbatim and resolves with the raw response (result or error). */
  rawRequest(method: string, params: unknown): Promise<{ result?: unknown; error?: { code: number; message: string } }>;
  /** Sends a notification verbatim (e.g. with `params: null`). */
  rawNotify(method: string, params: unknown): Promise<void>;
  waitFor<T>(what: string, check: () => T | undefined): Promise<T>;
  stderr(): string;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** False: the test sends initialize itself. */
  initialize?: boolean;
  /** More `initialize` params: the client's `locale`, `initializationOptions`. */
  params?: Record<string, unknown>;
  /** The server's environment instead of this process's (LANG, LC_ALL). */
  env?: NodeJS.ProcessEnv;
  /** More arguments of `lsp --stdio` (`--lang ja`). */
  args?: string[];
}

/** Starts the server and initializes it with `capabilities`, no workspace folder (unless `initialize` is false). */
export async function startSession(capabilities: Record<string, unknown>, { initialize = true, params = {}, env, args = [] }: SessionOptions = {}): Promise<Session> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'lsp', '--stdio', ...args], { stdio: ['pipe', 'pipe', 'pipe'], ...(env ? { env } : {}) });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const raw: Message[] = [];
  const reader = new StreamMessageReader(child.stdout!);
  const writer = new StreamMessageWriter(child.stdin!);
  // Every incoming message is kept, so answers to raw requests (ids the connection does not know) can be read.
  const recordingReader = Object.assign(Object.create(reader) as StreamMessageReader, {
    listen: (callback: (m: Message) => void) =>
      reader.listen((m) => {
        raw.push(m);
        callback(m);
      }),
  });
  const rpc = createMessageConnection(recordingReader, writer);
  const session: Session = {
    rpc,
    published: [],
    messages: [],
    applied: [],
    request: <T>(method: string, params: unknown) => withTimeout(method, rpc.sendRequest(method, params) as Promise<T>),
    async rawRequest(method, params) {
      const id = `raw-${raw.length}-${Math.random().toString(36).slice(2)}`;
      await writer.write({ jsonrpc: '2.0', id, method, params } as Message);
      return session.waitFor(
        `the answer to ${method}`,
        () => raw.find((m) => (m as { id?: unknown }).id === id && !('method' in m)) as { result?: unknown; error?: { code: number; message: string } } | undefined,
      );
    },
    async rawNotify(method, params) {
      await writer.write({ jsonrpc: '2.0', method, params } as Message);
    },
    async waitFor(what, check) {
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const v = check();
        if (v !== undefined) return v;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; server stderr: ${stderr.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    stderr: () => stderr,
    async close() {
      try {
        await withTimeout('shutdown', rpc.sendRequest('shutdown'));
        await rpc.sendNotification('exit');
      } finally {
        rpc.dispose();
        if (child.exitCode === null) child.kill();
      }
    },
  };
  rpc.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => void session.published.push(p));
  rpc.onNotification('window/showMessage', (p: { type: number; message: string }) => void session.messages.push(p));
  rpc.onRequest('window/showMessageRequest', (p: { type: number; message: string }) => {
    session.messages.push(p);
    return null;
  });
  rpc.onNotification('window/logMessage', () => undefined);
  rpc.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  rpc.onRequest('client/registerCapability', () => null);
  rpc.onRequest('workspace/codeLens/refresh', () => null);
  rpc.onRequest('workspace/applyEdit', (p: AppliedEdit) => {
    session.applied.push(p);
    return { applied: true };
  });
  rpc.listen();
  if (!initialize) return session;
  await session.request('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities, ...params });
  await rpc.sendNotification('initialized', {});
  return session;
}

function withTimeout<T>(what: string, p: Promise<T>, ms = WAIT_MS): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => (t = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)))]).finally(() => clearTimeout(t));
}
