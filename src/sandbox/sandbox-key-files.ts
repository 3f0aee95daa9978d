import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateClientResponseKeys, generateSandboxKeys, type SandboxKeys } from './sandbox-keys';

type KeyName = keyof SandboxKeys;

const FILES: Record<KeyName, string> = {
  consumerKey: 'consumer-key.txt',
  clientSigningKeyPem: 'client-signing-key.pem',
  clientVerificationKeyPem: 'client-verification-key.pem',
  encryptionCertificatePem: 'encryption-certificate.pem',
  encryptionPrivateKeyPem: 'encryption-private-key.pem',
  clientDecryptionKeyPem: 'client-decryption-key.pem',
  clientEncryptionCertificatePem: 'client-encryption-certificate.pem',
};

/** Added after the first release: a keys directory without them gets them, and keeps the rest. */
const RESPONSE_KEYS: readonly KeyName[] = ['clientDecryptionKeyPem', 'clientEncryptionCertificatePem'];
const BASE_KEYS = (Object.keys(FILES) as KeyName[]).filter((name) => !RESPONSE_KEYS.includes(name));

/** Paths of the files a gateway needs to connect to a sandbox started from `dir`. */
export function clientKeyFiles(dir: string): {
  signingKey: string;
  encryptionCertificate: string;
  decryptionKey: string;
} {
  return {
    signingKey: path.join(dir, FILES.clientSigningKeyPem),
    encryptionCertificate: path.join(dir, FILES.encryptionCertificatePem),
    decryptionKey: path.join(dir, FILES.clientDecryptionKeyPem),
  };
}

/**
 * Reuses the keys stored in `dir`, or generates and stores a new set, so a restarted sandbox
 * still accepts a gateway configured from the previous run. A directory written before the response
 * keys existed gets those added, and keeps its other keys. The files are throw-away test keys.
 */
export async function loadOrCreateSandboxKeys(dir: string): Promise<{ keys: SandboxKeys; created: boolean }> {
  const base = await readKeys(dir, BASE_KEYS);
  if (!base) {
    const keys = generateSandboxKeys();
    await writeKeys(dir, keys, Object.keys(FILES) as KeyName[]);
    return { keys: normalised(keys), created: true };
  }
  const stored = await readKeys(dir, RESPONSE_KEYS);
  const response = stored ?? generateClientResponseKeys();
  if (!stored) await writeKeys(dir, response, RESPONSE_KEYS);
  return { keys: normalised({ ...base, ...response } as SandboxKeys), created: false };
}

/** The same text whether just generated or read back: trimmed, PEMs ending with a newline. */
function normalised(keys: SandboxKeys): SandboxKeys {
  const entries = Object.entries(keys).map(([name, value]: [string, string]) => {
    const text = value.trim();
    return [name, name.endsWith('Pem') ? `${text}\n` : text];
  });
  return Object.fromEntries(entries) as unknown as SandboxKeys;
}

async function writeKeys(dir: string, keys: Partial<SandboxKeys>, names: readonly KeyName[]): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const name of names) {
    const target = path.join(dir, FILES[name]);
    await writeFile(target, keys[name] ?? '', { mode: 0o600 });
    await chmod(target, 0o600);
  }
}

/** The named keys, or undefined unless every one of them is stored. */
async function readKeys(
  dir: string,
  names: readonly KeyName[],
): Promise<Partial<Record<KeyName, string>> | undefined> {
  try {
    const entries = await Promise.all(
      names.map(
        async (name) => [name, (await readFile(path.join(dir, FILES[name]), 'utf8')).trim()] as const,
      ),
    );
    return Object.fromEntries(entries);
  } catch {
    return undefined;
  }
}
