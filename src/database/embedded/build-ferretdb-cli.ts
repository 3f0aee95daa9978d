/* eslint-disable no-console -- a command-line entry point reports on the console */
import { ensureFerretDbBinary } from './ferretdb-binary';

// `npm run testdb:build`: builds the embedded FerretDB launcher ahead of the first test run (CI does this).
ensureFerretDbBinary((message) => console.log(message))
  .then((binary) => console.log(`FerretDB launcher ready: ${binary}`))
  .catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
