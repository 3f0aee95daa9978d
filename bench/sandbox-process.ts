import { startSandbox } from '../src/sandbox/sandbox-server';

// The CCE sandbox in a process of its own, so that its work (decrypting, verifying signatures,
// validating bodies) is not counted as the gateway's or the enrollment floor's CPU. Prints one JSON
// line: its base URL and the throw-away keys the clients need.
async function main(): Promise<void> {
  const sandbox = await startSandbox();
  process.stdout.write(`${JSON.stringify({ baseUrl: sandbox.baseUrl, keys: sandbox.keys })}\n`);
  process.once('SIGTERM', () => void sandbox.close().then(() => process.exit(0)));
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
