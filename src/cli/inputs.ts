// The inputs of `lint`: the paths named on the command line, expanded and read, with each path that cannot be
// read reported on its own so one bad path never hides the findings of the others (nor passes CI: exit 2).
import * as nodeFs from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findYamlFilesSync } from '../core/manifest/files';
import { formatBytes } from './command';
import { msg, type Message } from '../core/l10n';

/** `-` reads a manifest stream from standard input, e.g. `helm template . | kube-scaling-doctor lint -`. */
export const STDIN = '-';
export const STDIN_NAME = '<stdin>';
export const STDIN_URI = 'untitled:stdin';
/**
 * Large enough for `helm template` of big charts and `kubectl get … -o yaml` dumps (a few MiB; one stored
 * Kubernetes object is at most 1.5 MiB), small enough that a wrong argument fails in a second, not after
 * the parser has taken gigabytes.
 */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 ** 2;

export interface InputFile {
  /** The path as shown to the user: as given, or joined below a given directory. */
  display: string;
  absolute: string;
  uri: string;
}

/**
 * A path that could not be read, and why in words (`no such file or directory`, `not a regular file (a FIFO)`): a
 * template, shown in the reader's language on the terminal and in English in JSON and SARIF (a plain string is the
 * system's own error text).
 */
export interface Unreadable {
  display: string;
  absolute: string;
  reason: string | Message;
}

/** The file system calls the inputs use; tests replace some, as root reads whatever the file mode says. */
export type InputFs = Pick<typeof nodeFs, 'statSync' | 'lstatSync' | 'readdirSync' | 'openSync' | 'fstatSync' | 'readSync' | 'closeSync'>;

export interface ReadOptions {
  maxBytes: number;
  fs?: InputFs;
  /** Standard input's chunks; process.stdin unless a test gives another stream. */
  stdin?: AsyncIterable<Buffer | string>;
}

export interface ReadResult {
  files: { input: InputFile; text: string }[];
  unreadable: Unreadable[];
}

/** Every YAML file the arguments name, and every path among them that cannot be listed or is not a regular file. */
export function collectInputs(paths: readonly string[], fs: InputFs = nodeFs): { inputs: InputFile[]; unreadable: Unreadable[] } {
  const seen = new Set<string>();
  const inputs: InputFile[] = [];
  const unreadable: Unreadable[] = [];
  const refuse = (display: string, reason: string | Message) => {
    const absolute = resolve(display);
    if (!seen.has(absolute)) unreadable.push({ display, absolute, reason });
    seen.add(absolute);
  };
  const add = (display: string) => {
    const absolute = resolve(display);
    if (seen.has(absolute)) return;
    seen.add(absolute);
    inputs.push({ display, absolute, uri: pathToFileURL(absolute).href });
  };
  for (const p of paths) {
    if (p === STDIN) {
      if (!seen.has(STDIN)) inputs.push({ display: STDIN_NAME, absolute: STDIN, uri: STDIN_URI });
      seen.add(STDIN);
      continue;
    }
    let st: nodeFs.Stats;
    try {
      st = fs.statSync(p);
    } catch (err) {
      refuse(p, isBrokenLink(fs, p, err) ? msg('broken symbolic link (its target does not exist)') : describeFsError(err));
      continue;
    }
    if (st.isDirectory()) {
      // A directory's files are shown below the path as given (`k8s/` → `k8s/hpa.yaml`); so are the directories it cannot list.
      const found = findYamlFilesSync(p, { readdir: (d) => fs.readdirSync(d, { withFileTypes: true }), onError: (d, err) => refuse(d, describeFsError(err)) });
      found.forEach(add);
    } else if (st.isFile()) add(p);
    else refuse(p, notRegular(st));
  }
  return { inputs, unreadable };
}

/** Collects and reads the inputs; each failure becomes an Unreadable entry, never an exception. */
export async function readInputs(paths: readonly string[], options: ReadOptions): Promise<ReadResult> {
  const fs = options.fs ?? nodeFs;
  const { inputs, unreadable } = collectInputs(paths, fs);
  const files: ReadResult['files'] = [];
  for (const input of inputs) {
    const read = input.absolute === STDIN ? await readStdin(options.stdin ?? process.stdin, options.maxBytes) : readRegularFile(fs, input.absolute, options.maxBytes);
    if (typeof read === 'string') files.push({ input, text: read });
    else unreadable.push({ display: input.display, absolute: input.absolute, reason: read.reason });
  }
  return { files, unreadable };
}

