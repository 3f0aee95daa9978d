import fc from 'fast-check';
import { mapWithConcurrency } from '../../src/carbon/map-with-concurrency';

describe('mapWithConcurrency', () => {
  it('answers in input order, never runs more than the limit at once, and keeps failures per item', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ value: fc.integer(), fails: fc.boolean(), ticks: fc.nat(3) }), {
          maxLength: 30,
        }),
        fc.integer({ min: 1, max: 8 }),
        async (items, limit) => {
          let running = 0;
          let most = 0;
          const results = await mapWithConcurrency(items, limit, async (item) => {
            running += 1;
            most = Math.max(most, running);
            for (let tick = 0; tick < item.ticks; tick += 1) await Promise.resolve();
            running -= 1;
            if (item.fails) throw new Error(`failed ${item.value}`);
            return item.value * 2;
          });

          expect(most).toBeLessThanOrEqual(limit);
          expect(results).toEqual(
            items.map((item) => (item.fails ? new Error(`failed ${item.value}`) : item.value * 2)),
          );
        },
      ),
    );
  });
});
