import type { PersonalData } from './personal-data';
import type { User } from './user';
import type { UserDocument } from './user-document';

/** The stored fields a User is made of, besides personal data. */
export type UserRecord = Pick<
  UserDocument,
  | '_id'
  | 'status'
  | 'userId'
  | 'cardLast4'
  | 'cardBaseCurrency'
  | 'enrolledAt'
  | 'deletionRequestedAt'
  | 'donateProfileComplete'
>;

/**
 * The one mapping from the cache to a User, used for reads and for the answer to an enrollment.
 * A DELETED user has no personal data and no card digits left: those read as null or empty.
 */
export function toUser(record: UserRecord, personal: PersonalData | null): User {
  if (
    record.userId === undefined ||
    record.enrolledAt === undefined ||
    record.status === 'ENROLLING' ||
    record.status === 'OUTCOME_UNKNOWN'
  ) {
    throw new Error(`user document ${record._id} is not a completed enrollment`);
  }
  return {
    id: record.userId,
    email: personal?.email
      ? { type: personal.email.type ?? null, value: personal.email.value ?? null }
      : null,
    name: personal?.name ? { firstName: personal.name.firstName, lastName: personal.name.lastName } : null,
    locale: personal?.locale ?? null,
    cardholderName: personal?.cardholderName ?? '',
    cardLast4: record.cardLast4 ?? '',
    cardBaseCurrency: record.cardBaseCurrency,
    status: record.status,
    enrolledAt: record.enrolledAt,
    deletionRequestedAt: record.deletionRequestedAt ?? null,
    donateProfileComplete: record.donateProfileComplete === true,
  };
}
