import { GroupCommit } from '../../src/users/group-commit';

/** A write that stays in flight until the test lets it finish. */
function controlledWrites() {
  const writes: { items: readonly number[]; finish: () => void; fail: (error: Error) => void }[] = [];
  let inFlight = 0;
  let overlapped = false;
  const write = (items: readonly number[]) =>
    new Promise<void>((resolve, reject) => {
      inFlight += 1;
      overlapped ||= inFlight > 1;
      const done = () => (inFlight -= 1);
      writes.push({
        items,
        finish: () => (done(), resolve()),
        fail: (error) => (done(), reject(error)),
      });
    });
  return { writes, write, overlapped: () => overlapped };
}

const settled = async <T>(promise: Promise<T>) =>
  promise.then(
    () => 'resolved',
    (error: Error) => `rejected: ${error.message}`,
  );

const flushPromises = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  it('writes the items added while a write is in flight together, in one next write', async () => {
    const { writes, write, overlapped } = controlledWrites();
    const commit = new GroupCommit(write);

    const first = commit.add(1);
    const later = [commit.add(2), commit.add(3), commit.add(4)];
    await flushPromises();
    expect(writes.map((w) => w.items)).toEqual([[1]]);

    writes[0]!.finish();
    await first;
    await flushPromises();
    expect(writes.map((w) => w.items)).toEqual([[1], [2, 3, 4]]);

    writes[1]!.finish();
    await Promise.all(later);
    expect(overlapped()).toBe(false);
  });

  it('settles an add only once the write that carried it has finished', async () => {
    const { writes, write } = controlledWrites();
    const commit = new GroupCommit(write);
    let done = false;

    const added = commit.add(1).then(() => (done = true));
    await flushPromises();
    expect(done).toBe(false);

    writes[0]!.finish();
    await added;
    expect(done).toBe(true);
  });

  it('rejects the items of a failed write only, and writes the ones added meanwhile', async () => {
    const { writes, write } = controlledWrites();
    const commit = new GroupCommit(write);

    const first = commit.add(1);
    const failed = [commit.add(2), commit.add(3)].map(settled);
    await flushPromises();
    writes[0]!.finish();
    await first;
    await flushPromises();
    const meanwhile = settled(commit.add(4));
    writes[1]!.fail(new Error('disk full'));
    await flushPromises();
    writes[2]!.finish();

    expect(await Promise.all(failed)).toEqual(['rejected: disk full', 'rejected: disk full']);
    expect(await meanwhile).toBe('resolved');
    expect(writes.map((w) => w.items)).toEqual([[1], [2, 3], [4]]);
  });

  it('starts a new write for an item added after everything was written', async () => {
    const { writes, write } = controlledWrites();
    const commit = new GroupCommit(write);

    const first = commit.add(1);
    await flushPromises();
    writes[0]!.finish();
    await first;
    const second = commit.add(2);
    await flushPromises();
    writes[1]!.finish();
    await second;

    expect(writes.map((w) => w.items)).toEqual([[1], [2]]);
  });
});
