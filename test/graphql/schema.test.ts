import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  printGatewaySchema,
  printGatewaySubgraphSchema,
  SCHEMA_FILE,
  SUBGRAPH_SCHEMA_FILE,
} from '../../src/graphql/print-schema';

const committed = (file: string) => readFile(path.resolve(__dirname, '../..', file), 'utf8');

describe('the committed SDL (run `npm run schema` after changing src/graphql)', () => {
  it('schema/schema.graphql matches the schema the code builds', async () => {
    expect(await committed(SCHEMA_FILE)).toBe(await printGatewaySchema());
  });

  it('schema/subgraph.graphql matches the subgraph schema the code builds', async () => {
    expect(await committed(SUBGRAPH_SCHEMA_FILE)).toBe(await printGatewaySubgraphSchema());
  });
});
