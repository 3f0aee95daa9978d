import { CceApiError, CceUnavailableError } from '../../src/cce/cce-errors';
import { CceResilience } from '../../src/cce/cce-resilience';

const settings = {
  breakerFailures: 3,
  breakerHalfOpenAfterMs: 60_000,
  retryAttempts: 2,
  retryInitialDelayMs: 1,
  retryMaxDelayMs: 2,
};
const timeout = (endpoint: 'enrollUser' | 'deleteUsers') =>
  new CceUnavailableError(endpoint, 'timeout', 'no answer');
const lost = (endpoint: 'enrollUser' | 'deleteUsers') =>
  new CceUnavailableError(endpoint, 'network', 'connection lost');
const unavailable = (endpoint: 'enrollUser' | 'deleteUsers') =>
  new CceApiError(endpoint, 503, [
    { Source: 'CCE', ReasonCode: 'DOWN', Description: 'down', Recoverable: true },
  ]);

/** A call that fails with each error in turn, then succeeds; counts its attempts. */
function failing(...errors: Error[]) {
  const call = async () => {
    call.attempts += 1;
    const error = errors.shift();
    if (error) throw error;
    return 'ok';
  };
  call.attempts = 0;
  return call;
}

describe('CCE resilience', () => {
  it('never retries an enrollment', async () => {
    const call = failing(timeout('enrollUser'));

    await expect(new CceResilience(settings).run('enrollUser', call)).rejects.toMatchObject({
      outcome: 'UNKNOWN',
    });
    expect(call.attempts).toBe(1);
  });

  it('retries a deletion, which is idempotent, until it succeeds', async () => {
    const call = failing(unavailable('deleteUsers'), lost('deleteUsers'));

    await expect(new CceResilience(settings).run('deleteUsers', call)).resolves.toBe('ok');
    expect(call.attempts).toBe(3);
  });

  it('does not retry an attempt that timed out: another deadline could outlive the request', async () => {
    const call = failing(unavailable('deleteUsers'), timeout('deleteUsers'));

    await expect(new CceResilience(settings).run('deleteUsers', call)).rejects.toMatchObject({
      reason: 'timeout',
      outcome: 'UNKNOWN',
    });
    expect(call.attempts).toBe(2);
  });

  it('keeps an unknown outcome unknown when a later attempt fails otherwise', async () => {
    const call = failing(lost('deleteUsers'), unavailable('deleteUsers'), unavailable('deleteUsers'));

    await expect(new CceResilience(settings).run('deleteUsers', call)).rejects.toMatchObject({
      outcome: 'UNKNOWN',
    });
  });

  it('opens the breaker after consecutive failures and then refuses without calling, as NOT_SENT', async () => {
    const resilience = new CceResilience(settings);
    for (let i = 0; i < 3; i += 1) {
      await expect(resilience.run('enrollUser', failing(unavailable('enrollUser')))).rejects.toBeInstanceOf(
        CceApiError,
      );
    }
    const call = failing();

    await expect(resilience.run('enrollUser', call)).rejects.toMatchObject({
      reason: 'circuit-open',
      outcome: 'NOT_SENT',
    });
    expect(call.attempts).toBe(0);
    expect(resilience.state('enrollUser')).toBe('open');
    expect(resilience.state('deleteUsers')).toBe('closed');
  });
});
