import { Schema } from 'mongoose';
import { detectCapabilities } from '../../src/database/capabilities';
import { openTestDatabase, type TestDatabase } from '../support/test-database';

describe('the test database', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase();
  });

  afterAll(async () => {
    await database.close();
  });

  it('round-trips a document through mongoose over the MongoDB wire protocol', async () => {
    const Probe = database.connection.model(
      'Probe',
      new Schema({ name: { type: String, required: true }, tags: [String], at: Date }),
    );
    const at = new Date('2026-01-02T03:04:05.000Z');

    const created = await Probe.create({ name: 'round-trip', tags: ['a', 'b'], at });
    const found = await Probe.findById(created._id).lean();

    expect(found).toMatchObject({ name: 'round-trip', tags: ['a', 'b'], at });
    expect(await Probe.countDocuments()).toBe(1);
  });

  it('enforces a unique index on insert', async () => {
    const Unique = database.connection.model('Unique', new Schema({ key: { type: String, unique: true } }));
    await Unique.init();

    await Unique.create({ key: 'same' });

    await expect(Unique.create({ key: 'same' })).rejects.toMatchObject({ code: 11000 });
  });

  it('reports capabilities that match the server the ladder started', async () => {
    const capabilities = await detectCapabilities(database.connection.db!);

    const expectedServer = process.env.TEST_DATABASE_KIND === 'ferretdb' ? 'ferretdb' : 'mongodb';
    expect(capabilities.server).toBe(expectedServer);
    if (capabilities.server === 'ferretdb') {
      expect(capabilities).toMatchObject({ transactions: false, ttlIndexes: false, partialIndexes: false });
    }
  });
});
