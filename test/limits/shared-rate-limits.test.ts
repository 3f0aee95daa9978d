import { randomUUID } from 'node:crypto';
import { MongoClient, type CommandStartedEvent } from 'mongodb';
import type { RateLimits } from '../../src/config/limits-config';
import { RateLimitedError } from '../../src/limits/limit-errors';
import { CallerRateLimiter, RATE_LIMIT_COLLECTION, type Budget } from '../../src/limits/rate-limiter';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { testMongoUri } from '../support/test-database';

// 205 a minute reserves 2 units at a time, and an odd budget makes the last reservation straddle it.
const LIMITS: RateLimits = {
  queriesPerMinute: 205,
  enrollmentsPerMinute: 7,
  updatesPerMinute: 0,
  deletionsPerMinute: 0,
  cceReadsPerMinute: 250,
  unauthenticatedPerMinute: 0,
};

/** One gateway instance: its own client to the shared database, counting the increments it sends. */
interface Instance {
  readonly limiter: CallerRateLimiter;
  readonly client: MongoClient;
  increments(): number;
}

describe('rate limits shared by gateway instances through reservations on one database', () => {
  const dbName = `shared_rate_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const instances: Instance[] = [];
  let a: Instance;
  let b: Instance;

  async function startInstance(uri: string, options: { serverSelectionTimeoutMS?: number } = {}) {
    const client = await new MongoClient(uri, { monitorCommands: true, ...options }).connect();
    let increments = 0;
    client.on('commandStarted', (event: CommandStartedEvent) => {
      if (event.commandName === 'findAndModify' && event.command.findAndModify === RATE_LIMIT_COLLECTION) {
        increments += 1;
      }
    });
    const database = client.db(dbName);
    await CallerRateLimiter.ensureIndexes(database);
    const instance = {
      limiter: new CallerRateLimiter(database, LIMITS),
      client,
      increments: () => increments,
    };
    instances.push(instance);
    return instance;
  }

  beforeAll(async () => {
    a = await startInstance(testMongoUri());
    b = await startInstance(testMongoUri());
  });

  afterAll(async () => {
    await a.client.db(dbName).dropDatabase();
    for (const instance of instances) await instance.client.close();
  });

  const granted = (instance: Instance, budget: Budget, caller: string) =>
    instance.limiter.consume(budget, caller).then(
      () => true,
      (error: unknown) => {
        if (error instanceof RateLimitedError) return false;
        throw error;
      },
    );

  async function spendUntilRefused(instance: Instance, budget: Budget, caller: string): Promise<number> {
    let units = 0;
    while (await granted(instance, budget, caller)) units += 1;
    return units;
  }

  const storedCounter = async (budget: Budget, caller: string) =>
    (
      await a.client
        .db(dbName)
        .collection(RATE_LIMIT_COLLECTION)
        .findOne({ key: `${budget}:${caller}` })
    )?.points;

  it.each([['ab'], ['aab'], ['abbb']])(
    'grants exactly the budget across two instances taking turns %s, and refuses the next unit on both',
    async (turns) => {
      const caller = randomUUID();
      const refused = new Set<Instance>();
      let units = 0;
      for (let turn = 0; refused.size < 2; turn += 1) {
        const instance = turns[turn % turns.length] === 'a' ? a : b;
        if (await granted(instance, 'queries', caller)) units += 1;
        else refused.add(instance);
      }

      expect(units).toBe(205);
      expect(await granted(a, 'queries', caller)).toBe(false);
      expect(await granted(b, 'queries', caller)).toBe(false);
    },
  );

  it('grants exactly the budget to bursts of concurrent requests on each instance in turn', async () => {
    const caller = randomUUID();
    // Each instance's requests arrive at once; the two instances take turns, because the test database
    // cannot serve both at once: FerretDB v1 does not apply concurrent findAndModify increments of one
    // document atomically (200 concurrent `$inc` upserts left a counter of 2 to 6), which MongoDB does.
    const burstOn = (instance: Instance) =>
      Promise.all(Array.from({ length: 60 }, () => granted(instance, 'queries', caller)));
    const burst: boolean[] = [];
    for (const instance of [a, b, a, b]) burst.push(...(await burstOn(instance)));

    // A refusal on one instance can leave the other holding one reserved unit (K - 1), spent on its next request.
    const afterwards =
      (await spendUntilRefused(a, 'queries', caller)) + (await spendUntilRefused(b, 'queries', caller));

    expect(burst.filter(Boolean).length).toBeGreaterThanOrEqual(205 - 2);
    expect(burst.filter(Boolean).length + afterwards).toBe(205);
  });

  it('lets one instance spend the whole budget, the last unit included, in reservations of two', async () => {
    const caller = randomUUID();
    const before = a.increments();

    const units = await spendUntilRefused(a, 'queries', caller);

    expect(units).toBe(205);
    // 102 reservations of 2, then one whose second unit is past the budget: it still grants the first.
    expect(a.increments() - before).toBe(103);
    expect(await storedCounter('queries', caller)).toBe(206);
  });

  it('refuses a refused caller again without asking the database', async () => {
    const caller = randomUUID();
    await spendUntilRefused(a, 'queries', caller);
    const increments = a.increments();
    const counter = await storedCounter('queries', caller);

    const again = await Promise.all([1, 2, 3, 4, 5].map(() => granted(a, 'queries', caller)));

    expect(again).toEqual([false, false, false, false, false]);
    expect(a.increments()).toBe(increments);
    expect(await storedCounter('queries', caller)).toBe(counter);
  });

  it('sends one increment per unit for a budget under 200 a minute', async () => {
    const caller = randomUUID();
    const [beforeA, beforeB] = [a.increments(), b.increments()];

    for (const instance of [a, b, a, b, a]) expect(await granted(instance, 'enrollments', caller)).toBe(true);

    expect(await storedCounter('enrollments', caller)).toBe(5);
    expect([a.increments() - beforeA, b.increments() - beforeB]).toEqual([3, 2]);
  });

  it('serves pages of CCE reads as far as the shared budget goes, then refuses them', async () => {
    const caller = randomUUID();
    const grants: number[] = [];
    for (let page = 0; page < 16; page += 1) {
      grants.push((await (page % 2 === 0 ? a : b).limiter.consumeUpTo('cceReads', caller, 20)).granted);
    }

    expect(grants).toEqual([...Array(12).fill(20), 10, 0, 0, 0]);
  });

  describe('when the database cannot answer', () => {
    let proxy: TcpProxy;

    beforeAll(async () => {
      const target = new URL(testMongoUri());
      proxy = await startTcpProxy(target.hostname, Number(target.port));
    });

    afterAll(async () => {
      await proxy.close();
    });

    it("spends the instance's in-memory budget through the same reservations", async () => {
      const cut = await startInstance(`mongodb://${proxy.address}/`, { serverSelectionTimeoutMS: 300 });
      const caller = randomUUID();
      proxy.cut();

      const units = await spendUntilRefused(cut, 'enrollments', caller);

      expect(units).toBe(7);
      expect(await granted(cut, 'enrollments', caller)).toBe(false);
      expect(await storedCounter('enrollments', caller)).toBeUndefined();
    });
  });
});
