import { cardNumber } from '../test/support/builders';

/**
 * The profile every bench enrollment sends, gateway and floor alike; a new card number per serial so
 * that every enrollment is a real one. The GraphQL input of `enrollUser` and the CCE body are both this.
 */
export function benchProfile(serial: number) {
  return {
    email: { value: 'bench@example.com' },
    cardholderName: 'Bench Mark',
    cardNumber: cardNumber('222300', serial),
    cardBaseCurrency: 'USD',
    expiryInfo: { month: '01', year: '2039' },
  };
}
