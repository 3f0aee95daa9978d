import type { ServerResponse } from 'node:http';
import { RequestBudget } from '../users/request-budget';

/** Enough for a CCE call (10 s by default) after a slow database, short of most clients' patience. */
export const DEFAULT_REQUEST_BUDGET_MS = 30_000;

/** The budget of one HTTP request: `budgetMs` from now, and spent at once if the client disconnects. */
export function requestBudget(response: ServerResponse, budgetMs: number): RequestBudget {
  let clientGone = false;
  response.once('close', () => {
    // 'close' before the response finished: the client hung up.
    if (!response.writableFinished) clientGone = true;
  });
  return new RequestBudget(Date.now() + budgetMs, () => clientGone);
}
