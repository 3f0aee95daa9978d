import { MaintenanceLease } from '../../src/users/maintenance-lease';
import { openTestDatabase, type TestDatabase } from '../support/test-database';

describe('the maintenance lease', () => {
  let database: TestDatabase;
  const clock = { now: new Date('2026-05-01T10:00:00.000Z') };
  const leaseOf = (holder: string) =>
    new MaintenanceLease(database.connection, holder, () => clock.now, 5_000);

  beforeAll(async () => {
    database = await openTestDatabase();
  });

  afterAll(() => database.close());

  it('lets one instance at a time hold a sweep, renews it for its holder, and passes on when it expires', async () => {
    const [a, b] = [leaseOf('instance-a'), leaseOf('instance-b')];

    expect(await a.tryAcquire('sweep', 2_000)).toBe(true);
    expect(await b.tryAcquire('sweep', 2_000)).toBe(false);
    clock.now = new Date('2026-05-01T10:00:01.500Z');
    expect(await a.tryAcquire('sweep', 2_000)).toBe(true);
    clock.now = new Date('2026-05-01T10:00:03.000Z');
    expect(await b.tryAcquire('sweep', 2_000)).toBe(false);
    clock.now = new Date('2026-05-01T10:00:04.000Z');
    expect(await b.tryAcquire('sweep', 2_000)).toBe(true);
    expect(await a.tryAcquire('sweep', 2_000)).toBe(false);
    expect(await a.holderOf('sweep')).toBe('instance-b');
  });
});
