import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { runCommand } from '../support/commands';
import { startDev, type DevProcess } from '../support/dev-process';
import { testMongoUri } from '../support/test-database';

describe('npm run seed', () => {
  let dev: DevProcess | undefined;
  afterEach(async () => {
    await dev?.stop();
  });

  it('enrolls N users through the running npm run dev, with its token, and prints no card number', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cce-seed-'));
    dev = await startDev({
      DEV_DATA_DIR: dataDir,
      MONGODB_URI: `${testMongoUri().replace(/\/$/, '')}/seed_${randomUUID().slice(0, 8)}`,
    });

    const seed = await runCommand('dev/seed/seed-cli.ts', ['5'], { DEV_DATA_DIR: dataDir });

    expect({ code: seed.code, stderr: seed.stderr }).toEqual({ code: 0, stderr: '' });
    expect(seed.stdout).toContain('enrolled 5 of 5; refused none');
    expect(seed.stdout).not.toMatch(/\d{12,}/);
    const listed = await dev.graphql(
      '{ users(first: 10) { totalCount edges { node { cardLast4 locale } } } }',
    );
    expect(listed.errors).toBeUndefined();
    expect(listed.data?.users).toMatchObject({ totalCount: 5 });
  }, 120_000);

  it('without a running npm run dev nor a token, says how to get one', async () => {
    const seed = await runCommand('dev/seed/seed-cli.ts', ['5'], {
      DEV_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cce-seed-none-')),
    });

    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('no token: start `npm run dev`');
  });
});
