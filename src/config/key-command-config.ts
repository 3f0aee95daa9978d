import { EnvironmentReader, type Environment } from './config-error';
import { readKeyRing, type KeyRing } from './secret-keys';

/** What the key commands need: the gateway's database and its key rings, read as `npm start` reads them. */
export interface KeyCommandConfig {
  readonly mongodbUri: string;
  readonly cardFingerprintKeys: KeyRing;
  readonly personalDataKeys: KeyRing;
}

export function readKeyCommandConfig(environment: Environment): KeyCommandConfig {
  const env = new EnvironmentReader(environment);
  const mongodbUri = env.required('MONGODB_URI', 'the database the gateway uses');
  const cardFingerprintKeys = readKeyRing(env, 'CARD_FINGERPRINT_KEYS', 'CARD_FINGERPRINT_KEY');
  const personalDataKeys = readKeyRing(env, 'PERSONAL_DATA_KEYS', 'PERSONAL_DATA_KEY');
  env.throwIfProblems();
  return {
    mongodbUri: mongodbUri!,
    cardFingerprintKeys: cardFingerprintKeys!,
    personalDataKeys: personalDataKeys!,
  };
}
