import { appendFile, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EnrollmentJournal, type PendingCompletion } from '../../src/users/enrollment-journal';

const completion = (n: number): PendingCompletion => ({
  intentId: `intent-${n}`,
  userId: `00000000-0000-4000-8000-00000000000${n}`,
  enrolledAt: '2026-05-01T10:00:00.000Z',
});

describe('the enrollment completion journal', () => {
  let journal: EnrollmentJournal;

  beforeEach(async () => {
    journal = new EnrollmentJournal(
      path.join(await mkdtemp(path.join(tmpdir(), 'journal-')), 'journal.jsonl'),
    );
  });

  it('hands out what was appended, and keeps only what is settled as still pending', async () => {
    await journal.append(completion(1));
    await journal.append(completion(2));

    const taken = await journal.take();
    await taken.settle([completion(2)]);

    expect(taken.entries).toEqual([completion(1), completion(2)]);
    expect(await journal.entries()).toEqual([completion(2)]);
  });

  it('makes its directory again when it was removed while the gateway runs, and keeps it private', async () => {
    const directory = path.join(await mkdtemp(path.join(tmpdir(), 'journal-')), 'nested');
    const nested = new EnrollmentJournal(path.join(directory, 'journal.jsonl'));
    await nested.append(completion(1));
    await rm(directory, { recursive: true });

    await nested.append(completion(2));

    expect(await nested.entries()).toEqual([completion(2)]);
    expect((await stat(path.join(directory, 'journal.jsonl'))).mode & 0o777).toBe(0o600);
  });

  it('never loses a completion appended while a replay is running', async () => {
    await journal.append(completion(1));

    const taken = await journal.take();
    await journal.append(completion(2));
    await taken.settle([]);

    expect(await journal.entries()).toEqual([completion(2)]);
  });

  it('appends again a completion whose file a replay renamed, read and removed before it was written', async () => {
    let replayedMeanwhile: PendingCompletion[] | undefined;
    const raced = new EnrollmentJournal(journal.file, {
      afterOpen: async () => {
        if (replayedMeanwhile) return;
        // A replay (this process's maintenance, or `npm run reconcile`) runs between the open and the write.
        const taken = await raced.take();
        replayedMeanwhile = taken.entries;
        await taken.settle([]);
      },
    });
    await raced.append(completion(1));

    const taken = await raced.take();

    expect(replayedMeanwhile).toEqual([]);
    expect(taken.entries).toEqual([completion(1)]);
  });

  it('gives up on an append whose file is moved every time, and serves the appends queued behind it', async () => {
    let moves = 0;
    const moved = new EnrollmentJournal(journal.file, {
      afterOpen: async () => {
        if (moves >= 3) return;
        moves += 1;
        await rename(journal.file, `${journal.file}.moved-${moves}`);
      },
    });

    const givenUp = moved.append(completion(1));
    const queued = moved.append(completion(2));

    await expect(givenUp).rejects.toThrow('the journal was moved during 3 appends in a row');
    await expect(queued).resolves.toBeUndefined();
    expect(await moved.entries()).toEqual([completion(2)]);
  });

  it('gives back every completion of a settle larger than one write, none cut', async () => {
    const pending = Array.from({ length: 2000 }, (_, n) => completion(n));
    await journal.append(completion(1));

    await (await journal.take()).settle(pending);
    const retaken = await journal.take();
    const settled = await retaken.settle([]);

    expect(retaken.entries).toEqual(pending);
    expect(settled.corruptLines).toBe(0);
  });

  it('keeps every completion of many appended at once', async () => {
    const appended = Array.from({ length: 50 }, (_, n) => completion(n));

    await Promise.all(appended.map((entry) => journal.append(entry)));

    expect(await journal.entries()).toEqual(expect.arrayContaining(appended));
    expect(await journal.entries()).toHaveLength(appended.length);
  });

  it('replays a batch an interrupted run left behind', async () => {
    await journal.append(completion(1));
    await journal.take(); // the process dies here, before settling

    const retaken = await journal.take();

    expect(retaken.entries).toEqual([completion(1)]);
  });

  it('sets aside a line cut short by a crash instead of failing every later replay', async () => {
    await journal.append(completion(1));
    await appendFile(journal.file, '{"intentId":"intent-2","userId":"0000');

    const taken = await journal.take();
    const settled = await taken.settle([]);

    expect(taken.entries).toEqual([completion(1)]);
    expect(settled.corruptLines).toBe(1);
    expect(await readFile(`${journal.file}.corrupt`, 'utf8')).toContain('"intent-2"');
    expect(await journal.entries()).toEqual([]);
  });

  it('does not take a line an append is still writing for a corrupt one, and keeps its completion', async () => {
    await journal.append(completion(1));
    const line = `${JSON.stringify(completion(2))}\n`;
    // An append has written part of its line when the replay renames the file and reads it...
    await appendFile(journal.file, line.slice(0, 25));
    const taken = await journal.take();
    // ...and writes the rest to the file it holds open, now the replay's batch.
    const [batch] = (await readdir(path.dirname(journal.file))).filter((name) =>
      name.includes('.processing-'),
    );
    await appendFile(path.join(path.dirname(journal.file), batch!), line.slice(25));

    const settled = await taken.settle([]);

    expect(taken.entries).toEqual([completion(1)]);
    expect(settled.corruptLines).toBe(0);
    expect(await journal.corruptLines()).toBe(0);
    // Carried over, even if its append never got to write it again (a crash right after its write).
    expect(await journal.entries()).toEqual([completion(2)]);
  });
});

