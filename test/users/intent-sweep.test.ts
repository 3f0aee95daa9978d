import { abandonedIntents } from '../../src/users/intent-sweep';

const now = new Date('2026-05-01T10:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const rules = { abandonedAfterMs: 15 * 60_000, instanceStaleAfterMs: 60_000 };
const instance = (id: string, startedAgoMs: number, beatAgoMs: number) => ({
  _id: id,
  startedAt: ago(startedAgoMs),
  heartbeatAt: ago(beatAgoMs),
});

describe('which enrolling intents a sweep takes for abandoned', () => {
  it('leaves an intent of a live instance alone while it may still be waiting for CCE', () => {
    const intents = [{ _id: 'a', createdAt: ago(5_000), instanceId: 'one' }];

    expect(abandonedIntents(intents, [instance('one', 600_000, 1_000)], now, rules)).toEqual([]);
  });

  it('takes an intent written before its instance restarted', () => {
    const intents = [{ _id: 'a', createdAt: ago(5_000), instanceId: 'one' }];

    expect(abandonedIntents(intents, [instance('one', 1_000, 1_000)], now, rules)).toEqual(intents);
  });

  it('takes an intent of an instance that stopped beating', () => {
    const intents = [{ _id: 'a', createdAt: ago(5_000), instanceId: 'one' }];

    expect(abandonedIntents(intents, [instance('one', 600_000, 61_000)], now, rules)).toEqual(intents);
  });

  it('takes any intent older than the abandonment age, even of an unknown instance', () => {
    const old = { _id: 'old', createdAt: ago(16 * 60_000), instanceId: 'gone' };
    const young = { _id: 'young', createdAt: ago(60_000), instanceId: 'gone' };

    expect(abandonedIntents([old, young], [], now, rules)).toEqual([old]);
  });
});
