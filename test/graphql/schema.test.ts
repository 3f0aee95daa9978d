import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { printGatewaySchema, SCHEMA_FILE } from '../../src/graphql/print-schema';

describe('the committed SDL', () => {
  it('matches the schema the code builds (run `npm run schema` after changing src/graphql)', async () => {
    const committed = await readFile(path.resolve(__dirname, '../..', SCHEMA_FILE), 'utf8');

    expect(committed).toBe(await printGatewaySchema());
  });
});
