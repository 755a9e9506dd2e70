import type { WebhookScope } from '@slotline/contracts';
import { InMemoryTable, InMemoryTransactions } from '@slotline/testing';
import type { EndpointPatch, EndpointRow, NewEndpoint } from '../webhooks/webhook.rows';
import type { WebhookEndpointsRepository } from '../webhooks/webhook-endpoints.repository';

type EndpointsPort = Pick<
  WebhookEndpointsRepository,
  'insertEndpoint' | 'listEndpoints' | 'findEndpoint' | 'updateEndpoint' | 'deleteEndpoint' | 'rotateSecret'
>;

/** `WebhookEndpointsRepository` over memory. */
export class InMemoryWebhooksRepository implements EndpointsPort {
  readonly endpoints: InMemoryTable<EndpointRow>;

  constructor(private readonly tx: InMemoryTransactions) {
    this.endpoints = tx.enlist(new InMemoryTable<EndpointRow>());
  }

  async insertEndpoint(m: unknown, e: NewEndpoint): Promise<EndpointRow> {
    this.tx.assertInside(m);
    const now = new Date();
    return this.endpoints.insert({
      ...e,
      disabled_reason: null,
      disabled_at: null,
      previous_secret_sealed: null,
      previous_secret_expires_at: null,
      failing_since: null,
      created_at: now,
      updated_at: now,
    });
  }

  async listEndpoints(_m: unknown, scope: WebhookScope, ownerId: string | null): Promise<EndpointRow[]> {
    return this.endpoints.all((e) => e.scope === scope && (ownerId === null || e.owner_user_id === ownerId));
  }

  async findEndpoint(_m: unknown, id: string): Promise<EndpointRow | null> {
    return this.endpoints.get(id);
  }

  async updateEndpoint(m: unknown, id: string, patch: EndpointPatch): Promise<EndpointRow> {
    this.tx.assertInside(m);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const reEnabled = patch.enabled === true && {
      disabled_reason: null,
      disabled_at: null,
      failing_since: null,
    };
    return this.endpoints.update(id, { ...defined, ...reEnabled, updated_at: new Date() });
  }

  async deleteEndpoint(m: unknown, id: string): Promise<void> {
    this.tx.assertInside(m);
    this.endpoints.delete(id);
  }

  async rotateSecret(
    m: unknown,
    id: string,
    sealed: string,
    previousSealed: string | null,
    previousExpiresAt: Date | null,
  ): Promise<EndpointRow> {
    this.tx.assertInside(m);
    return this.endpoints.update(id, {
      secret_sealed: sealed,
      previous_secret_sealed: previousSealed,
      previous_secret_expires_at: previousExpiresAt,
      updated_at: new Date(),
    });
  }
}
