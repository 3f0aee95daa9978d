import type { Connection } from 'mongoose';

/** /readyz answers within this, whatever the database does: a stalled one must not hang the probe. */
export const READINESS_TIMEOUT_MS = 800;

/** Whether the database answers a ping within READINESS_TIMEOUT_MS. */
export async function databaseAnswers(connection: Connection): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), READINESS_TIMEOUT_MS);
  });
  const ping = (connection.db?.admin().command({ ping: 1 }) ?? Promise.reject(new Error('not connected')))
    .then(() => true)
    .catch(() => false);
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
