import { EnrollUserDocument } from '../generated/operations';
import { anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

describe('enrollUser when the issuer has the Donate feature on', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture({ donateEnabled: true, issuer: { donate: true } });
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('enrolls a complete profile', async () => {
    const response = await fixture.graphql(EnrollUserDocument, { input: anEnrollment() });

    expect(response.errors).toBeUndefined();
    expect(response.data).toMatchObject({ enrollUser: { user: { status: 'ACTIVE', locale: 'en-US' } } });
  });

  it('requires every Donate field before calling CCE, naming each missing one', async () => {
    const { billingAddress: _address, name: _name, locale: _locale, ...rest } = anEnrollment();
    const enrollmentsBefore = fixture.sandbox.callCount('POST /issuers/users');

    const response = await fixture.graphql(EnrollUserDocument, { input: rest });

    expect(response.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { path: 'input.name', message: 'name is required: the issuer has the Donate feature on' },
        {
          path: 'input.billingAddress',
          message: 'billingAddress is required: the issuer has the Donate feature on',
        },
        { path: 'input.locale', message: 'locale is required: the issuer has the Donate feature on' },
      ],
    });
    expect(fixture.sandbox.callCount('POST /issuers/users')).toBe(enrollmentsBefore);
    expect(await fixture.users.countDocuments()).toBe(1);
  });
});
