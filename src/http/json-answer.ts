import type { ServerResponse } from 'node:http';

/** A complete JSON answer, written by the GraphQL endpoint and by Express alike. */
export interface JsonAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** The GraphQL error shape for an answer given before (or instead of) Apollo. */
export function graphqlErrorBody(message: string, code: string, extensions: object = {}): unknown {
  return { errors: [{ message, extensions: { code, ...extensions } }] };
}

export function writeJson(response: ServerResponse, answer: JsonAnswer): void {
  const body = JSON.stringify(answer.body);
  response.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers ?? {})) response.setHeader(name, value);
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.setHeader('content-length', Buffer.byteLength(body));
  response.end(body);
}
