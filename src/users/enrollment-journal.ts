import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What it takes to finish an enrollment CCE accepted: no card data, only ids and the time. */
export interface PendingCompletion {
  readonly intentId: string;
  readonly userId: string;
  readonly enrolledAt: string;
}

/**
 * An append-only JSON-lines file of enrollments that CCE accepted but the database did not record.
 * It is the durable fallback that keeps them from being lost; the reconciler replays it.
 */
export class EnrollmentJournal {
  constructor(readonly file: string) {}

  async append(entry: PendingCompletion): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const handle = await open(this.file, 'a', 0o600);
    try {
      await handle.write(`${JSON.stringify(entry)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async entries(): Promise<PendingCompletion[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return [];
      throw error;
    }
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as PendingCompletion);
  }

  /** Atomically replaces the journal with the entries still pending. */
  async replace(entries: readonly PendingCompletion[]): Promise<void> {
    const partial = `${this.file}.${process.pid}.tmp`;
    await writeFile(partial, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''), { mode: 0o600 });
    await rename(partial, this.file);
  }
}
