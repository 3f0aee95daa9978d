import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * The shared per-window counter: rate-limiter-flexible's `consume` adds the units to the caller's
 * counter even when it refuses them (the MongoDB and the in-memory stores both increment first and
 * compare afterwards), and says where the counter stands after the increment, granted or refused.
 */
export type SharedCounter = Pick<RateLimiterAbstract, 'points' | 'consume'>;

/** `msBeforeNext`: until the window ends (when a refused or partly granted caller may try again). */
export type Spending =
  { granted: true; points: number; msBeforeNext: number } | { granted: false; msBeforeNext: number };

const MAX_RESERVATION = 20;
export const DEFAULT_MAX_KEYS = 10_000;

/** 1 % of the budget, between 1 and 20: a budget under 200 reserves one unit at a time, as without reservations. */
export function reservationSize(budgetPoints: number): number {
  return Math.min(MAX_RESERVATION, Math.max(1, Math.floor(budgetPoints / 100)));
}

/**
 * Of an increment of `increment` units that brought the shared counter to `counterAfter`, the units
 * that fell inside the budget. They belong to this instance alone: whatever other instances added
 * before or after, their units sit below or above these in the counter.
 */
export function ownedPoints(budgetPoints: number, counterAfter: number, increment: number): number {
  return Math.min(increment, Math.max(0, budgetPoints - (counterAfter - increment)));
}

interface Held {
  points: number;
  /** The window's counter went over the budget: it only grows until the window ends. */
  refused: boolean;
  expiresAt: number;
}

interface Waiter {
  readonly points: number;
  /** Grant as many of `points` as are left rather than all or nothing (a page of CCE reads). */
  readonly upTo: boolean;
  readonly settle: (spending: Spending) => void;
  readonly fail: (error: unknown) => void;
}

/**
 * Spends a caller's units from the shared counter a reservation at a time instead of a round trip
 * per unit. An instance asks the counter for K units (`reservationSize`), keeps the ones it owns
 * (`ownedPoints`) until the window ends and spends them locally; once the counter is over the budget
 * it refuses the key locally until the window ends. No caller is granted more than its budget per
 * window across instances; a caller can be refused while other instances still hold units they
 * reserved and did not spend, at most K - 1 per instance per window (under 1 % of the budget).
 */
export class PointReservations {
  readonly reservationSize: number;
  private readonly held = new Map<string, Held>();
  /** Per key, while one reservation is in flight: the requests waiting for the next one. */
  private readonly waiting = new Map<string, Waiter[]>();

  constructor(
    private readonly counter: SharedCounter,
    private readonly maxKeys = DEFAULT_MAX_KEYS,
    private readonly now: () => number = Date.now,
  ) {
    this.reservationSize = reservationSize(counter.points);
  }

  /** `upTo`: grant what is left of `points` when not all of them are (then `points` says how many). */
  spend(key: string, points: number, upTo = false): Promise<Spending> {
    const local = this.spendHeld(key, points, upTo);
    if (local) return Promise.resolve(local);
    return new Promise((settle, fail) => {
      const waiter = { points, upTo, settle, fail };
      // Reserving one unit at a time leaves nothing over for a waiting request: no reason to wait.
      if (this.reservationSize === 1) return void this.reserve(key, [waiter]);
      const queue = this.waiting.get(key);
      if (queue) return void queue.push(waiter);
      this.waiting.set(key, [waiter]);
      void this.drain(key);
    });
  }

  /** The units this instance holds for `key` in the current window (what it may spend without a round trip). */
  heldPoints(key: string): number {
    return this.current(key, this.now())?.points ?? 0;
  }

  private spendHeld(key: string, points: number, upTo: boolean): Spending | undefined {
    const now = this.now();
    const entry = this.current(key, now);
    if (!entry) return undefined;
    const msBeforeNext = entry.expiresAt - now;
    if (entry.points >= points) {
      entry.points -= points;
      return { granted: true, points, msBeforeNext };
    }
    // Not refused yet: the counter may still have units for a new reservation.
    if (!entry.refused) return undefined;
    if (upTo && entry.points > 0) {
      const rest = entry.points;
      entry.points = 0;
      return { granted: true, points: rest, msBeforeNext };
    }
    return { granted: false, msBeforeNext };
  }

