import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

export class JournalDirectoryError extends Error {
  constructor(directory: string, cause: Error) {
    super(
      `the enrollment journal directory ${directory} is not writable (${cause.message}); ` +
        'set ENROLLMENT_JOURNAL_PATH to a file on a writable, persistent volume',
    );
    this.name = 'JournalDirectoryError';
  }
}

/**
 * Checks at start-up that the journal's directory takes a synced write (an enrollment must never
 * find out after CCE accepted it), and returns the instance id kept beside the journal: the id
 * belongs to the journal's volume, so a restarted container keeps it and two volumes never share one.
 */
export async function prepareJournalDirectory(journalFile: string, configuredId?: string): Promise<string> {
  const directory = path.dirname(path.resolve(journalFile));
  try {
    await mkdir(directory, { recursive: true });
    const probe = path.join(directory, `.write-probe-${randomUUID()}`);
    const handle = await open(probe, 'w', 0o600);
    try {
      await handle.write('probe');
      await handle.sync();
    } finally {
      await handle.close();
      await rm(probe, { force: true });
    }
  } catch (error) {
    throw new JournalDirectoryError(directory, error as Error);
  }
  if (configuredId) return configuredId;
  const idFile = path.join(directory, 'instance-id');
  const existing = await readFile(idFile, 'utf8').catch(() => undefined);
  if (existing?.trim()) return existing.trim();
  // A new id, synced: an id file a crash left empty is replaced, never read as an empty id.
  const handle = await open(idFile, existing === undefined ? 'wx' : 'w', 0o600).catch(() => undefined);
  if (handle) {
    try {
      await handle.writeFile(`${randomUUID()}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  // Whoever created it first (another process on the same volume) wins.
  const id = (await readFile(idFile, 'utf8')).trim();
  if (!id) throw new JournalDirectoryError(directory, new Error(`${idFile} is empty`));
  return id;
}
