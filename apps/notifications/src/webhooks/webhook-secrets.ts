import { SecretBox } from '@slotline/persistence';
import { EndpointRow } from './webhook.rows';

/**
 * Endpoint signing secrets at rest: sealed with AES-256-GCM, bound to the endpoint id (a sealed secret
 * copied onto another endpoint does not open).
 */
export class WebhookSecrets {
  constructor(private readonly box: SecretBox) {}

  seal(endpointId: string, secret: string): string {
    return this.box.seal(secret, `webhook-endpoint:${endpointId}`);
  }

  /** The secrets that sign now: the current one, and the previous one while its overlap lasts. */
  signingSecrets(endpoint: EndpointRow, now: Date): string[] {
    const aad = `webhook-endpoint:${endpoint.id}`;
    const secrets = [this.box.open(endpoint.secret_sealed, aad)];
    const expires = endpoint.previous_secret_expires_at;
    if (endpoint.previous_secret_sealed && expires && new Date(expires) > now)
      secrets.push(this.box.open(endpoint.previous_secret_sealed, aad));
    return secrets;
  }
}
