import { generateRecoveryCodes, hashRecoveryCode } from './recovery-codes';

describe(generateRecoveryCodes.name, () => {
  it('makes ten distinct codes of four groups of four base32 characters', () => {
    const sut = generateRecoveryCodes();

    expect(sut).toHaveLength(10);
    expect(new Set(sut).size).toBe(10);
    for (const code of sut) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
  });

  it('hashes a code the same however it is typed', () => {
    const [code] = generateRecoveryCodes(1);

    expect(hashRecoveryCode(code.toUpperCase().replace(/-/g, ''))).toBe(hashRecoveryCode(code));
    expect(hashRecoveryCode(code)).not.toContain(code.replace(/-/g, ''));
  });
});
