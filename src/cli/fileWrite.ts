// How `lint --fix` writes a file without losing data: only a file still as it was read, only valid UTF-8, through a
// temporary file in the same folder renamed over it (a crash or a full disk leaves the old file whole), same mode.
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { msg, render, type Message } from '../core/l10n';
import { describeFsError } from './inputs';

/** A file as `--fix` found it on disk before fixing: what a later write compares against. */
export interface FileSnapshot {
  /** The real path (symlinks resolved), so a rename replaces the file and not the link. */
  path: string;
  bytes: Buffer;
  mode: number;
  mtimeMs: number;
  size: number;
}

/** A write that was not done, and why in words for the user (a template; `message` is its English); the file on disk is untouched. */
export class WriteRefusedError extends Error {
  constructor(readonly why: Message) {
    super(render(why, 'en'));
  }
}

/** A refusal because the file is not valid UTF-8: by design (its findings are reported), not a failed write. */
export class NotUtf8Error extends WriteRefusedError {}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of UTF-8 bytes (a byte-order mark kept), or undefined when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The file at `path` if fixing it is safe: its bytes are valid UTF-8 and decode to `expected` (the text the
 * run analyzed, byte-order mark included). Throws WriteRefusedError saying why not.
 */
export function snapshotForFix(path: string, expected: string): FileSnapshot {
  let real: string;
  let bytes: Buffer;
  try {
    real = realpathSync(path);
    bytes = readFileSync(real);
  } catch (err) {
    throw new WriteRefusedError(msg('cannot read it again: {reason}', { reason: describeFsError(err) }));
  }
  const st = statSync(real);
  if (!st.isFile()) throw new WriteRefusedError(msg('it is not a regular file'));
  const text = decodeUtf8(bytes);
  if (text === undefined && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)))
    throw new NotUtf8Error(msg('it is UTF-16, and --fix writes only UTF-8; convert it to UTF-8 first'));
  if (text === undefined) throw new NotUtf8Error(msg('it is not valid UTF-8, and rewriting it would replace those bytes; convert it to UTF-8 first'));
  if (text !== expected) throw new WriteRefusedError(msg('it changed on disk since it was read; run again'));
  return { path: real, bytes, mode: st.mode & 0o7777, mtimeMs: st.mtimeMs, size: st.size };
}

/**
 * `text` with the line endings of `original` where that file used one kind throughout: fixes render
 * new lines with `\n` in places, and a CRLF file must stay CRLF (and an LF file LF).
 */
export function keepLineEndings(original: string, text: string): string {
  const crlf = (original.match(/\r\n/g) ?? []).length;
  const lf = (original.match(/\n/g) ?? []).length;
  if (lf > 0 && crlf === lf) return text.replace(/\r?\n/g, '\r\n');
  if (lf > 0 && !original.includes('\r')) return text.replace(/\r\n/g, '\n');
  return text;
}

/**
 * Replaces the file of `snapshot` with `text` (UTF-8) atomically: a temporary file in the same folder with the
 * file's mode, flushed, then renamed over it, and only while the file still holds the snapshot's bytes.
 * Throws WriteRefusedError (the file untouched) when it changed or cannot be written.
 */
export function writeFileAtomically(snapshot: FileSnapshot, text: string): void {
  const unchanged = () => {
    try {
      const st = statSync(snapshot.path);
      return st.mtimeMs === snapshot.mtimeMs && st.size === snapshot.size && readFileSync(snapshot.path).equals(snapshot.bytes);
    } catch {
      return false;
    }
  };
  if (!unchanged()) throw new WriteRefusedError(msg('it changed on disk since it was read; run again'));
  const temp = join(dirname(snapshot.path), `.${basename(snapshot.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', snapshot.mode);
    writeFileSync(fd, text, 'utf8');
    fchmodSync(fd, snapshot.mode); // the mode given to open is narrowed by the umask
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    // Checked again right before the rename: an editor that saved meanwhile keeps its save.
    if (!unchanged()) throw new WriteRefusedError(msg('it changed on disk while being fixed; run again'));
    renameSync(temp, snapshot.path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // never created, or already renamed
    }
    if (err instanceof WriteRefusedError) throw err;
    throw new WriteRefusedError(msg('cannot write it: {reason}', { reason: describeFsError(err) }));
  }
}
