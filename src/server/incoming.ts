// What clients send, checked before a handler reads it: requests without the params they need are answered
// with InvalidParams (not an internal error), and document sync events that are malformed, older than the
// text the server holds or open an already open document are dropped, so the server never analyses, or labels diagnostics with, a stale version.
import { ErrorCodes, Message, ResponseError, type Connection, type ConnectionOptions, type Position, type Range, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** InvalidParams for `method`, saying what is missing. */
export function invalidParams(method: string, what: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, `${method}: ${what}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPosition(v: unknown): v is Position {
  return isObject(v) && Number.isInteger(v.line) && Number.isInteger(v.character) && (v.line as number) >= 0 && (v.character as number) >= 0;
}

function isRange(v: unknown): v is Range {
  return isObject(v) && isPosition(v.start) && isPosition(v.end);
}

/** `params` as an object, or InvalidParams. */
export function paramsObject(method: string, params: unknown): Record<string, unknown> {
  if (!isObject(params)) throw invalidParams(method, 'params must be an object');
  return params;
}

/** `params.textDocument.uri`, or InvalidParams. */
export function documentUri(method: string, params: unknown): string {
  const textDocument = paramsObject(method, params).textDocument;
  if (!isObject(textDocument) || typeof textDocument.uri !== 'string') throw invalidParams(method, 'params.textDocument.uri must be a string');
  return textDocument.uri;
}

/** `params.position` (line and character, whole numbers ≥ 0), or InvalidParams. */
export function positionParam(method: string, params: unknown): Position {
  const position = paramsObject(method, params).position;
  if (!isPosition(position)) throw invalidParams(method, 'params.position must have whole-number line and character');
  return position;
}

/** `params.range`, or InvalidParams. */
export function rangeParam(method: string, params: unknown): Range {
  const range = paramsObject(method, params).range;
  if (!isRange(range)) throw invalidParams(method, 'params.range must have a start and an end position');
  return range;
}

/** Why a didOpen/didChange/didClose cannot be applied to `documents`; undefined when it can. */
export function syncProblem(kind: 'open' | 'change' | 'close', params: unknown, documents: TextDocuments<TextDocument>): string | undefined {
  if (!isObject(params) || !isObject(params.textDocument) || typeof params.textDocument.uri !== 'string') return 'no textDocument.uri';
  const { uri, version } = params.textDocument;
  if (kind === 'close') return undefined;
  if (!Number.isInteger(version)) return `${uri}: no whole-number version`;
  if (kind === 'open') {
    if (typeof params.textDocument.text !== 'string') return `${uri}: no text`;
    // A didOpen of a document already open (no didClose between) is a protocol error: the text held stays.
    const open = documents.get(uri);
    return open ? `${uri} is already open (version ${open.version}); close it first` : undefined;
  }
  const changes = params.contentChanges;
  if (!Array.isArray(changes) || !changes.every((c) => isObject(c) && typeof c.text === 'string' && (c.range === undefined || isRange(c.range)))) return `${uri}: malformed contentChanges`;
  const held = documents.get(uri);
  // LSP versions increase with every change: an equal or lower one is a late or repeated message.
  if (held && (version as number) <= held.version) return `${uri}: version ${version} is not newer than ${held.version}`;
  return undefined;
}

/**
 * `documents.listen(connection)` with each sync event checked by syncProblem first; rejected events are logged
 * and dropped (TextDocuments would apply an older version, or throw on a malformed one).
 */
export function listenGuarded(documents: TextDocuments<TextDocument>, connection: Connection, log: (message: string) => void): void {
  const guard =
    <P>(kind: 'open' | 'change' | 'close', register: (handler: (params: P) => void) => unknown) =>
    (handler: (params: P) => void) =>
      register((params: P) => {
        const problem = syncProblem(kind, params, documents);
        if (problem) log(`ignored did${kind[0].toUpperCase()}${kind.slice(1)}: ${problem}`);
        else handler(params);
      });
  const guarded = new Proxy(connection, {
    get(target, prop) {
      if (prop === 'onDidOpenTextDocument') return guard('open', target.onDidOpenTextDocument.bind(target));
      if (prop === 'onDidChangeTextDocument') return guard('change', target.onDidChangeTextDocument.bind(target));
      if (prop === 'onDidCloseTextDocument') return guard('close', target.onDidCloseTextDocument.bind(target));
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  documents.listen(guarded);
}

/**
 * `initialize` params the server and vscode-languageserver can read: `params: null` (or not an object) and
 * `capabilities: null` become defaults, a `rootUri` that is not a string and `workspaceFolders` that are not
 * an array of `{ uri: string }` are left out. The library reads `params.processId` and `params.capabilities`
 * before any handler runs, so this happens on the message itself (connectionOptions below).
 */
export function initializeParams(params: unknown): Record<string, unknown> {
  const p = isObject(params) ? { ...params } : {};
  if (!isObject(p.capabilities)) p.capabilities = {};
  if (typeof p.processId !== 'number') p.processId = null;
  if (typeof p.rootUri !== 'string') p.rootUri = null;
  p.workspaceFolders = Array.isArray(p.workspaceFolders) ? p.workspaceFolders.filter((f) => isObject(f) && typeof f.uri === 'string') : null;
  return p;
}

/** Options for createConnection: an `initialize` request is tolerated with defaults for what is missing (initializeParams). */
export const connectionOptions: ConnectionOptions = {
  messageStrategy: {
    handleMessage(message, next) {
      if (Message.isRequest(message) && message.method === 'initialize') return next({ ...message, params: initializeParams(message.params) } as Message);
      return next(message);
    },
  },
};
