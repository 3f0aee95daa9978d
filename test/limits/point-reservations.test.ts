import fc from 'fast-check';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import {
  ownedPoints,
  PointReservations,
  reservationSize,
  type SharedCounter,
  type Spending,
} from '../../src/limits/point-reservations';

const WINDOW_MS = 60_000;

/**
 * A model of rate-limiter-flexible's store for the pure logic: one counter per key and window, added
 * to before comparing (refused units count too), answering after the increment; under a fast-check
 * scheduler the increments and the answers happen in any order.
 */
class ModelCounter implements SharedCounter {
  readonly windows = new Map<string, { counter: number; endsAt: number }>();
  calls = 0;
  failNext = false;

  constructor(
    readonly points: number,
    private readonly clock: { now: number },
    private readonly scheduler?: fc.Scheduler,
  ) {}

  async consume(key: string | number, increment = 1): Promise<RateLimiterRes> {
    this.calls += 1;
    await this.scheduler?.schedule(Promise.resolve(), 'the increment reaches the store');
    if (this.failNext) {
      this.failNext = false;
      throw new Error('the store cannot answer');
    }
    const window = this.windowOf(String(key));
    window.counter += increment;
    const answer = new RateLimiterRes(
      Math.max(0, this.points - window.counter),
      window.endsAt - this.clock.now,
      window.counter,
    );
    const refused = window.counter > this.points;
    await this.scheduler?.schedule(Promise.resolve(), 'the answer comes back');
    if (refused) throw answer;
    return answer;
  }

  counterOf(key: string): number {
    return this.windows.get(key)?.counter ?? 0;
  }

  private windowOf(key: string) {
    const window = this.windows.get(key);
    if (window && window.endsAt > this.clock.now) return window;
    const fresh = { counter: 0, endsAt: this.clock.now + WINDOW_MS };
    this.windows.set(key, fresh);
    return fresh;
  }
}

const grantedUnits = (requests: { points: number }[], spendings: Spending[]) =>
  spendings.reduce((sum, spending, index) => sum + (spending.granted ? requests[index]!.points : 0), 0);

describe('ownedPoints: the units of an increment that fell inside the budget', () => {
  it('counts the units between the counter before and after the increment that are within the budget', () => {
    fc.assert(
      fc.property(
        fc.nat(3000),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 3000 }),
        (before, increment, budget) => {
          let inside = 0;
          for (let unit = before + 1; unit <= before + increment; unit += 1) if (unit <= budget) inside += 1;

          expect(ownedPoints(budget, before + increment, increment)).toBe(inside);
        },
      ),
    );
  });

  it('hands out exactly the budget over any sequence of increments, never a unit twice', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 25 })),
        fc.integer({ min: 1, max: 500 }),
        (increments, budget) => {
          let counter = 0;
          let owned = 0;
          for (const increment of increments) {
            counter += increment;
            owned += ownedPoints(budget, counter, increment);
          }

          expect(owned).toBe(Math.min(budget, counter));
        },
      ),
    );
  });

  it('sizes reservations at 1 % of the budget, from 1 unit under 200 a minute to 20', () => {
    expect([1, 199, 200, 250, 299, 600, 1999, 2000, 1_000_000].map(reservationSize)).toEqual([
      1, 1, 2, 2, 2, 6, 19, 20, 20,
    ]);
  });
});

