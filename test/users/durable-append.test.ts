import { DurableName, linesInWrites } from '../../src/users/durable-append';

describe('linesInWrites', () => {
  const entries = Array.from({ length: 300 }, (_, n) => ({
    intentId: `intent-${n}`,
    note: 'é'.repeat(n % 7),
  }));
  const entryLines = entries.map((entry) => JSON.stringify(entry));

  it('groups whole lines into writes no larger than the limit, each starting and ending a line', () => {
    const writes = linesInWrites(entryLines, 1000);

    expect(writes.length).toBeGreaterThan(1);
    for (const write of writes) {
      expect(Buffer.byteLength(write)).toBeLessThanOrEqual(1000);
      expect(write.startsWith('\n') && write.endsWith('\n')).toBe(true);
    }
    const written = writes
      .join('')
      .split('\n')
      .filter((line) => line !== '');
    expect(written.map((line) => JSON.parse(line) as unknown)).toEqual(entries);
  });

  it('gives a line larger than the limit a write of its own', () => {
    const large = 'x'.repeat(2000);

    expect(linesInWrites(['{"a":1}', large, '{"b":2}'], 1000)).toEqual([
      '\n{"a":1}\n',
      `\n${large}\n`,
      '\n{"b":2}\n',
    ]);
  });
});

describe('DurableName', () => {
  const first = { dev: 2049n, ino: 9_007_199_254_740_993n, birthtimeNs: 1_795_581_106_736_724_412n };

  it('asks for a directory sync once per file, again for the next file a replay leaves in its place', () => {
    const name = new DurableName();
    const next = { ...first, ino: 9_007_199_254_740_995n };

    expect(name.needsDirectorySync(first)).toBe(true);
    name.record(first);
    expect(name.needsDirectorySync(first)).toBe(false);
    expect(name.needsDirectorySync(next)).toBe(true);
    expect(name.needsDirectorySync({ ...first, dev: 2050n })).toBe(true);
  });

  it("takes a new file given a removed file's inode number for a new one, by its birth time", () => {
    const name = new DurableName();
    name.record(first);

    expect(name.needsDirectorySync({ ...first, birthtimeNs: first.birthtimeNs + 1n })).toBe(true);
  });

  it('always asks where the filesystem keeps no birth time', () => {
    const name = new DurableName();
    const timeless = { ...first, birthtimeNs: 0n };
    name.record(timeless);

    expect(name.needsDirectorySync(timeless)).toBe(true);
  });
});