const utf16le = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });

/**
 * The text of a manifest's bytes: UTF-8 (a byte-order mark kept, invalid bytes replaced), or UTF-16 with a
 * byte-order mark (LE or BE, as kubectl reads it), whose mark is dropped (--fix refuses such a file: it is
 * not UTF-8). NUL bytes without a UTF-16 mark are no YAML (UTF-16 without a mark, or not text): unreadable,
 * never read as an empty, clean file.
 */
export function decodeText(bytes: Buffer): string | { reason: string | Message } {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  if (le || be) {
    const body = Buffer.from(bytes.subarray(2));
    try {
      if (body.length % 2) throw new Error('odd length');
      return utf16le.decode(be ? body.swap16() : body);
    } catch {
      return { reason: msg('it is not valid UTF-16: save it as UTF-8') };
    }
  }
  if (bytes.includes(0)) return { reason: msg('it contains NUL bytes (UTF-16 without a byte-order mark, or not text): save it as UTF-8') };
  return bytes.toString('utf8');
}

/** A regular file's text, checking again after the open: the path may have become a FIFO, a directory or a bigger file since it was listed. */
function readRegularFile(fs: InputFs, path: string, maxBytes: number): string | { reason: string | Message } {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO put in place since the stat must not wait for a writer.
    fd = fs.openSync(path, nodeFs.constants.O_RDONLY | (nodeFs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    return { reason: describeFsError(err) };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { reason: st.isDirectory() ? msg('is a directory') : notRegular(st) };
    if (st.size > maxBytes) return { reason: tooLarge(maxBytes, st.size) };
    // Read to the end rather than trusting the size: a file may grow while it is read.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, maxBytes + 1 - total));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) return { reason: tooLarge(maxBytes) };
    }
    return decodeText(Buffer.concat(chunks));
  } catch (err) {
    return { reason: describeFsError(err) };
  } finally {
    fs.closeSync(fd);
  }
}

/** Standard input up to the cap; `lint - < /dev/zero` stops at the cap instead of reading forever. */
async function readStdin(stream: AsyncIterable<Buffer | string>, maxBytes: number): Promise<string | { reason: string | Message }> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(bytes);
      total += bytes.length;
      // Leaving the loop destroys the stream, so nothing more is read.
      if (total > maxBytes) return { reason: tooLarge(maxBytes) };
    }
  } catch (err) {
    return { reason: describeFsError(err) };
  }
  return decodeText(Buffer.concat(chunks));
}

function tooLarge(maxBytes: number, size?: number): Message {
  const limit = formatBytes(maxBytes);
  return size === undefined ? msg('more than the --max-file-size limit of {limit}', { limit }) : msg('{size} is more than the --max-file-size limit of {limit}', { size: formatBytes(size), limit });
}

function notRegular(st: nodeFs.Stats): Message {
  if (st.isCharacterDevice()) return msg('not a regular file (a character device)');
  if (st.isBlockDevice()) return msg('not a regular file (a block device)');
  if (st.isFIFO()) return msg('not a regular file (a FIFO)');
  if (st.isSocket()) return msg('not a regular file (a socket)');
  return msg('not a regular file (an unknown kind)');
}

function isBrokenLink(fs: InputFs, path: string, err: unknown): boolean {
  if ((err as NodeJS.ErrnoException)?.code !== 'ENOENT') return false;
  try {
    return fs.lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

const FS_ERRORS: Record<string, Message> = {
  ENOENT: msg('no such file or directory'),
  EACCES: msg('permission denied'),
  EPERM: msg('operation not permitted'),
  EISDIR: msg('is a directory'),
  ENOTDIR: msg('a part of the path is not a directory'),
  ELOOP: msg('too many levels of symbolic links'),
  ENAMETOOLONG: msg('file name too long'),
  EIO: msg('input/output error'),
  EMFILE: msg('too many open files'),
  ENOSPC: msg('no space left on device'),
  EDQUOT: msg('disk quota exceeded'),
  EROFS: msg('read-only file system'),
};

/** An fs error in words, without a stack trace; an error we have no words for keeps the system's own message. */
export function describeFsError(err: unknown): string | Message {
  const e = err as NodeJS.ErrnoException;
  return (e?.code && FS_ERRORS[e.code]) || e?.message || String(err);
}
