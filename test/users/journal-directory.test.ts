import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareJournalDirectory } from '../../src/users/journal-directory';

describe('the instance id kept beside the journal', () => {
  it('is made once and kept across restarts', async () => {
    const journal = path.join(await mkdtemp(path.join(tmpdir(), 'journal-dir-')), 'journal.jsonl');

    const first = await prepareJournalDirectory(journal);
    const second = await prepareJournalDirectory(journal);

    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toBe(first);
  });

  it('replaces an id file a crash left empty instead of using an empty id', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'journal-dir-'));
    await writeFile(path.join(directory, 'instance-id'), '');

    const id = await prepareJournalDirectory(path.join(directory, 'journal.jsonl'));

    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await readFile(path.join(directory, 'instance-id'), 'utf8')).trim()).toBe(id);
  });
});
