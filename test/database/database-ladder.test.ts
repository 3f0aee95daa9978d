import { errors } from 'mongodb-memory-server-core';
import { startDatabase } from '../../src/database/database-ladder';
import { startMongoMemoryServer } from '../../src/database/embedded/mongodb-memory-server';
import type { RunningDatabase } from '../../src/database/running-database';

/** What MongoBinary.getPath throws on a machine without internet, after its retries. */
function offlineDownloadError(): Error {
  const error = new errors.DownloadError(
    'https://fastdl.mongodb.org/linux/mongodb-linux-x86_64-debian12-8.2.6.tgz',
    'getaddrinfo ENOTFOUND fastdl.mongodb.org',
    'ENOTFOUND',
  );
  return Object.assign(error, { maxRetries: 3, attempts: 3 });
}

const nextRung = async (): Promise<RunningDatabase> => ({
  kind: 'ferretdb',
  uri: 'mongodb://127.0.0.1:1/',
  description: 'the next rung',
  stop: async () => undefined,
});

describe('the database ladder on a machine without internet', () => {
  it('says in one short line that it skips mongodb-memory-server, without the download stack, and goes on', async () => {
    const lines: string[] = [];
    const warn = jest.spyOn(console, 'warn');
    const error = jest.spyOn(console, 'error');
    try {
      const database = await startDatabase({
        log: (message) => lines.push(message),
        rungs: [
          () => startMongoMemoryServer({ mongodBinary: () => Promise.reject(offlineDownloadError()) }),
          nextRung,
        ],
      });

      expect(database.description).toBe('the next rung');
      expect(lines).toEqual([
        'database ladder: skipping mongodb-memory-server: cannot download mongod ' +
          '(getaddrinfo ENOTFOUND fastdl.mongodb.org); MONGOMS_SYSTEM_BINARY=/path/to/mongod uses a local one',
      ]);
      expect(warn).not.toHaveBeenCalled();
      expect(error).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });

  it('keeps the line short whatever the download failure says', async () => {
    const lines: string[] = [];
    const long = new errors.DownloadError(
      'https://x.example/a.tgz',
      `Status: 503\n${'detail '.repeat(100)}`,
      '503',
    );

    await startDatabase({
      log: (message) => lines.push(message),
      rungs: [() => startMongoMemoryServer({ mongodBinary: () => Promise.reject(long) }), nextRung],
    });

    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBeLessThan(250);
    expect(lines[0]).not.toContain('\n');
    expect(lines[0]).not.toContain('https://');
  });
});
