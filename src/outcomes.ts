/* eslint-disable no-console -- a command-line entry point reports on the console */
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import pino from 'pino';
import { EnvironmentReader } from './config/config-error';
import { readKeyRing } from './config/secret-keys';
import { PersonalDataCipher } from './users/personal-data-cipher';
import { UnknownOutcomeError, UnknownOutcomeService } from './users/unknown-outcome-service';
import { userModel } from './users/user-document';
import { UserRepository } from './users/user-repository';

const USAGE = `usage: npm run outcomes -- list
       npm run outcomes -- resolve <intentId> --user-id <CCE userid>
       npm run outcomes -- release <intentId>
Needs MONGODB_URI and PERSONAL_DATA_KEY(S), as the gateway has them. See "Unknown outcomes" in README.md.`;

// `npm run outcomes`: the operator's view of enrollments whose outcome at CCE is unknown.
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { 'user-id': { type: 'string' }, help: { type: 'boolean' } },
  });
  const [command, intentId] = positionals;
  const valid =
    command === 'list' ||
    (command === 'release' && intentId) ||
    (command === 'resolve' && intentId && values['user-id']);
  if (values.help || !valid) {
    console.error(USAGE);
    process.exitCode = values.help ? 0 : 1;
    return;
  }
  const env = new EnvironmentReader(process.env);
  const mongodbUri = env.required('MONGODB_URI', 'the database the gateway uses');
  const personalDataKeys = readKeyRing(env, 'PERSONAL_DATA_KEYS', 'PERSONAL_DATA_KEY');
  env.throwIfProblems();
  const connection = await mongoose
    .createConnection(mongodbUri!, { bufferCommands: false, serverSelectionTimeoutMS: 10_000 })
    .asPromise();
  const outcomes = new UnknownOutcomeService(
    new UserRepository(userModel(connection), new PersonalDataCipher(personalDataKeys!)),
    pino({ level: 'info' }),
  );
  try {
    if (command === 'list') {
      for (const outcome of await outcomes.list()) console.log(JSON.stringify(outcome));
    } else if (command === 'resolve') {
      const userId = await outcomes.resolve(intentId!, values['user-id']!);
      console.log(JSON.stringify({ intentId, userId, status: 'ACTIVE' }));
    } else {
      await outcomes.release(intentId!);
      console.log(JSON.stringify({ intentId, released: true }));
    }
  } catch (error) {
    if (!(error instanceof UnknownOutcomeError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  } finally {
    await connection.close();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
