/** A start-up step failed; the message names the variables that configure it. */
export class StartupError extends Error {
  constructor(
    readonly variables: string,
    reason: string,
  ) {
    super(`${variables}: ${reason}`);
    this.name = 'StartupError';
  }
}

/**
 * Runs one start-up step and, when it fails, names the variables behind it: "ECONNREFUSED" alone
 * does not tell an operator which setting to fix. `secrets` are removed from the reason.
 */
export async function startupStep<T>(
  variables: string,
  what: string,
  step: () => Promise<T>,
  secrets: readonly string[] = [],
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof StartupError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new StartupError(variables, `${what}: ${withoutSecrets(detail, secrets)}`);
  }
}

/** Removes each secret (and, for a URI, its user-info part) from a message. */
export function withoutSecrets(message: string, secrets: readonly string[]): string {
  return secrets
    .flatMap((secret) => [secret, /\/\/([^@/]+)@/.exec(secret)?.[1]])
    .filter((secret): secret is string => secret !== undefined && secret.length > 0)
    .reduce((text, secret) => text.split(secret).join('***'), message);
}