describe('PointReservations', () => {
  it('never grants more than the budget across instances, and every unit within it is granted or held', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 200, max: 320 })),
        fc.integer({ min: 1, max: 3 }),
        fc.array(
          fc.record({
            instance: fc.nat(2),
            points: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 4 })),
          }),
          {
            maxLength: 400,
            size: 'max',
          },
        ),
        async (scheduler, budget, instanceCount, requests) => {
          const clock = { now: 0 };
          const counter = new ModelCounter(budget, clock, scheduler);
          const instances = Array.from(
            { length: instanceCount },
            () => new PointReservations(counter, 100, () => clock.now),
          );
          const at = (request: { instance: number }) => instances[request.instance % instanceCount]!;

          const spendings = await scheduler.waitFor(
            Promise.all(
              requests.map((request) =>
                scheduler
                  .schedule(Promise.resolve(), 'a request arrives')
                  .then(() => at(request).spend('caller', request.points)),
              ),
            ),
          );

          const granted = grantedUnits(requests, spendings);
          const held = instances.reduce((sum, instance) => sum + instance.heldPoints('caller'), 0);
          expect(granted).toBeLessThanOrEqual(budget);
          expect(granted + held).toBe(Math.min(budget, counter.counterOf('caller')));
        },
      ),
    );
  });

  it('lets one instance spend the whole budget unit by unit, the last units included', async () => {
    const clock = { now: 0 };
    const counter = new ModelCounter(205, clock);
    const reservations = new PointReservations(counter, 100, () => clock.now);

    const spendings: Spending[] = [];
    for (let unit = 0; unit < 206; unit += 1) spendings.push(await reservations.spend('caller', 1));

    expect(spendings.filter((spending) => spending.granted)).toHaveLength(205);
    expect(spendings[205]).toEqual({ granted: false, msBeforeNext: WINDOW_MS });
    // 102 reservations of 2, then one that owns the last unit: the counter is then over the budget.
    expect(counter.calls).toBe(103);
  });

  it('refuses a key it saw refused without asking the store again, until the window ends', async () => {
    const clock = { now: 0 };
    const counter = new ModelCounter(250, clock);
    const reservations = new PointReservations(counter, 100, () => clock.now);
    while ((await reservations.spend('caller', 1)).granted);
    const calls = counter.calls;

    clock.now = 45_000;
    const again = await reservations.spend('caller', 1);
    clock.now = WINDOW_MS;
    const nextWindow = await reservations.spend('caller', 1);

    expect(again).toEqual({ granted: false, msBeforeNext: 15_000 });
    expect(calls).toBe(126);
    expect(nextWindow).toMatchObject({ granted: true, points: 1 });
    expect(counter.calls).toBe(calls + 1);
  });

  it('never spends units reserved in a window that has ended', async () => {
    const clock = { now: 0 };
    const counter = new ModelCounter(500, clock);
    const reservations = new PointReservations(counter, 100, () => clock.now);
    await reservations.spend('caller', 1);
    expect(reservations.heldPoints('caller')).toBe(4);

    clock.now = WINDOW_MS;

    expect(reservations.heldPoints('caller')).toBe(0);
    await reservations.spend('caller', 1);
    expect(counter.calls).toBe(2);
  });

  it('lets concurrent requests of one key share one reservation in flight, then the next', async () => {
    const counter = new ModelCounter(200, { now: 0 });
    const reservations = new PointReservations(counter);

    const spendings = await Promise.all(Array.from({ length: 12 }, () => reservations.spend('caller', 1)));

    expect(spendings.every((spending) => spending.granted)).toBe(true);
    // The first request reserves 2; the 11 that arrived meanwhile take the spare unit and share one reservation of 10.
    expect(counter.calls).toBe(2);
    expect(counter.counterOf('caller')).toBe(12);
  });

  it('spends the units it holds together with a new reservation, so none is refused while the budget lasts', async () => {
    const counter = new ModelCounter(200, { now: 0 });
    const a = new PointReservations(counter);
    const b = new PointReservations(counter);
    await a.spend('caller', 1); // reserves 2, holds 1
    await b.spend('caller', 197); // the counter stands at 199

    const last = await a.spend('caller', 2); // its held unit and the last one of the budget

    expect(last).toMatchObject({ granted: true });
    expect(a.heldPoints('caller')).toBe(0);
    expect(counter.counterOf('caller')).toBe(201);
  });

  it('reserves one unit at a time for a budget under 200, as without reservations', async () => {
    const counter = new ModelCounter(150, { now: 0 });
    const reservations = new PointReservations(counter);

    await Promise.all(Array.from({ length: 7 }, () => reservations.spend('caller', 1)));

    expect(counter.calls).toBe(7);
    expect(counter.counterOf('caller')).toBe(7);
  });

  it('fails the requests waiting on a store that cannot answer, keeps the units it held, and asks again for the next', async () => {
    const counter = new ModelCounter(300, { now: 0 });
    const reservations = new PointReservations(counter);
    await reservations.spend('caller', 1); // holds 2
    counter.failNext = true;

    await expect(reservations.spend('caller', 5)).rejects.toThrow('the store cannot answer');
    expect(reservations.heldPoints('caller')).toBe(2);
    await expect(reservations.spend('caller', 5)).resolves.toMatchObject({ granted: true, points: 5 });
    expect(counter.counterOf('caller')).toBe(6);
  });

  it('holds at most maxKeys keys, dropping the oldest', async () => {
    const counter = new ModelCounter(500, { now: 0 });
    const reservations = new PointReservations(counter, 3);

    for (const key of ['a', 'b', 'c', 'd', 'e']) await reservations.spend(key, 1);

    expect(['a', 'b', 'c', 'd', 'e'].map((key) => reservations.heldPoints(key))).toEqual([0, 0, 4, 4, 4]);
  });

  it('spends exactly the budget on the in-memory store the gateway falls back to', async () => {
    const insurance = new RateLimiterMemory({ points: 250, duration: 60 });
    const reservations = new PointReservations(insurance);

    const spendings = await Promise.all(Array.from({ length: 260 }, () => reservations.spend('caller', 1)));

    expect(spendings.filter((spending) => spending.granted)).toHaveLength(250);
  });
});

describe('spending up to a number of units (a page of CCE reads)', () => {
  it('grants the units its reservation owns when another instance took the rest meanwhile, then refuses without the store', async () => {
    const counter = new ModelCounter(25, { now: 0 });
    const [a, b] = [new PointReservations(counter), new PointReservations(counter)];
    await b.spend('caller', 10);

    const page = await a.spend('caller', 20, true);
    const calls = counter.calls;
    const next = await a.spend('caller', 1, true);

    expect(page).toMatchObject({ granted: true, points: 15 });
    expect(next).toMatchObject({ granted: false });
    expect(counter.calls).toBe(calls);
  });

  it('spends the units it holds together with what a new reservation owns', async () => {
    const counter = new ModelCounter(1000, { now: 0 });
    const [a, b] = [new PointReservations(counter), new PointReservations(counter)];
    await a.spend('caller', 1); // a reserves 10 (1 % of 1000) and holds 9
    await b.spend('caller', 985); // the counter stands at 995

    const page = await a.spend('caller', 20, true);

    // 9 held, and 5 of the 11 units a reserved for the rest fell inside the budget.
    expect(page).toMatchObject({ granted: true, points: 14 });
    expect(await b.spend('caller', 1, true)).toMatchObject({ granted: false });
  });

  it('grants all of them, and asks for nothing more, while the budget lasts', async () => {
    const counter = new ModelCounter(1000, { now: 0 });
    const reservations = new PointReservations(counter);

    expect(await reservations.spend('caller', 20, true)).toMatchObject({ granted: true, points: 20 });
    expect(counter.counterOf('caller')).toBe(20);
  });
});
