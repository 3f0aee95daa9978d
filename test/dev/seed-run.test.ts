import { seedUsers, type EnrollAnswer, type SeedOptions } from '../../src/dev/seed/seed-run';
import { seedEnrollment, type SeedEnrollment } from '../../src/dev/seed/seed-profiles';
import { luhnCheckDigit as independentLuhn } from '../support/builders';

const RANGES = ['222300', '552433', '11112', '5050'];

/** seedUsers with a clock that moves only when the seed sleeps, and answers from `answer`. */
function seedWith(
  answer: (input: SeedEnrollment, call: number) => EnrollAnswer | Promise<EnrollAnswer>,
  overrides: Partial<SeedOptions> = {},
) {
  let clock = 0;
  const sleeps: number[] = [];
  const sent: string[] = [];
  const lines: string[] = [];
  const run = seedUsers({
    count: 6,
    concurrency: 3,
    nextEnrollment: () => seedEnrollment(RANGES, new Date()),
    enroll: async (input) => {
      sent.push(input.cardNumber);
      return answer(input, sent.length);
    },
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    report: (line) => lines.push(line),
    ...overrides,
  });
  return { run, sleeps, sent, lines };
}

describe('npm run seed', () => {
  it('waits as long as RATE_LIMITED says, then sends the same enrollment again', async () => {
    const seed = seedWith((_input, call) =>
      call === 2
        ? { kind: 'rate-limited', retryAfterSeconds: 7, budget: 'enrollments' }
        : { kind: 'enrolled' },
    );

    const summary = await seed.run;

    expect(summary).toEqual({ enrolled: 6, refused: {}, fatal: undefined });
    expect(seed.sleeps).toContain(7000);
    expect(seed.sent).toHaveLength(7);
    expect(new Set(seed.sent).size).toBe(6); // the refused one again, not a new card
    expect(seed.lines.filter((line) => line.startsWith('rate limited'))).toHaveLength(1);
  });

  it('counts refusals by reason and goes on; stops at an answer every enrollment would get', async () => {
    const refusals = await seedWith((_input, call) =>
      call % 2 === 0 ? { kind: 'refused', reason: 'DUPLICATE_CARD' } : { kind: 'enrolled' },
    ).run;
    expect(refusals).toEqual({ enrolled: 3, refused: { DUPLICATE_CARD: 3 }, fatal: undefined });

    const stopped = seedWith(() => ({ kind: 'fatal', reason: 'the gateway answered FORBIDDEN' }), {
      count: 100,
    });
    expect((await stopped.run).fatal).toBe('the gateway answered FORBIDDEN');
    expect(stopped.sent.length).toBeLessThanOrEqual(3); // those already in flight, no more
  });

  it('keeps at most `concurrency` enrollments in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const summary = await seedWith(
      async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight -= 1;
        return { kind: 'enrolled' };
      },
      { count: 20, concurrency: 4 },
    ).run;

    expect(summary.enrolled).toBe(20);
    expect(most).toBe(4);
  });

  it('draws distinct Luhn-valid 16-digit cards under the issuer ranges, and varied profiles', () => {
    const drawn = Array.from({ length: 300 }, () => seedEnrollment(RANGES, new Date('2026-01-01T00:00:00Z')));
    const cards = drawn.map((enrollment) => enrollment.cardNumber);

    for (const card of cards) {
      expect(card).toMatch(/^\d{16}$/);
      expect(Number(card.at(-1))).toBe(independentLuhn(card.slice(0, 15)));
      expect(RANGES.some((range) => card.startsWith(range))).toBe(true);
    }
    expect(new Set(cards).size).toBe(cards.length);
    expect(new Set(drawn.map((e) => e.cardBaseCurrency)).size).toBeGreaterThan(3);
    expect(new Set(drawn.map((e) => e.locale)).size).toBeGreaterThan(3);
    expect(new Set(drawn.map((e) => e.email.value)).size).toBeGreaterThan(250);
    expect(drawn.every((e) => Number(e.expiryInfo.year) > 2026)).toBe(true);
  });
});
