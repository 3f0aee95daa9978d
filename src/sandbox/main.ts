/* eslint-disable no-console -- a command-line entry point reports on the console */
import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { clientKeyFiles, loadOrCreateSandboxKeys } from './sandbox-key-files';
import type { IssuerStatus } from './sandbox-issuer';
import { startSandbox } from './sandbox-server';

const USAGE = `npm run sandbox -- [options]
  --port N                      listen port (default 8081, env SANDBOX_PORT)
  --host H                      listen address (default 127.0.0.1)
  --keys-dir DIR                where the throw-away keys live (default ~/.cache/cce-gateway/sandbox-keys)
  --donate                      the issuer has the Donate feature on
  --supported-account-range R   comma-separated BIN prefixes (default: Mastercard's sandbox test issuer)
  --issuer-status S             ACTIVE, INACTIVE, SUSPENDED or TERMINATED
  --latency-ms N                delay added to every answer`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.SANDBOX_PORT ?? '8081' },
      host: { type: 'string', default: '127.0.0.1' },
      'keys-dir': { type: 'string', default: path.join(homedir(), '.cache', 'cce-gateway', 'sandbox-keys') },
      donate: { type: 'boolean', default: false },
      'supported-account-range': { type: 'string' },
      'issuer-status': { type: 'string', default: 'ACTIVE' },
      'latency-ms': { type: 'string', default: '0' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const status = values['issuer-status'].toUpperCase();
  if (!['ACTIVE', 'INACTIVE', 'SUSPENDED', 'TERMINATED'].includes(status)) {
    throw new Error(`--issuer-status must be ACTIVE, INACTIVE, SUSPENDED or TERMINATED\n${USAGE}`);
  }

  const keysDir = path.resolve(values['keys-dir']);
  const { keys, created } = await loadOrCreateSandboxKeys(keysDir);
  const sandbox = await startSandbox({
    host: values.host,
    port: Number(values.port),
    keys,
    // A long-running sandbox says so when it answers outside the contract (a sandbox bug).
    onContractViolation: (violation) =>
      console.error(
        `contract violation: ${violation.route} ${violation.status} ${violation.field}: ${violation.message}`,
      ),
    issuer: {
      donate: values.donate,
      status: status as IssuerStatus,
      ...(values['supported-account-range']
        ? { supportedAccountRange: values['supported-account-range'] }
        : {}),
    },
  });
  sandbox.faults.latencyMs = Number(values['latency-ms']);

  const files = clientKeyFiles(keysDir);
  console.log(
    `CCE sandbox listening at ${sandbox.baseUrl} (${created ? 'new' : 'reused'} keys in ${keysDir})`,
  );
  console.log(
    `Issuer: Donate ${sandbox.issuer.donate ? 'on' : 'off'}, supportedAccountRange ${sandbox.issuer.supportedAccountRange}, status ${sandbox.issuer.status}`,
  );
  console.log('Connect a gateway with:');
  console.log(`  CCE_BASE_URL=${sandbox.baseUrl}`);
  console.log(`  CCE_CONSUMER_KEY='${keys.consumerKey}'`);
  console.log(`  CCE_SIGNING_KEY_FILE=${files.signingKey}`);
  console.log(`  CCE_ENCRYPTION_CERT_FILE=${files.encryptionCertificate}`);
  console.log(`  CCE_DECRYPTION_KEY_FILE=${files.decryptionKey}`);

  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
