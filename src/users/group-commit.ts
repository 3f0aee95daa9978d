/**
 * Group commit: items added while a write is in flight are written together by the next write, so that
 * concurrent callers share one durable write (one open, one fsync) instead of queueing one each. Writes
 * never overlap; each `add` settles when the write that carried its item has, with that write's outcome.
 */
export class GroupCommit<T> {
  private waiting: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private writing = false;

  constructor(private readonly write: (items: readonly T[]) => Promise<void>) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await this.write(batch.map(({ item }) => item));
        for (const { resolve } of batch) resolve();
      } catch (error) {
        // Only this batch failed: the items added meanwhile get a write of their own.
        for (const { reject } of batch) reject(error);
      }
    }
    this.writing = false;
  }
}
