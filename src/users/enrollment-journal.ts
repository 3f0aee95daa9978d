import { randomUUID } from 'node:crypto';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { appendDurably, DurableName } from './durable-append';
import { GroupCommit } from './group-commit';

/** What it takes to finish an enrollment CCE accepted: no card data, only ids and the time. */
export interface PendingCompletion {
  readonly intentId: string;
  readonly userId: string;
  readonly enrolledAt: string;
}

/** Entries taken out of the journal for a replay; `settle` puts back those still pending. */
export interface TakenCompletions {
  readonly entries: PendingCompletion[];
  /**
   * Puts `stillPending` back in the journal, with any completion that reached the taken files after they
   * were read, and removes them. Resolves to the number of lines this replay could not read (e.g. cut by
   * a crash), moved to `<journal>.corrupt`.
   */
  settle(stillPending: readonly PendingCompletion[]): Promise<{ corruptLines: number }>;
}

/**
 * An append-only JSON-lines file of enrollments that CCE accepted but the database did not record.
 * It is the durable fallback that keeps them from being lost; the reconcile step replays it.
 */
export class EnrollmentJournal {
  /** Completions CCE answered at about the same time share one append and one fsync. */
  private readonly appends = new GroupCommit<PendingCompletion>((entries) =>
    appendDurably(this.file, asLines(entries), {
      afterOpen: this.testOnly.afterOpen,
      durableName: this.journalName,
    }),
  );
  private readonly journalName = new DurableName();
  private readonly deadLetterName = new DurableName();
  private readonly corruptName = new DurableName();

  constructor(
    readonly file: string,
    /**
     * TESTS ONLY: `afterOpen` is awaited once an append has opened the file, before it writes, and
     * `afterListing` once a replay has listed the taken files, before it reads them, so a test can run
     * another replay exactly there. Production leaves both undefined.
     */
    private readonly testOnly: { afterOpen?: () => Promise<void>; afterListing?: () => Promise<void> } = {},
  ) {}

  /** Settles once the entry is on disk (fsynced) in the file a replay will read. */
  async append(entry: PendingCompletion): Promise<void> {
    await this.appends.add(entry);
  }

  /**
   * Moves the journal aside with an atomic rename (so completions appended meanwhile start a new
   * journal and are never overwritten) and reads it, with any batch an interrupted replay left.
   */
  async take(): Promise<TakenCompletions> {
    try {
      // A random name: in containers every process is PID 1, and two takes may share a millisecond.
      await rename(this.file, `${this.file}.processing-${randomUUID()}`);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') throw error;
    }
    const listed = await this.processingBatches();
    await this.testOnly.afterListing?.();
    const entries: PendingCompletion[] = [];
    const corrupt: string[] = [];
    const readBytes = new Map<string, number>();
    for (const batch of listed) {
      const bytes = await readIfPresent(batch);
      // Gone: another replay (`npm run reconcile`, or the shutdown's) read it and settled it meanwhile.
      if (bytes === undefined) continue;
      // Only up to the last newline: a last line without one may be an append still being written (it
      // writes the line again once it finds the file moved), or a line a crash cut. settle() tells which.
      const end = bytes.lastIndexOf(0x0a) + 1;
      const { valid, invalid } = parseLines(bytes.subarray(0, end).toString('utf8'));
      entries.push(...valid);
      corrupt.push(...invalid);
      readBytes.set(batch, end);
    }
    return {
      entries,
      settle: async (stillPending) => {
        // What reached a taken file after it was read: completions are carried over (their append also
        // writes them to the journal; completing one twice is harmless); what is still cut short is corrupt.
        const late = { valid: [] as PendingCompletion[], invalid: [] as string[] };
        for (const [batch, end] of readBytes) {
          const rest = (await readIfPresent(batch)) ?? Buffer.alloc(0);
          const { valid, invalid } = parseLines(rest.subarray(end).toString('utf8'));
          late.valid.push(...valid);
          late.invalid.push(...invalid);
        }
        await appendDurably(this.file, asLines([...stillPending, ...late.valid]), {
          durableName: this.journalName,
        });
        // Set aside only now, just before the files go: a replay that fails before this point reads them
        // again next time, and would otherwise set the same lines aside twice.
        await this.setAside([...corrupt, ...late.invalid]);
        await Promise.all([...readBytes.keys()].map((batch) => rm(batch, { force: true })));
        return { corruptLines: corrupt.length + late.invalid.length };
      },
    };
  }

  /** Fsynced before the taken files are removed: a cut line may be the only trace of a completion. */
  private async setAside(lines: readonly string[]): Promise<void> {
    await appendDurably(this.corruptFile, lines, { durableName: this.corruptName });
  }

  /**
   * Completions whose intent is gone (released by an operator, or resolved with another userid):
   * the user exists at CCE but cannot be recorded. Kept in `<journal>.dead-letter` for an operator;
   * `npm run reconcile` fails while the file holds any.
   */
  get deadLetterFile(): string {
    return `${this.file}.dead-letter`;
  }

  async deadLetter(entries: readonly PendingCompletion[]): Promise<void> {
    await appendDurably(this.deadLetterFile, asLines(entries), { durableName: this.deadLetterName });
  }

  /** Where unreadable lines go: each may hold a completion CCE accepted, for an operator to read. */
  get corruptFile(): string {
    return `${this.file}.corrupt`;
  }

  /** Lines kept in the corrupt file so far. */
  async corruptLines(): Promise<number> {
    const text = await readFile(this.corruptFile, 'utf8').catch(() => '');
    return text.split('\n').filter((line) => line.trim() !== '').length;
  }

  async deadLetters(): Promise<PendingCompletion[]> {
    return parseLines(await readFile(this.deadLetterFile, 'utf8').catch(() => '')).valid;
  }

  /** Every readable entry not yet replayed (the journal and any batch being replayed). */
  async entries(): Promise<PendingCompletion[]> {
    const files = [this.file, ...(await this.processingBatches())];
    const texts = await Promise.all(files.map((file) => readFile(file, 'utf8').catch(() => '')));
    return texts.flatMap((text) => parseLines(text).valid);
  }

  private async processingBatches(): Promise<string[]> {
    const directory = path.dirname(this.file);
    const prefix = `${path.basename(this.file)}.processing-`;
    const names = await readdir(directory).catch(() => [] as string[]);
    return names.filter((name) => name.startsWith(prefix)).map((name) => path.join(directory, name));
  }
}

function asLines(entries: readonly PendingCompletion[]): string[] {
  return entries.map((entry) => JSON.stringify(entry));
}

async function readIfPresent(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseLines(text: string): { valid: PendingCompletion[]; invalid: string[] } {
  const valid: PendingCompletion[] = [];
  const invalid: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const entry = JSON.parse(line) as Partial<PendingCompletion>;
      if (
        typeof entry.intentId === 'string' &&
        typeof entry.userId === 'string' &&
        typeof entry.enrolledAt === 'string' &&
        // A time that is not one would be stored as 1970: the line is kept for an operator instead.
        !Number.isNaN(Date.parse(entry.enrolledAt))
      ) {
        valid.push(entry as PendingCompletion);
        continue;
      }
    } catch {
      // kept below as an invalid line
    }
    invalid.push(line);
  }
  return { valid, invalid };
}
