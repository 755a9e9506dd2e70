import { isSensitiveKey, REDACTED, scrubDeep, scrubString } from './redaction';

const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1In0.c2ln';

describe(scrubString.name, () => {
  it.each([
    ['Authorization: Bearer abc.def', `Authorization: ${REDACTED}`],
    ['authorization: BEARER abc', `authorization: ${REDACTED}`],
    [`token ${JWT} here`, `token ${REDACTED} here`],
    ['write to jane.doe@example.com now', 'write to j***@example.com now'],
    ['a@b', 'a@b'], // no domain: not an address
    ['EYJhbGci.x.y', 'EYJhbGci.x.y'], // a JWT starts with a case-sensitive "eyJ"
    ['01a23d88-df58-7dd0-977e-c90f8f69a5ca', '01a23d88-df58-7dd0-977e-c90f8f69a5ca'],
    ['2026-12-24T10:00:00.000Z', '2026-12-24T10:00:00.000Z'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(scrubString(input)).toBe(expected);
  });
});

describe(scrubDeep.name, () => {
  it('judges each key the same way however often it is seen, and past the remembered keys', () => {
    const line = {
      event: 'rpc_handled',
      userEmail: 'jane@example.com',
      apiKey: 'k',
      refresh_token: 't',
      nested: { newPassword: 'p', tokens: ['a'], phoneNumber: '+44', note: 'mail bob@example.org' },
      duration_ms: 3,
    };
    const expected = {
      event: 'rpc_handled',
      userEmail: 'j***@example.com',
      apiKey: REDACTED,
      refresh_token: REDACTED,
      nested: {
        newPassword: REDACTED,
        tokens: REDACTED,
        phoneNumber: REDACTED,
        note: 'mail b***@example.org',
      },
      duration_ms: 3,
    };
    expect(scrubDeep(line)).toEqual(expected);
    // More distinct keys than are remembered, then the same line again.
    for (let i = 0; i < 2_500; i++) expect(isSensitiveKey(`field_${i}`)).toBe(false);
    expect(isSensitiveKey('session_token')).toBe(true);
    expect(isSensitiveKey('tokenizer')).toBe(false);
    expect(scrubDeep(line)).toEqual(expected);
  });
});
