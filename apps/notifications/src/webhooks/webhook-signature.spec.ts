import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, signWebhook } from './webhook-signature';

// The receiver side is the official Standard Webhooks library, not our code.
describe(signWebhook.name, () => {
  const id = '01938a9e-7b1c-7000-8000-000000000001';
  const body = JSON.stringify({ type: 'booking.confirmed', timestamp: '2026-12-03T09:00:00.000Z', data: {} });

  it('makes secrets of whsec_ and 32 random bytes', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it('verifies with the standardwebhooks library', () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook([secret], id, new Date(), body);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('during a rotation, receivers with the old or the new secret both verify', () => {
    const [oldSecret, newSecret] = [generateWebhookSecret(), generateWebhookSecret()];
    const headers = signWebhook([newSecret, oldSecret], id, new Date(), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(oldSecret).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(newSecret).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow();
  });

  it('binds the id, the timestamp and the body', () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook([secret], id, new Date(), body);
    const wh = new Webhook(secret);
    expect(() => wh.verify(`${body} `, { ...headers })).toThrow();
    expect(() => wh.verify(body, { ...headers, 'webhook-id': `${id}x` })).toThrow();
    const later = String(Number(headers['webhook-timestamp']) + 1);
    expect(() => wh.verify(body, { ...headers, 'webhook-timestamp': later })).toThrow();
  });

  it('is refused by the library when the timestamp is too old (replay protection)', () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook([secret], id, new Date(Date.now() - 10 * 60_000), body);
    expect(() => new Webhook(secret).verify(body, { ...headers })).toThrow(/too old/i);
  });
});
