import { randomBytes, randomUUID } from 'node:crypto';
import type { KeyRing } from '../../src/config/secret-keys';
import { StartupError } from '../../src/config/startup-error';
import { assertKeysCoverStoredUsers } from '../../src/users/key-coverage';
import { KeyMaintenance } from '../../src/users/key-maintenance';
import { PersonalDataCipher } from '../../src/users/personal-data-cipher';
import { UserRepository } from '../../src/users/user-repository';
import { DeleteUsersDocument, EnrollUserDocument, ListUsersDocument } from '../generated/operations';
import { anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';
import { runCommand } from '../support/commands';
import { testMongoUri } from '../support/test-database';

const key = (id: string) => ({ id, key: randomBytes(32) });
const ring = (...keys: { id: string; key: Buffer }[]) => keys as unknown as KeyRing;
const variable = (keys: KeyRing) =>
  keys.map(({ id, key: bytes }) => `${id}:${bytes.toString('hex')}`).join(',');

describe('key rotation', () => {
  const [fingerprint1, fingerprint2] = [key('f1'), key('f2')];
  const [data1, data2] = [key('d1'), key('d2')];
  const email = { type: 'home', value: 'rotated.person@example.com' };
  const first = anEnrollment({ email });
  let before: GatewayFixture;
  let after: GatewayFixture;
  let firstId: string;

  /** The environment of the key commands for `after`'s database and keys. */
  const commandEnv = (fingerprints: KeyRing, data: KeyRing) => ({
    MONGODB_URI: `${testMongoUri().replace(/\/$/, '')}/${before.dbName}`,
    CARD_FINGERPRINT_KEYS: variable(fingerprints),
    PERSONAL_DATA_KEYS: variable(data),
  });

  beforeAll(async () => {
    before = await startGatewayFixture({
      cardFingerprintKeys: ring(fingerprint1),
      personalDataKeys: ring(data1),
    });
    const enrolled = await before.graphql(EnrollUserDocument, { input: first });
    expect(enrolled.errors).toBeUndefined();
    firstId = enrolled.data!.enrollUser.user.id;
    // The same database, restarted with a new key first in each ring, and a CCE that knows nobody.
    after = await startGatewayFixture({
      databaseName: before.dbName,
      cardFingerprintKeys: ring(fingerprint2, fingerprint1),
      personalDataKeys: ring(data2, data1),
    });
  });

  afterAll(async () => {
    await after.close();
    await before.close();
  });

  it('still refuses a card enrolled under the older fingerprint key, without asking CCE', async () => {
    const calls = after.sandbox.callCount('POST /issuers/users');

    const again = await after.graphql(EnrollUserDocument, {
      input: anEnrollment({ cardNumber: first.cardNumber }),
    });

    expect(again.errors?.[0]?.extensions?.code).toBe('DUPLICATE_CARD');
    expect(after.sandbox.callCount('POST /issuers/users')).toBe(calls);
  });

  it('fingerprints and seals new users with the newest keys, and reads the older ones', async () => {
    const second = await after.graphql(EnrollUserDocument, { input: anEnrollment() });
    const stored = await after.users.findOne({ userId: second.data!.enrollUser.user.id }).lean();

    expect(stored).toMatchObject({ cardFingerprintKeyId: 'f2', personalDataKeyId: 'd2' });
    const listed = await after.graphql(ListUsersDocument, { filter: { email: email.value.toUpperCase() } });
    expect(listed.data!.users.edges.map(({ node }) => node.id)).toEqual([firstId]);
    const user = await after.graphql(`{ user(id: "${firstId}") { email { value } name { lastName } } }`);
    expect(user.data).toEqual({ user: { email: { value: email.value }, name: { lastName: 'Doe' } } });
  });

  it('refuses to re-encrypt under a key no gateway has started with (a typo would strand every user)', async () => {
    const unknown = { id: 'd9', key: randomBytes(32) };

    const run = await runCommand(
      'reencrypt-personal-data.ts',
      [],
      commandEnv(ring(fingerprint2, fingerprint1), ring(unknown, data2, data1)),
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('PERSONAL_DATA_KEY(S)');
    expect(run.stderr).toContain('key "d9" has not been used by a gateway on this database yet');
  });

  it('re-encrypts older personal data with `npm run keys:reencrypt`, after which the older key can go', async () => {
    const run = await runCommand(
      'reencrypt-personal-data.ts',
      [],
      commandEnv(ring(fingerprint2, fingerprint1), ring(data2, data1)),
    );

    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({ keyId: 'd2', resealed: 1, sealedFromClear: 0, unreadable: [] });
    const repository = new UserRepository(after.users, new PersonalDataCipher(ring(data2)));
    const [user] = await repository.findByUserIds([firstId]);
    expect(user).toMatchObject({ email, cardholderName: first.cardholderName });
    expect(await repository.list({ email: email.value }, undefined, 10)).toHaveLength(1);
    await expect(
      assertKeysCoverStoredUsers(new KeyMaintenance(after.users, new PersonalDataCipher(ring(data2))), {
        cardFingerprintKeys: ring(fingerprint2, fingerprint1),
        personalDataKeys: ring(data2),
      }),
    ).resolves.toBeUndefined();
    const again = await runCommand(
      'reencrypt-personal-data.ts',
      [],
      commandEnv(ring(fingerprint2, fingerprint1), ring(data2, data1)),
    );
    expect(JSON.parse(again.stdout)).toMatchObject({ resealed: 0 });
  });

  it('removes, without sealing, the clear personal data a user deleted before encryption at rest kept', async () => {
    const legacyId = randomUUID();
    await after.users.collection.insertOne({
      _id: legacyId as never,
      status: 'DELETED',
      userId: randomUUID(),
      cardFingerprint: `released:${legacyId}`,
      cardLast4: '',
      cardBaseCurrency: 'EUR',
      cardholderName: 'Gone Already',
      email: { type: 'work', value: 'gone.already@example.com' },
      emailKey: 'gone.already@example.com',
      createdAt: new Date(),
      enrolledAt: new Date(),
    });

    const run = await runCommand(
      'reencrypt-personal-data.ts',
      [],
      commandEnv(ring(fingerprint2, fingerprint1), ring(data2, data1)),
    );

    expect(run.code).toBe(0);
    const stored = await after.users.collection.findOne({ _id: legacyId as never });
    expect(stored).not.toHaveProperty('personalData');
    expect(JSON.stringify(stored)).not.toMatch(/Gone|gone\.already/);
    await after.users.collection.deleteOne({ _id: legacyId as never });
  });

  it('seals personal data stored in clear before encryption at rest, and removes the clear fields', async () => {
    const legacyId = randomUUID();
    const userId = randomUUID();
    await after.users.collection.insertOne({
      _id: legacyId as never,
      status: 'ACTIVE',
      userId,
      cardFingerprint: `legacy:${legacyId}`,
      cardLast4: '4242',
      cardBaseCurrency: 'EUR',
      cardholderName: 'Old Timer',
      email: { type: 'work', value: 'old.timer@example.com' },
      emailKey: 'old.timer@example.com',
      name: { firstName: 'Old', lastName: 'Timer' },
      locale: 'fr-FR',
      createdAt: new Date(),
      enrolledAt: new Date(),
    });

    const run = await runCommand(
      'reencrypt-personal-data.ts',
      [],
      commandEnv(ring(fingerprint2, fingerprint1), ring(data2, data1)),
    );

    expect(JSON.parse(run.stdout)).toMatchObject({ resealed: 0, sealedFromClear: 1, unreadable: [] });
    const stored = await after.users.collection.findOne({ userId });
    expect(JSON.stringify(stored)).not.toMatch(/Old|Timer|old\.timer|fr-FR/);
    const repository = new UserRepository(after.users, new PersonalDataCipher(ring(data2, data1)));
    expect((await repository.findByUserIds([userId]))[0]).toMatchObject({
      cardholderName: 'Old Timer',
      email: { type: 'work', value: 'old.timer@example.com' },
      name: { firstName: 'Old', lastName: 'Timer' },
      locale: 'fr-FR',
    });
    expect(await repository.count({ email: 'OLD.timer@example.com' })).toBe(1);
    // Its fingerprint dates from before key ids: it depends on CARD_FINGERPRINT_KEY, id "default".
    const maintenance = new KeyMaintenance(after.users, new PersonalDataCipher(ring(data2, data1)));
    expect((await maintenance.keyIdsInUse()).fingerprint).toEqual(expect.arrayContaining(['default']));
    expect(await maintenance.countByFingerprintKey('default')).toMatchObject({ ACTIVE: 1 });
    await after.users.deleteOne({ userId });
  });

  it('refuses to start without a fingerprint key that enrolled users depend on, naming the variable', async () => {
    const maintenance = new KeyMaintenance(after.users, new PersonalDataCipher(ring(data2, data1)));

    const withKeys = (fingerprints: KeyRing, data: KeyRing) =>
      assertKeysCoverStoredUsers(maintenance, { cardFingerprintKeys: fingerprints, personalDataKeys: data });

    await expect(withKeys(ring(fingerprint2), ring(data2, data1))).rejects.toBeInstanceOf(StartupError);
    await expect(withKeys(ring(fingerprint2), ring(data2, data1))).rejects.toThrow(
      /^CARD_FINGERPRINT_KEYS: .*key "f1"/,
    );
    await expect(withKeys(ring(fingerprint2, fingerprint1), ring(data1))).rejects.toThrow(
      /^PERSONAL_DATA_KEYS: .*key "d2"/,
    );
  });

  it('retires the older fingerprint key only once no enrolled user depends on it', async () => {
    const env = commandEnv(ring(fingerprint2, fingerprint1), ring(data2, data1));

    const blocked = await runCommand('retire-fingerprint-key.ts', ['f1'], env);
    expect(blocked.code).toBe(2);
    expect(JSON.parse(blocked.stdout)).toMatchObject({ retire: false, dependents: { ACTIVE: 1 } });
    const newest = await runCommand('retire-fingerprint-key.ts', ['f2'], env);
    expect(newest).toMatchObject({ code: 1, stderr: expect.stringContaining('is the newest') });

    await after.graphql(DeleteUsersDocument, { ids: [firstId] });
    after.clock.now = new Date(after.clock.now.getTime() + 25 * 3600_000);
    await after.gateway.maintenance.run();

    const retired = await runCommand('retire-fingerprint-key.ts', ['f1'], env);
    expect(retired.code).toBe(0);
    expect(JSON.parse(retired.stdout)).toMatchObject({
      retire: true,
      advice: expect.stringContaining('remove it'),
    });
    expect(retired.stdout).not.toContain(fingerprint1.key.toString('hex'));
  });
});
