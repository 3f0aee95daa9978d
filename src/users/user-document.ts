import { Schema, type Connection, type Model } from 'mongoose';
import { USER_STATUSES, type UserStatus } from './user';

/**
 * ENROLLING: the intent written before CCE is called; it becomes ACTIVE with the CCE userid.
 * OUTCOME_UNKNOWN: CCE may have enrolled the card (timeout, crash, abandoned call). Never removed
 * automatically; it keeps the card's fingerprint until an operator resolves or releases it.
 */
export type StoredStatus = 'ENROLLING' | 'OUTCOME_UNKNOWN' | UserStatus;
export const INTENT_STATUSES = ['ENROLLING', 'OUTCOME_UNKNOWN'] as const satisfies readonly StoredStatus[];

/**
 * One user as stored (README, "What the cache stores"). In clear: ids, status, dates, the card's
 * last four digits and currency, key ids. Personal data (email, names, cardholder name, locale) is
 * sealed with AES-256-GCM; the email filter uses a keyed blind index; the card is a keyed HMAC.
 */
export interface UserDocument {
  /** The enrollment intent's id; stable from the first write, before CCE has answered. */
  _id: string;
  status: StoredStatus;
  /** CCE's userid, set when the enrollment completes. */
  userId?: string;
  /** HMAC-SHA256 of the PAN, unique; replaced by `released:<_id>` once the user is DELETED. */
  cardFingerprint: string;
  /** The id of the CARD_FINGERPRINT_KEYS key that computed `cardFingerprint`; gone once DELETED. */
  cardFingerprintKeyId?: string;
  /** Gone once DELETED. */
  cardLast4?: string;
  cardBaseCurrency: string;
  /** PersonalData sealed by PersonalDataCipher, bound to `_id`; gone once DELETED. */
  personalData?: string;
  /** The id of the PERSONAL_DATA_KEYS key that sealed `personalData` (what re-encryption looks for). */
  personalDataKeyId?: string;
  /** Keyed HMAC of the normalised email (blind index), for the email filter. */
  emailIndex?: string;
  createdAt: Date;
  /** The gateway instance that wrote the intent (see instance-registry.ts). */
  instanceId?: string;
  /** When the intent became OUTCOME_UNKNOWN; personal data is erased a retention period later. */
  outcomeUnknownAt?: Date;
  enrolledAt?: Date;
  deletionRequestedAt?: Date;
  /** A deletion request got no answer from CCE: the reconcile step sends it again (deletion is idempotent). */
  deletionOutcomeUnknownAt?: Date;
  /**
   * The last profile sent to CCE (enrollment or update) satisfied the Donate rule. Absent on users
   * enrolled before it was recorded: read as false, so they are offered re-registration.
   * The billing address itself is never stored.
   */
  donateProfileComplete?: boolean;
  /** An updateUser holds the user from before its CCE call until it is recorded (user-profile-store.ts). */
  updateHoldId?: string;
  /** When that hold lapses, should its holder have died: this instance's clock. */
  updateHoldUntil?: Date;
}

const userSchema = new Schema<UserDocument>(
  {
    _id: { type: String, required: true },
    status: { type: String, required: true, enum: [...INTENT_STATUSES, ...USER_STATUSES] },
    userId: { type: String },
    cardFingerprint: { type: String, required: true },
    cardFingerprintKeyId: { type: String },
    cardLast4: { type: String, match: /^\d{4}$/ },
    cardBaseCurrency: { type: String, required: true },
    personalData: { type: String },
    personalDataKeyId: { type: String },
    emailIndex: { type: String },
    createdAt: { type: Date, required: true },
    instanceId: { type: String },
    outcomeUnknownAt: { type: Date },
    enrolledAt: { type: Date },
    deletionRequestedAt: { type: Date },
    deletionOutcomeUnknownAt: { type: Date },
    donateProfileComplete: { type: Boolean },
    updateHoldId: { type: String },
    updateHoldUntil: { type: Date },
  },
  { collection: 'users', versionKey: false, _id: false, strict: 'throw' },
);

// Only plain single-field/compound and unique indexes: FerretDB v1 has no partial, TTL or collation indexes.
userSchema.index({ cardFingerprint: 1 }, { unique: true });
userSchema.index({ userId: 1 });
// Listing: every filter combines with the newest-first order (enrolledAt desc, userId desc).
userSchema.index({ status: 1, enrolledAt: -1, userId: -1 });
userSchema.index({ emailIndex: 1, enrolledAt: -1, userId: -1 });
userSchema.index({ cardLast4: 1, enrolledAt: -1, userId: -1 });
// Maintenance: finishing deletions after 24 h and finding abandoned intents.
userSchema.index({ status: 1, deletionRequestedAt: 1 });
userSchema.index({ status: 1, createdAt: 1 });

export type UserModel = Model<UserDocument>;

export function userModel(connection: Connection): UserModel {
  return (
    (connection.models.User as UserModel | undefined) ?? connection.model<UserDocument>('User', userSchema)
  );
}

/** Clear fields of documents written before personal data was encrypted at rest (not in the schema). */
export const LEGACY_CLEAR_FIELDS = ['email', 'emailKey', 'name', 'locale', 'cardholderName'] as const;
