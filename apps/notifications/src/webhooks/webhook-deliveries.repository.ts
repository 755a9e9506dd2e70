import type { WebhookDeliveryStatus } from '@slotline/contracts';
import { assertIdentifier, Queryable } from '@slotline/persistence';
import {
  AttemptRow,
  DeliveryRow,
  DueDelivery,
  ENDPOINT_COLUMNS,
  EndpointRow,
  NewAttempt,
  NewMessage,
} from './webhook.rows';

/** The webhook events, their deliveries and attempts, and the worker's locks (notifications schema). */
export class WebhookDeliveriesRepository {
  private readonly endpoints: string;
  private readonly messages: string;
  private readonly deliveries: string;
  private readonly attempts: string;

  /**
   * @param partition the deployment's NATS_SUBJECT_PREFIX (empty in production): every query stays
   * inside it, so deployments sharing a database (test runs) never deliver each other's events.
   */
  constructor(
    private readonly schema: string,
    private readonly partition = '',
  ) {
    const s = assertIdentifier(schema);
    this.endpoints = `${s}.webhook_endpoints`;
    this.messages = `${s}.webhook_messages`;
    this.deliveries = `${s}.webhook_deliveries`;
    this.attempts = `${s}.webhook_attempts`;
  }

  /** Stores a public event once; false when it was stored before. */
  async insertMessage(m: Queryable, msg: NewMessage): Promise<boolean> {
    const rows = await m.query<unknown[]>(`${this.messageInsert} RETURNING id`, this.messageParams(msg));
    return rows.length > 0;
  }

  /**
   * Stores a public event (once) and queues one pending delivery per enabled endpoint that wants it:
   * platform endpoints get every event they subscribed to, provider endpoints only their own
   * provider's. One statement; returns how many deliveries were queued. An event stored before is
   * matched as stored (its own type and provider), so a second call only adds what is missing.
   */
  async storeAndEnqueue(m: Queryable, msg: NewMessage): Promise<number> {
    const rows = await m.query<unknown[]>(
      `WITH stored AS (
         ${this.messageInsert}
         RETURNING id, event_type, provider_user_id, partition),
       msg AS (
         SELECT id, event_type, provider_user_id, partition FROM stored
         UNION ALL
         SELECT id, event_type, provider_user_id, partition FROM ${this.messages} WHERE id = $1)
       INSERT INTO ${this.deliveries} (id, endpoint_id, message_id, status, next_attempt_at)
       SELECT gen_random_uuid(), e.id, msg.id, 'pending', now()
       FROM msg JOIN ${this.endpoints} e
         ON e.enabled AND e.partition = msg.partition AND msg.event_type = ANY (e.event_types)
        AND (e.scope = 'platform' OR e.owner_user_id = msg.provider_user_id)
       ON CONFLICT (message_id, endpoint_id) DO NOTHING RETURNING id`,
      this.messageParams(msg),
    );
    return rows.length;
  }

  /** Stores a message once: `messageParams` are its parameters. */
  private get messageInsert(): string {
    return `INSERT INTO ${this.messages} (id, event_type, provider_user_id, occurred_at, body, partition)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`;
  }

  private messageParams(msg: NewMessage): unknown[] {
    return [
      msg.id,
      msg.event_type,
      msg.provider_user_id,
      msg.occurred_at,
      JSON.stringify(msg.body),
      this.partition,
    ];
  }

  /** Queues one delivery of a stored event to one endpoint (test events, redelivery, replay). */
  async requeue(m: Queryable, endpointId: string, messageId: string): Promise<DeliveryRow> {
    const rows = await m.query<DeliveryRow[]>(
      `WITH d AS (
         INSERT INTO ${this.deliveries} (id, endpoint_id, message_id, status, next_attempt_at)
         VALUES (gen_random_uuid(), $1, $2, 'pending', now())
         ON CONFLICT (message_id, endpoint_id) DO UPDATE
           SET status = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now()
         RETURNING *)
       SELECT d.id, d.endpoint_id, d.message_id, msg.event_type, d.status, d.attempts, d.next_attempt_at
       FROM d JOIN ${this.messages} msg ON msg.id = d.message_id`,
      [endpointId, messageId],
    );
    return rows[0];
  }

  /** Requeues every stored event of [since, until) that the endpoint would have received. */
  async requeueRange(m: Queryable, endpoint: EndpointRow, since: Date, until: Date): Promise<number> {
    const rows = await m.query<unknown[]>(
      `INSERT INTO ${this.deliveries} (id, endpoint_id, message_id, status, next_attempt_at)
       SELECT gen_random_uuid(), $1, msg.id, 'pending', now() FROM ${this.messages} msg
       WHERE msg.partition = $6 AND msg.occurred_at >= $2 AND msg.occurred_at < $3 AND msg.event_type = ANY ($4)
         AND ($5::uuid IS NULL OR msg.provider_user_id = $5)
       ON CONFLICT (message_id, endpoint_id) DO UPDATE
         SET status = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now()
       RETURNING id`,
      [
        endpoint.id,
        since,
        until,
        endpoint.event_types,
        endpoint.scope === 'provider' ? endpoint.owner_user_id : null,
        this.partition,
      ],
    );
    return rows.length;
  }

  async findDelivery(m: Queryable, endpointId: string, deliveryId: string): Promise<DeliveryRow | null> {
    const rows = await m.query<DeliveryRow[]>(
      `SELECT d.id, d.endpoint_id, d.message_id, msg.event_type, d.status, d.attempts, d.next_attempt_at
       FROM ${this.deliveries} d JOIN ${this.messages} msg ON msg.id = d.message_id
       WHERE d.id = $1 AND d.endpoint_id = $2`,
      [deliveryId, endpointId],
    );
    return rows[0] ?? null;
  }

