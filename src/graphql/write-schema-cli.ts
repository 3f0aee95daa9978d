/* eslint-disable no-console -- a command-line entry point reports on the console */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { printGatewaySchema, SCHEMA_FILE } from './print-schema';

// `npm run schema`: regenerates schema/schema.graphql (a test fails while the committed file is stale).
printGatewaySchema()
  .then(async (sdl) => {
    const target = path.resolve(__dirname, '../..', SCHEMA_FILE);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, sdl);
    console.log(`wrote ${SCHEMA_FILE}`);
  })
  .catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
