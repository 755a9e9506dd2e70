import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe(SecretBox.name, () => {
  const sut = new SecretBox(randomBytes(32));

  it('round-trips, and never shows the plaintext in the sealed form', () => {
    const sealed = sut.seal('JBSWY3DPEHPK3PXP', 'user-1');

    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(sut.open(sealed, 'user-1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('uses a fresh IV each time', () => {
    expect(sut.seal('same', 'u')).not.toBe(sut.seal('same', 'u'));
  });

  it('refuses another owner, another key and a tampered ciphertext', () => {
    const sealed = sut.seal('JBSWY3DPEHPK3PXP', 'user-1');
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3], 'base64url');
    flipped[0] ^= 1;

    expect(() => sut.open(sealed, 'user-2')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'user-1')).toThrow();
    expect(() =>
      sut.open([...parts.slice(0, 3), flipped.toString('base64url')].join('.'), 'user-1'),
    ).toThrow();
  });

  it('insists on a 256-bit key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32-byte/);
  });
});
