import type { SeedEnrollment } from './seed-profiles';

/** What the gateway answered to one enrollUser, reduced to what the seed acts on. */
export type EnrollAnswer =
  | { kind: 'enrolled' }
  | { kind: 'rate-limited'; retryAfterSeconds: number; budget: string }
  | { kind: 'refused'; reason: string }
  /** The caller cannot enroll at all (token, scope, trusted documents): no point going on. */
  | { kind: 'fatal'; reason: string };

export interface SeedOptions {
  count: number;
  /** Enrollments in flight at once. */
  concurrency: number;
  nextEnrollment: () => SeedEnrollment;
  enroll: (input: SeedEnrollment) => Promise<EnrollAnswer>;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Progress lines; never given a card number. */
  report: (line: string) => void;
}

export interface SeedSummary {
  enrolled: number;
  /** Refusals by reason (the error code, with CCE's reason code when there is one). */
  refused: Record<string, number>;
  /** Why the run stopped early, if it did. */
  fatal: string | undefined;
}

/**
 * Enrolls `count` users, `concurrency` at a time. A RATE_LIMITED answer pauses every worker until
 * the gateway's retryAfterSeconds has passed, then the same enrollment is sent again; a refusal is
 * counted and the next one goes on; an answer saying this caller cannot enroll stops the run.
 */
export async function seedUsers(options: SeedOptions): Promise<SeedSummary> {
  const summary: SeedSummary = { enrolled: 0, refused: {}, fatal: undefined };
  let started = 0;
  let pausedUntil = 0;
  const step = Math.max(1, Math.ceil(options.count / 10));

  const enrollOne = async (input: SeedEnrollment): Promise<void> => {
    for (;;) {
      const wait = pausedUntil - options.now();
      if (wait > 0) await options.sleep(wait);
      if (summary.fatal) return;
      const answer = await options.enroll(input);
      if (answer.kind === 'rate-limited') {
        const until = options.now() + Math.max(1, answer.retryAfterSeconds) * 1000;
        if (until > pausedUntil) {
          pausedUntil = until;
          options.report(
            `rate limited (${answer.budget} budget): waiting ${Math.max(1, answer.retryAfterSeconds)} s ` +
              `(RATE_LIMIT_ENROLLMENTS_PER_MINUTE on the gateway sets the budget; 0 turns it off)`,
          );
        }
        continue;
      }
      if (answer.kind === 'enrolled') {
        summary.enrolled += 1;
        const done = summary.enrolled + refusedCount(summary);
        if (done % step === 0 || done === options.count) options.report(`${done}/${options.count}`);
      } else if (answer.kind === 'refused') {
        summary.refused[answer.reason] = (summary.refused[answer.reason] ?? 0) + 1;
      } else {
        summary.fatal ??= answer.reason;
      }
      return;
    }
  };

  const worker = async (): Promise<void> => {
    while (started < options.count && !summary.fatal) {
      started += 1;
      await enrollOne(options.nextEnrollment());
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, options.count));
  await Promise.all(Array.from({ length: workers }, () => worker()));
  return summary;
}

function refusedCount(summary: SeedSummary): number {
  return Object.values(summary.refused).reduce((sum, n) => sum + n, 0);
}

export function describeSummary(summary: SeedSummary, count: number): string {
  const refusals = Object.entries(summary.refused)
    .sort(([, a], [, b]) => b - a)
    .map(([reason, n]) => `${reason} ${n}`);
  return [
    `enrolled ${summary.enrolled} of ${count}`,
    `refused ${refusals.length ? refusals.join(', ') : 'none'}`,
    ...(summary.fatal ? [`stopped: ${summary.fatal}`] : []),
  ].join('; ');
}
