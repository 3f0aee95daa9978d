import type { KeyObject } from 'node:crypto';
import type { ContractValidator } from './contract-validator';
import type { DashboardEncryptor } from './dashboard-response';
import type { SandboxIssuer } from './sandbox-issuer';
import type { SandboxState } from './sandbox-state';

export interface SandboxResponse {
  readonly status: number;
  readonly body: unknown;
}

/** What every handler may use: the one issuer, the users, the contract, the keys and the clock. */
export interface SandboxContext {
  readonly issuer: SandboxIssuer;
  readonly consumerKey: string;
  readonly state: SandboxState;
  readonly validator: ContractValidator;
  /** Opens requests encrypted to the sandbox's certificate. */
  readonly decryptionKey: KeyObject;
  readonly encryptionFingerprint: string;
  /** Encrypts dashboard answers to the client's certificate. */
  readonly dashboards: DashboardEncryptor;
  readonly now: () => Date;
}

/** One request as a handler sees it: path parameters already taken from the URL. */
export interface SandboxRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: string;
}
