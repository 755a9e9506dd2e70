import { authenticator } from 'otplib';
import { Totp } from './totp';

describe(Totp.name, () => {
  const t0 = Date.UTC(2026, 0, 1, 12, 0, 15); // 15 s into a step
  const step0 = Math.floor(t0 / 30000);
  const codeAt = (secret: string, ms: number) => authenticator.clone({ epoch: ms }).generate(secret);

  it('makes a 160-bit base32 secret and an otpauth URI naming the issuer', () => {
    const sut = new Totp('Slotline');

    const secret = sut.generateSecret();

    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(sut.keyUri('ann@example.com', secret)).toMatch(
      /^otpauth:\/\/totp\/Slotline:ann%40example\.com\?secret=[A-Z2-7]{32}&.*issuer=Slotline/,
    );
  });

  it.each([
    ['previous', -1],
    ['current', 0],
    ['next', 1],
  ])('accepts the %s step and says which it was', (_label, offset) => {
    const sut = new Totp('Slotline', () => t0);
    const secret = sut.generateSecret();

    expect(sut.matchStep(codeAt(secret, t0 + offset * 30000), secret)).toBe(step0 + offset);
  });

  it('refuses codes two steps away and wrong codes', () => {
    const sut = new Totp('Slotline', () => t0);
    const secret = sut.generateSecret();
    const current = codeAt(secret, t0);

    expect(sut.matchStep(codeAt(secret, t0 - 60000), secret)).toBeNull();
    expect(sut.matchStep(codeAt(secret, t0 + 60000), secret)).toBeNull();
    expect(sut.matchStep(current === '000000' ? '000001' : '000000', secret)).toBeNull();
  });
});
