import { createHmac, randomBytes, randomUUID } from 'node:crypto';

interface SandboxUser {
  readonly cardFingerprint: string;
  readonly cardLast4: string;
  readonly enrolledAt: Date;
}

/**
 * The sandbox's memory of enrolled users. Even here the PAN is not kept: duplicate detection
 * uses an HMAC under a key that lives and dies with the process.
 */
export class SandboxState {
  private readonly cardKey = randomBytes(32);
  private readonly users = new Map<string, SandboxUser>();
  private readonly userIdByCard = new Map<string, string>();

  enroll(cardNumber: string, now: Date): { userId: string } | { duplicate: true } {
    const cardFingerprint = createHmac('sha256', this.cardKey).update(cardNumber).digest('hex');
    if (this.userIdByCard.has(cardFingerprint)) return { duplicate: true };
    const userId = randomUUID();
    this.users.set(userId, { cardFingerprint, cardLast4: cardNumber.slice(-4), enrolledAt: now });
    this.userIdByCard.set(cardFingerprint, userId);
    return { userId };
  }

  /** Deletes the known ids and returns them as they were sent; unknown and repeated ids are left out. */
  delete(userIds: readonly string[]): string[] {
    const deleted: string[] = [];
    for (const requestedId of userIds) {
      const userId = requestedId.toLowerCase();
      const user = this.users.get(userId);
      if (!user) continue;
      this.users.delete(userId);
      this.userIdByCard.delete(user.cardFingerprint);
      deleted.push(requestedId);
    }
    return deleted;
  }

  has(userId: string): boolean {
    return this.users.has(userId.toLowerCase());
  }

  /** Who CCE holds, for tests and benchmarks that compare it with the gateway's cache. */
  list(): { userId: string; cardLast4: string }[] {
    return [...this.users].map(([userId, user]) => ({ userId, cardLast4: user.cardLast4 }));
  }

  get userCount(): number {
    return this.users.size;
  }

  clear(): void {
    this.users.clear();
    this.userIdByCard.clear();
  }
}
