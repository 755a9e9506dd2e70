import type { WebhookDisableReason, WebhookScope } from '@slotline/contracts';
import { assertIdentifier, Queryable } from '@slotline/persistence';
import { ENDPOINT_COLUMNS, EndpointPatch, EndpointRow, NewEndpoint } from './webhook.rows';

/** The webhook endpoints (GW-8): registration, secrets and health (notifications schema). */
export class WebhookEndpointsRepository {
  private readonly endpoints: string;

  /**
   * @param partition the deployment's NATS_SUBJECT_PREFIX (empty in production): every query stays
   * inside it, so deployments sharing a database (test runs) never deliver each other's events.
   */
  constructor(
    schema: string,
    private readonly partition = '',
  ) {
    this.endpoints = `${assertIdentifier(schema)}.webhook_endpoints`;
  }

  async insertEndpoint(m: Queryable, e: NewEndpoint): Promise<EndpointRow> {
    const rows = await m.query<EndpointRow[]>(
      `INSERT INTO ${this.endpoints} (id, owner_user_id, scope, url, description, event_types, enabled, secret_sealed, partition)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${ENDPOINT_COLUMNS}`,
      [
        e.id,
        e.owner_user_id,
        e.scope,
        e.url,
        e.description,
        e.event_types,
        e.enabled,
        e.secret_sealed,
        this.partition,
      ],
    );
    return rows[0];
  }

  async findEndpoint(m: Queryable, id: string, forUpdate = false): Promise<EndpointRow | null> {
    const rows = await m.query<EndpointRow[]>(
      `SELECT ${ENDPOINT_COLUMNS} FROM ${this.endpoints} WHERE id = $1 AND partition = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [id, this.partition],
    );
    return rows[0] ?? null;
  }

  /** Platform endpoints (ownerId null) or one provider's. */
  listEndpoints(m: Queryable, scope: WebhookScope, ownerId: string | null): Promise<EndpointRow[]> {
    return m.query<EndpointRow[]>(
      `SELECT ${ENDPOINT_COLUMNS} FROM ${this.endpoints}
       WHERE partition = $3 AND scope = $1 AND ($2::uuid IS NULL OR owner_user_id = $2) ORDER BY created_at, id`,
      [scope, ownerId, this.partition],
    );
  }

  async updateEndpoint(m: Queryable, id: string, patch: EndpointPatch): Promise<EndpointRow> {
    const reEnabled = patch.enabled === true;
    const rows = await m.query<[EndpointRow[], number]>(
      `UPDATE ${this.endpoints} SET
         url = COALESCE($2, url),
         description = CASE WHEN $3::boolean THEN $4 ELSE description END,
         event_types = COALESCE($5, event_types),
         enabled = COALESCE($6, enabled),
         disabled_reason = CASE WHEN $7::boolean THEN NULL ELSE disabled_reason END,
         disabled_at = CASE WHEN $7::boolean THEN NULL ELSE disabled_at END,
         failing_since = CASE WHEN $7::boolean THEN NULL ELSE failing_since END,
         updated_at = now()
       WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
      [
        id,
        patch.url ?? null,
        patch.description !== undefined,
        patch.description ?? null,
        patch.event_types ?? null,
        patch.enabled ?? null,
        reEnabled,
      ],
    );
    return rows[0][0];
  }

  async deleteEndpoint(m: Queryable, id: string): Promise<void> {
    await m.query(`DELETE FROM ${this.endpoints} WHERE id = $1`, [id]);
  }

  async rotateSecret(
    m: Queryable,
    id: string,
    sealed: string,
    previousSealed: string | null,
    previousExpiresAt: Date | null,
  ): Promise<EndpointRow> {
    const rows = await m.query<[EndpointRow[], number]>(
      `UPDATE ${this.endpoints} SET secret_sealed = $2, previous_secret_sealed = $3,
         previous_secret_expires_at = $4, updated_at = now()
       WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
      [id, sealed, previousSealed, previousExpiresAt],
    );
    return rows[0][0];
  }

  async markEndpointHealthy(m: Queryable, id: string): Promise<void> {
    await m.query(
      `UPDATE ${this.endpoints} SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`,
      [id],
    );
  }

  /** Starts (or continues) the endpoint's run of failures; returns when it started. */
  async markEndpointFailing(m: Queryable, id: string, at: Date): Promise<Date | null> {
    const rows = await m.query<[Array<{ failing_since: Date }>, number]>(
      `UPDATE ${this.endpoints} SET failing_since = COALESCE(failing_since, $2) WHERE id = $1 RETURNING failing_since`,
      [id, at],
    );
    return rows[0][0]?.failing_since ?? null;
  }

  /** Disables an enabled endpoint; null when it was already off (so the caller announces it once). */
  async disableEndpoint(m: Queryable, id: string, reason: WebhookDisableReason): Promise<EndpointRow | null> {
    const rows = await m.query<[EndpointRow[], number]>(
      `UPDATE ${this.endpoints} SET enabled = false, disabled_reason = $2, disabled_at = now(), updated_at = now()
       WHERE id = $1 AND enabled RETURNING ${ENDPOINT_COLUMNS}`,
      [id, reason],
    );
    return rows[0][0] ?? null;
  }
}
