import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { anEnrollment } from '../support/builders';
import { ENROLL_MUTATION } from '../support/child-gateway';
import { startDev, type DevProcess } from '../support/dev-process';

const USERS = '{ users(first: 10) { totalCount edges { node { id cardLast4 email { value } } } } }';

/**
 * The embedded database of this test run's kind: when the run uses FerretDB, mongodb-memory-server is
 * skipped at once (a mongod that does not exist) instead of trying a download first.
 */
function embeddedDatabase(dataDir: string): Record<string, string> {
  return process.env.TEST_DATABASE_KIND === 'ferretdb'
    ? { MONGOMS_SYSTEM_BINARY: path.join(dataDir, 'no-such-mongod') }
    : {};
}

describe('npm run dev with DEV_DATA_DIR', () => {
  let dev: DevProcess | undefined;
  afterEach(async () => {
    await dev?.stop();
    dev = undefined;
  });

  it('keeps enrolled users, their personal data and their card fingerprints across a restart', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cce-dev-data-'));
    const env = { DEV_DATA_DIR: dataDir, ...embeddedDatabase(dataDir) };
    const enrollment = anEnrollment({ email: { type: 'home', value: 'kept.across@example.com' } });

    dev = await startDev(env);
    expect(dev.output()).toContain(`data kept in ${dataDir}`);
    const enrolled = await dev.graphql(ENROLL_MUTATION, { input: enrollment });
    expect(enrolled.errors).toBeUndefined();
    const before = await dev.graphql(USERS);
    expect(await dev.stop()).toBe(0);
    // The journal's instance id lives there too, so a restart is the same instance and replays its journal.
    const instanceId = readFileSync(path.join(dataDir, 'instance-id'), 'utf8');

    dev = await startDev(env);
    const after = await dev.graphql(USERS);

    expect(after).toEqual(before);
    expect(after.data?.users).toMatchObject({
      totalCount: 1,
      edges: [
        { node: { cardLast4: enrollment.cardNumber.slice(-4), email: { value: 'kept.across@example.com' } } },
      ],
    });
    expect(readFileSync(path.join(dataDir, 'instance-id'), 'utf8')).toBe(instanceId);
    // The fingerprint key is the same: the cache still recognises the card.
    const again = await dev.graphql(ENROLL_MUTATION, { input: enrollment });
    expect(again.errors?.[0]?.extensions?.code).toBe('DUPLICATE_CARD');
  }, 120_000);

  it('without it, says so, and a restart starts from an empty database', async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'cce-dev-nodata-'));
    // The journal out of the working tree's data/ folder, which other dev processes of this run use.
    const env = {
      ENROLLMENT_JOURNAL_PATH: path.join(scratch, 'journal.jsonl'),
      ...embeddedDatabase(scratch),
    };

    dev = await startDev(env);
    expect(dev.output()).toContain('data thrown away at exit');
    expect((await dev.graphql(ENROLL_MUTATION, { input: anEnrollment() })).errors).toBeUndefined();
    expect(await dev.stop()).toBe(0);

    dev = await startDev(env);
    expect((await dev.graphql('{ users { totalCount } }')).data?.users).toEqual({ totalCount: 0 });
  }, 120_000);
});
