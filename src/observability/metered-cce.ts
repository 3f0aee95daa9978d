import type { CceClient } from '../cce/cce-client';
import { CceApiError, CceUnavailableError, type CceEndpoint } from '../cce/cce-errors';
import type { GatewayMetrics } from './gateway-metrics';

export type CcePort = Pick<CceClient, 'enrollUser' | 'deleteUsers'>;

/** Wraps the CCE adapter so every call is counted by endpoint and status and timed. */
export function meteredCce(cce: CcePort, metrics: GatewayMetrics): CcePort {
  const meter =
    <A extends unknown[], R>(
      endpoint: CceEndpoint,
      call: (...args: A) => Promise<R>,
      successStatus: number,
    ) =>
    async (...args: A): Promise<R> => {
      const stop = metrics.cceDuration.startTimer({ endpoint });
      try {
        const result = await call(...args);
        metrics.cceCalls.inc({ endpoint, status: String(successStatus) });
        return result;
      } catch (error) {
        metrics.cceCalls.inc({ endpoint, status: statusOf(error) });
        throw error;
      } finally {
        stop();
      }
    };
  return {
    enrollUser: meter('enrollUser', cce.enrollUser.bind(cce), 200),
    deleteUsers: meter('deleteUsers', cce.deleteUsers.bind(cce), 202),
  };
}

function statusOf(error: unknown): string {
  if (error instanceof CceApiError) return String(error.status);
  if (error instanceof CceUnavailableError)
    return error.status === undefined ? error.reason : String(error.status);
  return 'error';
}