  /**
   * Claims up to `limit` due deliveries of enabled endpoints and leases them for `leaseSeconds`: a
   * replica that dies mid-attempt leaves them due again when the lease ends. Counts the attempt now.
   */
  async claimDue(m: Queryable, limit: number, leaseSeconds: number): Promise<DueDelivery[]> {
    const [claimed] = await m.query<
      [Array<{ id: string; endpoint_id: string; message_id: string; attempts: number }>, number]
    >(
      `WITH due AS (
           SELECT d.id FROM ${this.deliveries} d JOIN ${this.endpoints} e ON e.id = d.endpoint_id
           WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND e.enabled AND e.partition = $3
           ORDER BY d.next_attempt_at LIMIT $1 FOR UPDATE OF d SKIP LOCKED)
         UPDATE ${this.deliveries} d
           SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2), updated_at = now()
         FROM due WHERE d.id = due.id
         RETURNING d.id, d.endpoint_id, d.message_id, d.attempts`,
      [limit, leaseSeconds, this.partition],
    );
    if (claimed.length === 0) return [];
    const endpoints = await m.query<EndpointRow[]>(
      `SELECT ${ENDPOINT_COLUMNS} FROM ${this.endpoints} WHERE id = ANY ($1)`,
      [[...new Set(claimed.map((c) => c.endpoint_id))]],
    );
    const messages = await m.query<Array<{ id: string; event_type: string; body: unknown }>>(
      `SELECT id, event_type, body FROM ${this.messages} WHERE id = ANY ($1)`,
      [[...new Set(claimed.map((c) => c.message_id))]],
    );
    const endpointById = new Map(endpoints.map((e) => [e.id, e]));
    const messageById = new Map(messages.map((msg) => [msg.id, msg]));
    return claimed.map((c) => {
      const msg = messageById.get(c.message_id)!;
      return {
        delivery_id: c.id,
        attempt: c.attempts,
        endpoint: endpointById.get(c.endpoint_id)!,
        message_id: c.message_id,
        event_type: msg.event_type,
        body: msg.body,
      };
    });
  }

  async insertAttempt(m: Queryable, a: NewAttempt): Promise<void> {
    await m.query(
      `INSERT INTO ${this.attempts} (id, delivery_id, endpoint_id, attempt, attempted_at, outcome, status_code,
         latency_ms, response_body, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        a.id,
        a.delivery_id,
        a.endpoint_id,
        a.attempt,
        a.attempted_at,
        a.outcome,
        a.status_code,
        a.latency_ms,
        a.response_body,
        a.error,
      ],
    );
  }

  async settleDelivery(
    m: Queryable,
    id: string,
    status: WebhookDeliveryStatus,
    nextAttemptAt: Date | null,
  ): Promise<void> {
    await m.query(
      `UPDATE ${this.deliveries} SET status = $2, next_attempt_at = $3, updated_at = now() WHERE id = $1`,
      [id, status, nextAttemptAt],
    );
  }

  /** The endpoint's attempts, newest first, after the attempt `afterId` (ids are UUIDv7: time-ordered). */
  listAttempts(
    m: Queryable,
    endpointId: string,
    afterId: string | null,
    limit: number,
  ): Promise<AttemptRow[]> {
    return m.query<AttemptRow[]>(
      `SELECT a.id, a.delivery_id, a.endpoint_id, d.message_id AS event_id, msg.event_type, a.attempt,
         a.attempted_at, a.outcome, a.status_code, a.latency_ms, a.response_body, a.error
       FROM ${this.attempts} a
       JOIN ${this.deliveries} d ON d.id = a.delivery_id
       JOIN ${this.messages} msg ON msg.id = d.message_id
       WHERE a.endpoint_id = $1 AND ($2::uuid IS NULL OR a.id < $2)
       ORDER BY a.id DESC LIMIT $3`,
      [endpointId, afterId, limit],
    );
  }

  /** Once per tick across replicas: false when another replica holds the lock. */
  async tryLock(m: Queryable, job: string): Promise<boolean> {
    const rows = await m.query<Array<{ locked: boolean }>>(
      `SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`,
      [`slotline.${this.schema}.${this.partition}.${job}`],
    );
    return rows[0].locked;
  }

  /** Deletes attempts and settled events older than the retention; pending deliveries keep their event. */
  async purgeOlderThan(m: Queryable, days: number): Promise<{ attempts: number; events: number }> {
    const [, attempts] = await m.query<[unknown, number]>(
      `DELETE FROM ${this.attempts} WHERE attempted_at < now() - make_interval(days => $1)`,
      [days],
    );
    const [, events] = await m.query<[unknown, number]>(
      `DELETE FROM ${this.messages} msg WHERE msg.occurred_at < now() - make_interval(days => $1)
         AND NOT EXISTS (SELECT 1 FROM ${this.deliveries} d WHERE d.message_id = msg.id AND d.status = 'pending')`,
      [days],
    );
    return { attempts, events };
  }

  async oldestPendingAgeSeconds(m: Queryable): Promise<number> {
    const rows = await m.query<Array<{ age: number | null }>>(
      `SELECT EXTRACT(EPOCH FROM now() - MIN(d.created_at))::float8 AS age
       FROM ${this.deliveries} d JOIN ${this.endpoints} e ON e.id = d.endpoint_id
       WHERE d.status = 'pending' AND e.enabled AND e.partition = $1`,
      [this.partition],
    );
    return rows[0]?.age ?? 0;
  }
}
