import { Actor, CallMeta, EventEnvelope, SCHEDULING_EVENTS, TypedEventEnvelope } from '@slotline/contracts';
import { OutboxWriter } from '@slotline/messaging';
import { createLogger, Metrics } from '@slotline/observability';
import { TransactionRunner, uuidv7 } from '@slotline/persistence';
import { DataSource } from 'typeorm';
import { aCallMeta, anActor, LogCapture, PrivateSchema, SUPERUSER_TEST_URL } from '@slotline/testing';
import { PaymentProvider } from '../capture/payment-provider';
import { payoutsMigrationsSql } from '../migrations';
import { composePayouts, PayoutsComposition, PayoutsSettings } from '../payouts.composition';

/** Every payouts caller here has a two-factor session, as admin routes require. */
export function actor(role: Actor['role'], userId = uuidv7()): Actor {
  return anActor(role, { user_id: userId, aal: 'aal2' });
}

export function metaOf(a: Actor): CallMeta {
  return aCallMeta(a);
}

/** Fast retries so a fault matrix finishes in seconds; the lease outlives the SDK timeout. */
export const TEST_SETTINGS: PayoutsSettings = {
  STRIPE_SECRET_KEY: '',
  STRIPE_API_HOST: '127.0.0.1',
  STRIPE_API_PORT: 9,
  STRIPE_API_PROTOCOL: 'http',
  STRIPE_TIMEOUT_MS: 1500,
  PAYOUT_CAPTURE_INTERVAL_MS: 0,
  PAYOUT_CAPTURE_MAX_ATTEMPTS: 6,
  PAYOUT_CAPTURE_BASE_DELAY_MS: 10,
  PAYOUT_CAPTURE_MAX_DELAY_MS: 50,
  PAYOUT_CAPTURE_LEASE_MS: 3000,
};

/**
 * The payouts services wired as in the app, without Nest or NATS, in a schema of the suite's own
 * (PrivateSchema: migrator-owned, payouts' migration statements, connected as the service's role), so
 * the capture worker of one suite never leases another suite's payouts and every statement runs with
 * the permissions the running service has.
 */
export class PayoutsTestContext {
  schema!: string;
  readonly logs = new LogCapture();
  readonly metrics = new Metrics({ service: 'payouts', collectDefault: false });
  readonly admin = actor('admin');
  dataSource!: DataSource;
  tx!: TransactionRunner;
  outbox!: OutboxWriter;
  services!: PayoutsComposition;
  private db?: PrivateSchema;

  async setUp(opts: { provider?: PaymentProvider; settings?: Partial<PayoutsSettings> } = {}): Promise<void> {
    this.db = await PrivateSchema.create({
      service: 'payouts',
      superuserUrl: SUPERUSER_TEST_URL,
      prefix: 'payouts_t',
      poolSize: 20,
      migrations: (schema) => payoutsMigrationsSql(schema),
    });
    this.schema = this.db.schema;
    this.dataSource = this.db.service;
    this.tx = new TransactionRunner(this.dataSource);
    this.outbox = new OutboxWriter({ schema: this.schema, producer: 'payouts' });
    this.services = this.compose(opts);
  }

  /** Another object graph on the same tables: a second worker or replica. */
  compose(
    opts: { provider?: PaymentProvider; settings?: Partial<PayoutsSettings> } = {},
  ): PayoutsComposition {
    return composePayouts({
      dataSource: this.dataSource,
      tx: this.tx,
      outbox: this.outbox,
      logger: createLogger({ service: 'payouts', level: 'info', destination: this.logs }),
      metrics: this.metrics,
      settings: { ...TEST_SETTINGS, ...opts.settings },
      schema: this.schema,
      provider: opts.provider,
    });
  }

  /** The service role's URL, for a worker in a process of its own. */
  get serviceUrl(): string {
    return this.db!.serviceUrl;
  }

  async tearDown(): Promise<void> {
    await this.db?.drop();
  }

  /** A completion event as scheduling publishes it (the fields payouts reads, and some it ignores). */
  completionEvent(data: Record<string, unknown> = {}): EventEnvelope {
    return {
      id: uuidv7(),
      type: 'evt.scheduling.assignment.completed.v1',
      occurred_at: new Date().toISOString(),
      producer: 'scheduling',
      actor: null,
      request_id: `req-${uuidv7()}`,
      traceparent: null,
      idempotency_key: null,
      data: {
        assignment_id: uuidv7(),
        job_id: uuidv7(),
        practitioner_id: uuidv7(),
        provider_user_id: uuidv7(),
        customer_id: uuidv7(),
        status: 'completed',
        schedule_version: 3,
        time_zone: 'Europe/London',
        price_amount: 12_500,
        currency: 'GBP',
        ...data,
      },
    };
  }

  /**
   * Delivers a completion event as the inbox consumer would (its handler in one transaction), but
   * without the inbox's validation, so tests can show what payouts itself refuses.
   */
  async deliver(event: EventEnvelope): Promise<void> {
    const completion = event as TypedEventEnvelope<typeof SCHEDULING_EVENTS.assignmentCompleted>;
    await this.tx.run((m) => this.services.creation.fromCompletion(completion, m));
  }

  /** A pending payout, created through the real path; returns its id. */
  async pendingPayout(data: Record<string, unknown> = {}): Promise<string> {
    const event = this.completionEvent(data);
    await this.deliver(event);
    const [row] = await this.dataSource.query(
      `SELECT id FROM "${this.schema}".payouts WHERE assignment_id = $1`,
      [(event.data as { assignment_id: string }).assignment_id],
    );
    return row.id;
  }

  async row(id: string): Promise<Record<string, unknown>> {
    const [row] = await this.dataSource.query(`SELECT * FROM "${this.schema}".payouts WHERE id = $1`, [id]);
    return row;
  }

  /** The event types the outbox holds for one payout, oldest first. */
  async eventsOf(
    id: string,
  ): Promise<Array<{ type: string; data: Record<string, unknown>; actor: unknown }>> {
    const rows = await this.dataSource.query(
      `SELECT envelope FROM "${this.schema}".outbox WHERE envelope->'data'->>'payout_id' = $1 ORDER BY id`,
      [id],
    );
    return rows.map((r: { envelope: EventEnvelope }) => ({
      type: r.envelope.type,
      data: r.envelope.data as Record<string, unknown>,
      actor: r.envelope.actor,
    }));
  }
}
