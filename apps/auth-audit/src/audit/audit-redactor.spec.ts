import { isCredentialKey, maskEmail, maskPhone, redactObject, redactText } from './audit-redactor';

describe('audit redaction', () => {
  describe(redactText.name, () => {
    it('masks email addresses wherever they appear', () => {
      expect(redactText('jane.doe@example.com')).toBe('j***@example.com');
      expect(redactText('invited bob@mail.example.org and amy+x@example.co.uk')).toBe(
        'invited b***@mail.example.org and a***@example.co.uk',
      );
    });

    it('masks international and separated phone numbers, keeping the last two digits', () => {
      expect(redactText('call +44 7700 900123')).toBe('call +** **** ****23');
      expect(redactText('+15551234567')).toBe('+*********67');
      expect(redactText('(555) 123-4567 or 555.123.4567')).toBe('(***) ***-**67 or ***.***.**67');
    });

    it('leaves ids, timestamps, addresses and amounts alone', () => {
      const untouched = [
        '0190c1d2-1234-7000-8000-000000000001',
        '2026-03-29T01:30:00.000+01:00',
        '203.0.113.7',
        '::ffff:127.0.0.1',
        'amount 1234567 cents',
        'GET /v1/admin/audit-logs',
      ];
      for (const text of untouched) expect(redactText(text)).toBe(text);
    });

    it('removes JWTs and bearer credentials', () => {
      const jwt = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl';
      expect(redactText(jwt)).toBe('[redacted]');
      expect(redactText(`Authorization: Bearer ${jwt}`)).toBe('Authorization: Bearer [redacted]');
      expect(redactText(`token=${jwt};`)).not.toContain('eyJ');
    });

    it('drops NUL and lone surrogates, which PostgreSQL cannot store', () => {
      expect(redactText('a\u0000b\ud800c')).toBe('ab\uFFFDc');
    });
  });

  describe(redactObject.name, () => {
    it('removes credential keys at any depth, value and all', () => {
      const sut = redactObject({
        user_id: 'u1',
        password: 'hunter2hunter2',
        newPassword: 'x',
        refresh_token: 'r',
        accessToken: 'a',
        client_secret: 's',
        code: '123456',
        totp_code: '654321',
        recovery_codes: ['a', 'b'],
        Authorization: 'Bearer x',
        headers: { cookie: 'sid=1', 'x-api-key': 'k', accept: 'application/json' },
        nested: [{ otp: '1', keep: true }],
      });
      expect(sut).toEqual({
        user_id: 'u1',
        headers: { accept: 'application/json' },
        nested: [{ keep: true }],
      });
    });

    it('keeps codes that name a category, not a secret', () => {
      expect(redactObject({ error_code: 'AUTH_FORBIDDEN', status_code: 403, country_code: 'DE' })).toEqual({
        error_code: 'AUTH_FORBIDDEN',
        status_code: 403,
        country_code: 'DE',
      });
    });

    it('masks emails and phone-named values, whatever their format', () => {
      expect(
        redactObject({
          email: 'jane@example.com',
          contact: { phone: '07700 900123', mobile_number: 4915112345678 },
        }),
      ).toEqual({
        email: 'j***@example.com',
        contact: { phone: '***** ****23', mobile_number: '***********78' },
      });
    });

    it('returns JSON-safe values and leaves the input untouched', () => {
      const input = {
        n: Number.NaN,
        big: 10n,
        at: new Date('2026-01-01T00:00:00Z'),
        list: [1, 'a@b.example.com'],
        fn: () => 1,
      };
      const copy = { ...input };
      expect(redactObject(input)).toEqual({
        n: null,
        big: '10',
        at: '2026-01-01T00:00:00.000Z',
        list: [1, 'a***@b.example.com'],
      });
      expect(input).toEqual(copy);
    });
  });

  it.each([
    ['password', true],
    ['api_key', true],
    ['sessionToken', true],
    ['pin', true],
    ['error_code', false],
    ['user_id', false],
    ['token_count', true],
    ['session_id', false],
  ])('isCredentialKey(%s) is %s', (key, expected) => {
    expect(isCredentialKey(key)).toBe(expected);
  });

  it('masks helpers consistently', () => {
    expect(maskEmail('j@example.com')).toBe('j***@example.com');
    expect(maskEmail('@example.com')).toBe('[redacted]');
    expect(maskPhone('+49 151 1234')).toBe('+** *** **34');
  });
});
