import { setTimeout as sleep } from 'node:timers/promises';

/** Runs `operation`, retrying after each delay in turn; rethrows the last failure. */
export async function withRetries<T>(operation: () => Promise<T>, delaysMs: readonly number[]): Promise<T> {
  for (const delay of delaysMs) {
    try {
      return await operation();
    } catch {
      await sleep(delay);
    }
  }
  return operation();
}
