import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateSandboxKeys, type SandboxKeys } from './sandbox-keys';

const FILES: Record<keyof SandboxKeys, string> = {
  consumerKey: 'consumer-key.txt',
  clientSigningKeyPem: 'client-signing-key.pem',
  clientVerificationKeyPem: 'client-verification-key.pem',
  encryptionCertificatePem: 'encryption-certificate.pem',
  encryptionPrivateKeyPem: 'encryption-private-key.pem',
};

/** Paths of the files a gateway needs to connect to a sandbox started from `dir`. */
export function clientKeyFiles(dir: string): { signingKey: string; encryptionCertificate: string } {
  return {
    signingKey: path.join(dir, FILES.clientSigningKeyPem),
    encryptionCertificate: path.join(dir, FILES.encryptionCertificatePem),
  };
}

/**
 * Reuses the keys stored in `dir`, or generates and stores a new set, so a restarted sandbox
 * still accepts a gateway configured from the previous run. The files are throw-away test keys.
 */
export async function loadOrCreateSandboxKeys(dir: string): Promise<{ keys: SandboxKeys; created: boolean }> {
  const existing = await readKeys(dir);
  if (existing) return { keys: existing, created: false };
  const keys = generateSandboxKeys();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const [name, file] of Object.entries(FILES) as [keyof SandboxKeys, string][]) {
    const target = path.join(dir, file);
    await writeFile(target, keys[name], { mode: 0o600 });
    await chmod(target, 0o600);
  }
  return { keys, created: true };
}

async function readKeys(dir: string): Promise<SandboxKeys | undefined> {
  try {
    const entries = await Promise.all(
      (Object.entries(FILES) as [keyof SandboxKeys, string][]).map(
        async ([name, file]) => [name, (await readFile(path.join(dir, file), 'utf8')).trim()] as const,
      ),
    );
    const keys = Object.fromEntries(entries) as Record<keyof SandboxKeys, string>;
    return { ...keys, clientSigningKeyPem: `${keys.clientSigningKeyPem}\n` };
  } catch {
    return undefined;
  }
}
