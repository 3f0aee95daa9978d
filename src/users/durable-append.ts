import { constants } from 'node:fs';
import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * Appends the lines (each without a newline of its own) and fsyncs once. The leading newline ends a line
 * a crash or a full disk may have cut short, so each line is always a line of its own. The lines go in
 * writes of whole lines (see linesInWrites), each of which another writer appending at once cannot
 * split. A file this append created, or (with a DurableName) one this writer appends to for the first
 * time, also has its directory fsynced: until then its name may not survive a power loss, and with it
 * every completion in it.
 *
 * A replay (this process's or `npm run reconcile`'s) renames the journal aside, reads it and removes it:
 * lines that reach the renamed file after it was read would be removed unread. So once they are on disk,
 * the append checks that the file it wrote is still the journal; if it was renamed meanwhile, the lines
 * are appended again to the journal now in its place. A replay that read them too (or carried them over
 * when it settled) records them once: completing an enrollment twice answers `already-completed`.
 */
export async function appendDurably(
  file: string,
  lines: readonly string[],
  options: AppendOptions = {},
): Promise<void> {
  if (lines.length === 0) return;
  const writes = linesInWrites(lines);
  for (let attempt = 1; ; attempt += 1) {
    const { handle, created } = await openForAppend(file);
    let written: { opened: FileIdentity; stillTheJournal: boolean };
    try {
      await options.afterOpen?.();
      for (const write of writes) await writeAtEnd(handle, Buffer.from(write));
      await handle.sync();
      written = await identify(handle, file);
    } finally {
      await handle.close();
    }
    if (created || options.durableName?.needsDirectorySync(written.opened)) {
      await syncDirectory(path.dirname(file));
      options.durableName?.record(written.opened);
    }
    if (written.stillTheJournal) return;
    // Bounded: the appends queued behind this one wait for it. The caller records the completion in
    // the database with retries and logs it, as for any other journal failure.
    if (attempt === MAX_APPEND_ATTEMPTS) {
      throw new Error(`the journal was moved during ${attempt} appends in a row`);
    }
  }
}

export interface AppendOptions {
  /** TESTS ONLY: awaited once the file is open, before the write (see EnrollmentJournal). */
  readonly afterOpen?: () => Promise<void>;
  /** The file whose name this writer last made durable (one per journal file path). */
  readonly durableName?: DurableName;
}

/** A file, by device, inode and birth time: a removed file's inode number can be given to the next new one. */
export interface FileIdentity {
  readonly dev: bigint;
  readonly ino: bigint;
  /** 0 where the filesystem does not keep it: such a file is never taken for one seen before. */
  readonly birthtimeNs: bigint;
}

/**
 * The file whose name (its directory entry) this writer last made durable. The writer that creates a
 * file fsyncs its directory after its own write, so an append that finds the file already there (created
 * by a replay's settle or by `npm run reconcile`) could be acknowledged before the name is on disk: it
 * fsyncs the directory itself, once per file.
 */
export class DurableName {
  private last: FileIdentity | undefined;

  needsDirectorySync(file: FileIdentity): boolean {
    const last = this.last;
    return (
      last === undefined ||
      file.birthtimeNs === 0n ||
      last.dev !== file.dev ||
      last.ino !== file.ino ||
      last.birthtimeNs !== file.birthtimeNs
    );
  }

  record(file: FileIdentity): void {
    this.last = { dev: file.dev, ino: file.ino, birthtimeNs: file.birthtimeNs };
  }
}

/**
 * A file opened for appending takes each write() whole, at its end; but a larger buffer would take several
 * writes (Node's appendFile splits at 512 KiB), and an append of another writer (a replay's settle next to
 * the group commit, or `npm run reconcile` next to the gateway) could land between two of them, cutting a
 * line in two: both halves would be set aside as corrupt.
 */
const MAX_WRITE_BYTES = 64 * 1024;

/**
 * The lines grouped into writes of at most MAX_WRITE_BYTES (a line larger than that alone), each starting
 * and ending with a newline.
 */
export function linesInWrites(lines: readonly string[], maxBytes = MAX_WRITE_BYTES): string[] {
  const writes: string[] = [];
  let group: string[] = [];
  let bytes = 1;
  for (const line of lines) {
    const size = Buffer.byteLength(line) + 1;
    if (group.length > 0 && bytes + size > maxBytes) {
      writes.push(`\n${group.join('\n')}\n`);
      group = [];
      bytes = 1;
    }
    group.push(line);
    bytes += size;
  }
  if (group.length > 0) writes.push(`\n${group.join('\n')}\n`);
  return writes;
}

/**
 * One write() call, at the end of the file (O_APPEND). A short write (a full disk) is an error: the rest
 * sent in another write could land after another writer's lines, and the acknowledged line would be cut.
 */
async function writeAtEnd(handle: FileHandle, buffer: Buffer): Promise<void> {
  const { bytesWritten } = await handle.write(buffer, 0, buffer.length, null);
  if (bytesWritten !== buffer.length) {
    throw new Error(`the journal took ${bytesWritten} of ${buffer.length} bytes of an append`);
  }
}

/** A replay runs every MAINTENANCE_INTERVAL_MS: one that moves the journal three appends in a row is not one. */
const MAX_APPEND_ATTEMPTS = 3;

/**
 * The open file, and whether it is still the one at `file` (not renamed aside, nor replaced). Inode
 * numbers are compared as bigints: some filesystems use all 64 bits, which a JavaScript number would round.
 */
async function identify(
  handle: FileHandle,
  file: string,
): Promise<{ opened: FileIdentity; stillTheJournal: boolean }> {
  // Both at once: this runs on every append, between the fsync and the answer to the client.
  const [opened, current] = await Promise.all([
    handle.stat({ bigint: true }),
    stat(file, { bigint: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    }),
  ]);
  const stillTheJournal = current !== undefined && current.ino === opened.ino && current.dev === opened.dev;
  return { opened: { dev: opened.dev, ino: opened.ino, birthtimeNs: opened.birthtimeNs }, stillTheJournal };
}

/**
 * Opens an existing file without creating it (one call, the usual case); creates it (0600), and the
 * directory if that is missing too (removed while the gateway runs), only when it is not there.
 */
async function openForAppend(file: string): Promise<{ handle: FileHandle; created: boolean }> {
  try {
    return { handle: await open(file, constants.O_WRONLY | constants.O_APPEND), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(file), { recursive: true });
  return { handle: await open(file, 'a', 0o600), created: true };
}

/** Makes the directory's entries (a file created or renamed in it) durable. */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
