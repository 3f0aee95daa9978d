import type { PersonalData } from './personal-data';
import type { PersonalDataCipher } from './personal-data-cipher';
import type { UserDocument } from './user-document';

/** The stored form of a user's personal data: sealed, with its key id and the email's blind index. */
export function sealedFields(
  cipher: PersonalDataCipher,
  documentId: string,
  personal: PersonalData,
): Pick<UserDocument, 'personalData' | 'personalDataKeyId' | 'emailIndex'> {
  const email = personal.email?.value;
  return {
    personalData: cipher.seal(personal, documentId),
    personalDataKeyId: cipher.currentKeyId,
    ...(email ? { emailIndex: cipher.emailIndex(email) } : {}),
  };
}
