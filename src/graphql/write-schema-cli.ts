/* eslint-disable no-console -- a command-line entry point reports on the console */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  printGatewaySchema,
  printGatewaySubgraphSchema,
  SCHEMA_FILE,
  SUBGRAPH_SCHEMA_FILE,
} from './print-schema';

// `npm run schema`: regenerates the committed SDL files (a test fails while they are stale).
async function main(): Promise<void> {
  const outputs: [string, string][] = [
    [SCHEMA_FILE, await printGatewaySchema()],
    [SUBGRAPH_SCHEMA_FILE, await printGatewaySubgraphSchema()],
  ];
  for (const [file, sdl] of outputs) {
    const target = path.resolve(__dirname, '../..', file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, sdl);
    console.log(`wrote ${file}`);
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
