import { randomBytes, randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { MongoClient } from 'mongodb';
import { Agent, request } from 'undici';
import { ENROLLMENT_PATH, PayloadEncryptor } from '../src/cce/payload-encryptor';
import { RequestSigner } from '../src/cce/request-signer';
import { singleKeyRing } from '../src/config/secret-keys';
import { CardFingerprinter } from '../src/users/card-fingerprint';
import { PersonalDataCipher } from '../src/users/personal-data-cipher';
import { sandboxFromEnvironment } from './bench-environment';
import { benchProfile } from './enrollment-profile';

// The enrollment FLOOR: what any enrollment must cost, without the gateway around it. A bare loop
// that encrypts the profile (mastercard-client-encryption, through the gateway's PayloadEncryptor),
// signs it (mastercard-oauth1-signer, through RequestSigner), POSTs it to the sandbox and makes the same
// two database writes as the gateway (the intent, then ACTIVE) with the plain driver. No HTTP server,
// no GraphQL, no validation, no journal. bench/run.ts reads this process's CPU time from /proc.
//
// Protocol: a line `{"enrollments": N, "concurrency": C, "firstSerial": S}` on stdin runs N
// enrollments with C in flight; the answer is one line `{"latenciesMs": [...], "elapsedMs": E}`.
async function main(): Promise<void> {
  // An exit through the process (not the signal's default) writes the --cpu-prof profile.
  process.once('SIGTERM', () => process.exit(0));
  const uri = process.env.BENCH_MONGODB_URI;
  if (!uri) throw new Error('BENCH_MONGODB_URI is required');
  const sandbox = sandboxFromEnvironment();
  const client = await MongoClient.connect(uri);
  const users = client.db().collection<{ _id: string; [field: string]: unknown }>('users');
  const encryptor = new PayloadEncryptor(sandbox.keys.encryptionCertificatePem);
  const signer = new RequestSigner(sandbox.keys.consumerKey, sandbox.keys.clientSigningKeyPem);
  const cipher = new PersonalDataCipher(singleKeyRing(randomBytes(32)));
  // The gateway's own fingerprinter and cipher: the floor writes the documents the gateway writes.
  const fingerprinter = new CardFingerprinter(singleKeyRing(randomBytes(32)));
  const agent = new Agent({ connections: 64 });
  const url = `${sandbox.baseUrl}${ENROLLMENT_PATH}`;

  const enroll = async (serial: number): Promise<void> => {
    const profile = benchProfile(serial);
    const body = JSON.stringify(encryptor.encryptEnrollment(profile));
    const _id = randomUUID();
    const fingerprints = fingerprinter.fingerprints(profile.cardNumber);
    const personal = {
      cardholderName: profile.cardholderName,
      email: { type: null, value: profile.email.value },
    };
    await users.insertOne({
      _id,
      status: 'ENROLLING',
      cardFingerprint: fingerprints.current,
      cardFingerprintKeyId: fingerprints.keyId,
      cardLast4: profile.cardNumber.slice(-4),
      cardBaseCurrency: profile.cardBaseCurrency,
      personalData: cipher.seal(personal, _id),
      personalDataKeyId: cipher.currentKeyId,
      emailIndex: cipher.emailIndex(profile.email.value),
      createdAt: new Date(),
      instanceId: 'bench-floor',
      donateProfileComplete: false,
    });
    const response = await request(url, {
      method: 'POST',
      dispatcher: agent,
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        authorization: signer.authorizationHeader(url, 'POST', body),
      },
      body,
    });
    const answer = await response.body.text();
    if (response.statusCode !== 200) throw new Error(`sandbox answered ${response.statusCode}: ${answer}`);
    const { userid } = JSON.parse(answer) as { userid: string };
    await users.updateOne(
      { _id, status: 'ENROLLING' },
      { $set: { status: 'ACTIVE', userId: userid, enrolledAt: new Date() } },
    );
  };

  const lines = createInterface({ input: process.stdin });
  process.stdout.write('{"ready":true}\n');
  for await (const line of lines) {
    const { enrollments, concurrency, firstSerial } = JSON.parse(line) as {
      enrollments: number;
      concurrency: number;
      firstSerial: number;
    };
    const latenciesMs: number[] = [];
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < enrollments) {
        const serial = firstSerial + next++;
        const begun = performance.now();
        await enroll(serial);
        latenciesMs.push(performance.now() - begun);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    process.stdout.write(`${JSON.stringify({ latenciesMs, elapsedMs: performance.now() - started })}\n`);
  }
  await client.close();
  await agent.close();
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