  /** One reservation in flight per key: the requests arriving meanwhile share the next one. */
  private async drain(key: string): Promise<void> {
    const queue = this.waiting.get(key)!;
    try {
      while (queue.length > 0) {
        const unserved = queue.splice(0).filter((waiter) => !this.settleFromHeld(key, waiter));
        if (unserved.length > 0) await this.reserve(key, unserved);
      }
    } finally {
      this.waiting.delete(key);
    }
  }

  private settleFromHeld(key: string, waiter: Waiter): boolean {
    const local = this.spendHeld(key, waiter.points, waiter.upTo);
    if (local) waiter.settle(local);
    return local !== undefined;
  }

  /**
   * Reserves what the waiters ask for beyond the units held (at least K units), and grants them in
   * order from the held units and the units owned.
   */
  private async reserve(key: string, waiters: Waiter[]): Promise<void> {
    const pool = this.takeHeld(key);
    const demand = waiters.reduce((sum, waiter) => sum + waiter.points, 0);
    const increment = Math.max(this.reservationSize, demand - pool.points);
    const budget = this.counter.points;
    let answer: RateLimiterRes;
    let counterAfter: number;
    try {
      answer = await this.counter.consume(key, increment);
      counterAfter = answer.consumedPoints;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) {
        this.keep(key, pool.points, false, pool.expiresAt);
        for (const waiter of waiters) waiter.fail(rejection);
        return;
      }
      answer = rejection;
      // A refusal from the store always leaves the counter over the budget; one that does not say so
      // (rate-limiter-flexible's in-memory block, which reports 0 and is not configured here) owns nothing.
      counterAfter = rejection.consumedPoints > budget ? rejection.consumedPoints : budget + increment;
    }
    let left = pool.points + ownedPoints(budget, counterAfter, increment);
    const { msBeforeNext } = answer;
    for (const waiter of waiters) {
      const share = waiter.points <= left ? waiter.points : waiter.upTo ? left : 0;
      left -= share;
      waiter.settle(
        share > 0 ? { granted: true, points: share, msBeforeNext } : { granted: false, msBeforeNext },
      );
    }
    this.keep(key, left, counterAfter > budget, Math.min(pool.expiresAt, this.now() + answer.msBeforeNext));
  }

  /** The units held for `key`, taken out to be spent with a new reservation. */
  private takeHeld(key: string): { points: number; expiresAt: number } {
    const entry = this.current(key, this.now());
    if (!entry) return { points: 0, expiresAt: Infinity };
    const points = entry.points;
    entry.points = 0;
    return { points, expiresAt: entry.expiresAt };
  }

  private keep(key: string, points: number, refused: boolean, expiresAt: number): void {
    const now = this.now();
    if (expiresAt <= now || (points === 0 && !refused)) return;
    const entry = this.current(key, now);
    if (entry) {
      // Two answers of one window name the same end; units of an earlier window never outlive it.
      entry.points += points;
      entry.refused ||= refused;
      entry.expiresAt = Math.min(entry.expiresAt, expiresAt);
      return;
    }
    this.makeRoom(now);
    this.held.set(key, { points, refused, expiresAt });
  }

  private current(key: string, now: number): Held | undefined {
    const entry = this.held.get(key);
    if (entry && entry.expiresAt <= now) {
      this.held.delete(key);
      return undefined;
    }
    return entry;
  }

  /**
   * Drops ended windows from the front (the oldest entries), then the oldest live ones beyond
   * `maxKeys`: a flood of distinct keys costs a bounded map, and a dropped entry only costs its
   * units (this instance reserves again) or one more round trip to learn a refusal again.
   */
  private makeRoom(now: number): void {
    for (const [key, entry] of this.held) {
      if (entry.expiresAt > now && this.held.size < this.maxKeys) return;
      this.held.delete(key);
    }
  }
}
