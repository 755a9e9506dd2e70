import { Metrics } from '@slotline/observability';
import { connectTestNats, PrivateSchema } from '@slotline/testing';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { SmtpTestServer } from '../../../../test/support/smtp-test-server';
import { NotificationsComposition } from '../notifications.composition';
import { notificationsPrivateSchema } from './notifications-private-schema';
import { composeNotificationsForTest } from './notifications-test-composition';

/** The composed service on a private schema, sending to a real SMTP server of its own. */
export interface SmtpDispatcherFixture {
  smtp: SmtpTestServer;
  db: PrivateSchema;
  nc: NatsConnection;
  services: NotificationsComposition;
  metrics: Metrics;
  /** Stops the dispatcher, then closes NATS, drops the schema and stops the SMTP server. */
  stop(): Promise<void>;
}

export async function smtpDispatcherFixture(o: {
  prefix: string;
  logger: Logger;
  now: () => Date;
  /** The dispatcher's poll; 0 (the default) leaves it to the spec's `tick` calls. */
  pollIntervalMs?: number;
}): Promise<SmtpDispatcherFixture> {
  const smtp = new SmtpTestServer();
  await smtp.start();
  const db = await notificationsPrivateSchema(o.prefix);
  const nc = await connectTestNats();
  const metrics = new Metrics({ service: 'notifications', collectDefault: false });
  const services = composeNotificationsForTest({
    db,
    nc,
    logger: o.logger,
    metrics,
    smtpPort: smtp.port,
    now: o.now,
    pollIntervalMs: o.pollIntervalMs,
  });
  return {
    smtp,
    db,
    nc,
    services,
    metrics,
    stop: async () => {
      await services.dispatcher.onModuleDestroy();
      await nc.close();
      await db.drop();
      await smtp.stop();
    },
  };
}
