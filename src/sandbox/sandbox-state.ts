import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { UpdateUserProfile } from '../cce/contract-types';

/**
 * Which of the personal fields of the Donate rule (NOTES.md) a user's profile holds: booleans only,
 * never the values, so the sandbox keeps no more personal data than it needs.
 */
export interface ProfilePresence {
  readonly name: boolean;
  readonly billingAddress: boolean;
  readonly email: boolean;
  readonly locale: boolean;
  /** Every field the Donate rule makes mandatory is present (card fields always are: the schema requires them). */
  readonly donateComplete: boolean;
}

interface SandboxUser {
  readonly cardFingerprint: string;
  readonly cardLast4: string;
  readonly enrolledAt: Date;
  profile: ProfilePresence;
}

/**
 * The sandbox's memory of enrolled users. Even here the PAN is not kept: duplicate detection
 * uses an HMAC under a key that lives and dies with the process; of the rest of the profile only
 * which fields are present is kept.
 */
export class SandboxState {
  private readonly cardKey = randomBytes(32);
  private readonly users = new Map<string, SandboxUser>();
  private readonly userIdByCard = new Map<string, string>();

  /** `personal`: the enrollment's profile, of which only which fields are present is kept. */
  enroll(
    cardNumber: string,
    now: Date,
    personal: PersonalFields = {},
  ): { userId: string } | { duplicate: true } {
    const cardFingerprint = createHmac('sha256', this.cardKey).update(cardNumber).digest('hex');
    if (this.userIdByCard.has(cardFingerprint)) return { duplicate: true };
    const userId = randomUUID();
    this.users.set(userId, {
      cardFingerprint,
      cardLast4: cardNumber.slice(-4),
      enrolledAt: now,
      profile: presenceOf(personal),
    });
    this.userIdByCard.set(cardFingerprint, userId);
    return { userId };
  }

  /**
   * PUT /issuers/users/{userid} replaces name, locale and billing address (an absent billing address
   * is removed); the email stays as enrolled. Returns the user's reference data, or undefined if unknown.
   */
  update(userId: string, update: UpdateUserProfile): { userId: string; cardLast4: string } | undefined {
    const id = userId.toLowerCase();
    const user = this.users.get(id);
    if (!user) return undefined;
    user.profile = presenceOf({
      name: update.name,
      billingAddress: update.billingAddress,
      locale: update.locale,
      email: user.profile.email ? true : undefined,
    });
    return { userId: id, cardLast4: user.cardLast4 };
  }

  /** Which Donate fields the user's profile holds, for tests; undefined for an unknown user. */
  profileOf(userId: string): ProfilePresence | undefined {
    const profile = this.users.get(userId.toLowerCase())?.profile;
    return profile && { ...profile };
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

interface PersonalFields {
  readonly name?: unknown;
  readonly billingAddress?: unknown;
  readonly email?: unknown;
  readonly locale?: unknown;
}

/** The card fields of the Donate rule are required by the enrollment schema: the personal ones decide. */
function presenceOf(profile: PersonalFields): ProfilePresence {
  const present = (value: unknown) => value !== undefined && value !== null;
  const presence = {
    name: present(profile.name),
    billingAddress: present(profile.billingAddress),
    email: present(profile.email),
    locale: present(profile.locale),
  };
  return { ...presence, donateComplete: Object.values(presence).every(Boolean) };
}