describe('the enrollment completion journal with two replays at once', () => {
  let file: string;

  beforeEach(async () => {
    file = path.join(await mkdtemp(path.join(tmpdir(), 'journal-')), 'journal.jsonl');
  });

  it('skips a taken file another replay settled between its listing and its read', async () => {
    const other = new EnrollmentJournal(file);
    let otherReplay: PendingCompletion[] | undefined;
    const journal = new EnrollmentJournal(file, {
      afterListing: async () => {
        // `npm run reconcile` (or the shutdown's replay) takes, records and settles the same file here.
        const taken = await other.take();
        otherReplay = taken.entries;
        await taken.settle([]);
      },
    });
    await journal.append(completion(1));

    const taken = await journal.take();
    await taken.settle([]);

    expect(otherReplay).toEqual([completion(1)]);
    expect(taken.entries).toEqual([]);
    expect(await journal.entries()).toEqual([]);
  });

  it('sets a corrupt line aside once, although a replay that failed before settling read it first', async () => {
    const journal = new EnrollmentJournal(file);
    await journal.append(completion(1));
    await appendFile(file, '{"intentId":"intent-2",\n');
    await journal.take(); // this replay fails here: the database is down, say

    const settled = await (await journal.take()).settle([]);

    expect(settled.corruptLines).toBe(1);
    expect(await journal.corruptLines()).toBe(1);
  });
});

describe('the enrollment completion journal with a line that is not a completion', () => {
  it('sets aside a line whose time is not a date instead of completing the user with another time', async () => {
    const journal = new EnrollmentJournal(
      path.join(await mkdtemp(path.join(tmpdir(), 'journal-')), 'j.jsonl'),
    );
    await journal.append(completion(1));
    await appendFile(journal.file, `${JSON.stringify({ ...completion(2), enrolledAt: 'yesterday' })}\n`);

    const taken = await journal.take();
    const settled = await taken.settle([]);

    expect(taken.entries).toEqual([completion(1)]);
    expect(settled.corruptLines).toBe(1);
  });
});

describe('the enrollment completion journal after a torn write', () => {
  it('reads the next completion although a crash cut the line before it short', async () => {
    const journal = new EnrollmentJournal(
      path.join(await mkdtemp(path.join(tmpdir(), 'journal-')), 'j.jsonl'),
    );
    await journal.append(completion(1));
    // What a crash or a full disk can leave: half a line, no newline.
    await appendFile(journal.file, JSON.stringify(completion(2)).slice(0, 20));
    await journal.append(completion(3));

    const taken = await journal.take();
    const settled = await taken.settle([]);

    expect(taken.entries).toEqual([completion(1), completion(3)]);
    expect(settled.corruptLines).toBe(1);
    expect(await journal.corruptLines()).toBe(1);
  });
});
