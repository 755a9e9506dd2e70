import { EventEnvelope, PayoutEventData } from '@slotline/contracts';
import { connectTestNats } from '@slotline/testing';
import { randomUUID } from 'node:crypto';
import { headers as natsHeaders, NatsConnection } from 'nats';
import { Client } from 'pg';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { WebhookReceiver } from '../../bench/webhook-receiver';
import { TestPlatform } from '../support/test-platform';
import { Http, signUp, superuserDb, User } from './scheduling-support';

/**
 * Shared by the webhooks-*.e2e-spec.ts files (GW-8): the apps on a compressed retry schedule, a real
 * HTTP receiver that verifies every request with the official `standardwebhooks` library, the parties,
 * and publishing payout events as the payouts relay would.
 */
export class WebhooksHarness {
  platform!: TestPlatform;
  http!: Http;
  db!: Client;
  receiver!: WebhookReceiver;
  admin!: User;
  provider!: User;
  otherProvider!: User;
  customer!: User;
  private nc!: NatsConnection;

  /** `env` adds to (or overrides) the apps' settings for webhooks on a compressed schedule. */
  async start(env: Record<string, string> = {}): Promise<void> {
    this.receiver = await new WebhookReceiver().start();
    this.platform = await TestPlatform.start({
      apps: ['auth-audit', 'scheduling', 'notifications', 'gateway'],
      env: {
        RATE_LIMIT_AUTH_POINTS: '1000',
        RATE_LIMIT_WRITE_POINTS: '1000',
        AUTH_REQUIRE_ADMIN_2FA: 'false',
        WEBHOOK_ALLOW_INSECURE_URLS: 'true',
        WEBHOOK_RETRY_SCHEDULE_SECONDS: '0,1,1,1',
        WEBHOOK_RETRY_JITTER: '0',
        WEBHOOK_POLL_INTERVAL_MS: '100',
        WEBHOOK_DISABLE_AFTER_SECONDS: '2',
        ...env,
      },
    });
    this.http = request(this.platform.url());
    this.db = await superuserDb();
    this.nc = await connectTestNats();
    [this.admin, this.provider, this.otherProvider, this.customer] = await Promise.all([
      signUp(this.http, this.db, 'admin'),
      signUp(this.http, this.db, 'provider'),
      signUp(this.http, this.db, 'provider'),
      signUp(this.http, this.db, 'customer'),
    ]);
  }

  async stop(): Promise<void> {
    await this.nc?.close();
    await this.db?.end();
    await this.platform?.stop();
    await this.receiver?.stop();
  }

  async register(by: User, hookPath: string, eventTypes: string[], status = 201) {
    const res = await this.http
      .post('/v1/webhooks/endpoints')
      .set(by.auth)
      .send({ url: this.receiver.url(hookPath), event_types: eventTypes, description: hookPath })
      .expect(status);
    if (status === 201) this.receiver.setSecrets(hookPath, [res.body.secret]);
    return res.body as { id: string; secret: string; scope: string; enabled: boolean };
  }

  /** Publishes a payout event to the stream as the payouts service's relay would. */
  async publishPayout(type: string, providerUserId: string): Promise<EventEnvelope<PayoutEventData>> {
    const envelope: EventEnvelope<PayoutEventData> = {
      id: uuidv7(),
      type,
      occurred_at: new Date().toISOString(),
      producer: 'payouts',
      actor: { user_id: this.admin.id, role: 'admin' },
      data: {
        payout_id: randomUUID(),
        assignment_id: randomUUID(),
        job_id: randomUUID(),
        provider_user_id: providerUserId,
        practitioner_id: randomUUID(),
        customer_id: this.customer.id,
        amount_minor: 12_500,
        currency: 'GBP',
        status: 'approved',
        actor: { user_id: this.admin.id, role: 'admin' },
        occurred_at: new Date().toISOString(),
      },
    };
    const h = natsHeaders();
    h.set('Nats-Msg-Id', envelope.id);
    await this.nc
      .jetstream()
      .publish(`${this.platform.env.NATS_SUBJECT_PREFIX}${type}`, JSON.stringify(envelope), { headers: h });
    return envelope;
  }

  async endpoint(by: User, id: string) {
    return (await this.http.get(`/v1/webhooks/endpoints/${id}`).set(by.auth).expect(200)).body;
  }
}

/** A receiver path of its own for one test. */
export const path = (name: string) => `/${name}-${randomUUID().slice(0, 8)}`;

export const bodyOf = (r: { body: string }) =>
  JSON.parse(r.body) as { type: string; data: Record<string, unknown> };
