import { randomBytes, randomUUID } from 'node:crypto';
import { singleKeyRing } from '../../src/config/secret-keys';
import { CardFingerprinter } from '../../src/users/card-fingerprint';
import { PersonalDataCipher } from '../../src/users/personal-data-cipher';
import { UserRepository, type NewIntent } from '../../src/users/user-repository';
import { aCardNumber } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

describe('the enrollment intent as the repository stores it', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture();
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('stores the intent field by field: nothing else an object passed in holds reaches the database', async () => {
    const repository = new UserRepository(
      fixture.users,
      new PersonalDataCipher(singleKeyRing(randomBytes(32))),
    );
    const cardNumber = aCardNumber();
    const intent: NewIntent = {
      _id: randomUUID(),
      fingerprints: new CardFingerprinter(singleKeyRing(randomBytes(32))).fingerprints(cardNumber),
      cardLast4: cardNumber.slice(-4),
      cardBaseCurrency: 'USD',
      personal: { cardholderName: 'Ada Lovelace' },
      createdAt: new Date(),
      instanceId: 'test-instance',
      donateProfileComplete: false,
    };
    // What TypeScript lets through: an object with more properties than the type names.
    const carryingTheCard = { ...intent, cardNumber, profile: { cardNumber } };

    expect(await repository.insertIntent(carryingTheCard)).toBe(true);

    const stored = await fixture.users.collection.findOne({ _id: intent._id as never });
    expect(JSON.stringify(stored)).not.toContain(cardNumber);
    expect(Object.keys(stored!).sort()).toEqual([
      '_id',
      'cardBaseCurrency',
      'cardFingerprint',
      'cardFingerprintKeyId',
      'cardLast4',
      'createdAt',
      'donateProfileComplete',
      'instanceId',
      'personalData',
      'personalDataKeyId',
      'status',
    ]);
  });
});
