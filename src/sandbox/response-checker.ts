import type { KeyObject } from 'node:crypto';
import { decryptPayload } from '../cce/payload-decryption';
import type { ContractValidator } from './contract-validator';
import type { SandboxResponse } from './sandbox-context';
import type { SandboxRoute } from './sandbox-routes';

export interface ContractViolation {
  /** e.g. 'GET /issuers/users/{userid}/dashboards'. */
  readonly route: string;
  readonly status: number;
  readonly field: string;
  readonly message: string;
}

/**
 * Who answered: CCE's operation (its statuses and bodies are the contract's), or Mastercard's API
 * gateway in front of it (AUTHENTICATION_FAILED, INVALID_BODY_HASH...), which may answer any
 * operation with an ErrorWrapper of Source `Gateway` whatever statuses that operation declares.
 */
export type ResponseOrigin = 'operation' | 'gateway';

/** Enough to see what went wrong without a long-running sandbox growing without bound. */
const MAX_RECORDED = 200;

/**
 * Checks every sandbox answer against the contract's response schema for its operation and status
 * (a dashboard after decryption with the client's key), so that a test cannot pass on an answer real
 * CCE would never give. Injected faults are not checked: they play what the contract does not declare.
 */
export class ResponseChecker {
  private readonly recorded: ContractViolation[] = [];

  constructor(
    private readonly validator: ContractValidator,
    private readonly clientDecryptionKey: KeyObject,
    private readonly onViolation?: (violation: ContractViolation) => void,
  ) {}

  check(route: SandboxRoute, response: SandboxResponse, origin: ResponseOrigin): void {
    const found = this.violationsOf(route, response, origin);
    for (const { field, message } of found) {
      const violation = { route: route.name, status: response.status, field, message };
      if (this.recorded.length < MAX_RECORDED) this.recorded.push(violation);
      this.onViolation?.(violation);
    }
  }

  violations(): ContractViolation[] {
    return [...this.recorded];
  }

  private violationsOf(route: SandboxRoute, response: SandboxResponse, origin: ResponseOrigin) {
    if (origin === 'gateway') return this.validator.validateSchema('ErrorWrapper', response.body);
    let body = response.body;
    if (route.encryptedResponse && response.status === 200) {
      const opened = decryptPayload(body, this.clientDecryptionKey);
      if (!opened.ok)
        return [{ field: '(body)', message: `the encrypted answer does not open: ${opened.failure}` }];
      body = opened.payload;
    }
    return this.validator.validateResponse(route.apiPath, route.method, response.status, body);
  }
}
