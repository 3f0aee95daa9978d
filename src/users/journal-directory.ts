import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
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
  const existing = (await readFile(idFile, 'utf8').catch(() => '')).trim();
  if (existing) return existing;
  const created = randomUUID();
  await writeFile(idFile, `${created}\n`, { mode: 0o600, flag: 'wx' }).catch(async () => undefined);
  return (await readFile(idFile, 'utf8')).trim();
}
