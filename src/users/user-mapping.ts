import type { PersonalData } from './personal-data';
import { carbonScoreAvailableAt, type User } from './user';
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
 *
 * Personal data is opened (decrypted) the first time one of its fields is read, then kept: a page
 * that selects no personal field decrypts nothing, and a document whose personal data cannot be
 * opened fails only the personal fields that ask for it, not the page around it.
 */
export function toUser(record: UserRecord, openPersonal: () => PersonalData | null): User {
  if (
    record.userId === undefined ||
    record.enrolledAt === undefined ||
    record.status === 'ENROLLING' ||
    record.status === 'OUTCOME_UNKNOWN'
  ) {
    throw new Error(`user document ${record._id} is not a completed enrollment`);
  }
  let opened: { readonly personal: PersonalData | null } | undefined;
  const personal = () => (opened ??= { personal: openPersonal() }).personal;
  return {
    id: record.userId,
    get email() {
      const email = personal()?.email;
      return email ? { type: email.type ?? null, value: email.value ?? null } : null;
    },
    get name() {
      const name = personal()?.name;
      return name ? { firstName: name.firstName, lastName: name.lastName } : null;
    },
    get locale() {
      return personal()?.locale ?? null;
    },
    get cardholderName() {
      return personal()?.cardholderName ?? '';
    },
    cardLast4: record.cardLast4 ?? '',
    cardBaseCurrency: record.cardBaseCurrency,
    status: record.status,
    enrolledAt: record.enrolledAt,
    carbonScoreAvailableAt: carbonScoreAvailableAt(record.enrolledAt),
    deletionRequestedAt: record.deletionRequestedAt ?? null,
    donateProfileComplete: record.donateProfileComplete === true,
  };
}
