import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, LOGGER, NATS_CONNECTION } from '@slotline/bootstrap';
import { AUDIT_EVENTS, EventEnvelope, RBAC_DENY_ACTION } from '@slotline/contracts';
import { BaseConfig } from '@slotline/config';
import { eventHeadersOf, newEventEnvelope } from '@slotline/messaging';
import { injectTraceparent } from '@slotline/observability';
import { NatsConnection, headers as natsHeaders } from 'nats';
import type { Logger } from 'pino';
import { GatewayRequest, pathOf } from '../auth/authenticated-request';
import { routeTemplateOf } from '../http/route-template';

/**
 * Audits `rbac_deny` (GW-2). The gateway has no database and so no outbox: the event goes straight to
 * JetStream, fire-and-forget, so a denial is never slowed down or turned into a 500 by NATS. A denial
 * during a NATS outage is still logged (`rbac_deny`), but its audit event is lost (logged as
 * `audit_publish_failed`).
 */
@Injectable()
export class AccessDenialPublisher {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(APP_CONFIG) private readonly config: BaseConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  publish(req: GatewayRequest, reason: string, permission: string | null): void {
    let pending: Promise<unknown>;
    let envelope: EventEnvelope | null = null;
    try {
      envelope = this.envelopeOf(req, reason, permission);
      const hdrs = natsHeaders();
      for (const [key, value] of Object.entries(eventHeadersOf(envelope))) hdrs.set(key, value);
      const subject = `${this.config.NATS_SUBJECT_PREFIX}${envelope.type}`;
      pending = this.nc
        .jetstream()
        .publish(subject, JSON.stringify(envelope), { msgID: envelope.id, headers: hdrs });
    } catch (err) {
      pending = Promise.reject(err);
    }
    pending.catch((err: unknown) =>
      this.logger.error(
        {
          event: 'audit_publish_failed',
          event_id: envelope?.id ?? null,
          event_type: AUDIT_EVENTS.accessDenied,
          err: err instanceof Error ? err.message : String(err),
        },
        'access denial could not be sent to the audit log',
      ),
    );
  }

  private envelopeOf(req: GatewayRequest, reason: string, permission: string | null): EventEnvelope {
    const template = routeTemplateOf(req);
    const route = template === 'unmatched' ? pathOf(req) : template;
    return newEventEnvelope('gateway', {
      type: AUDIT_EVENTS.accessDenied,
      actor: req.user ? { user_id: req.user.id, role: req.user.role } : null,
      request_id: req.requestId ?? null,
      traceparent: injectTraceparent({}).traceparent ?? null,
      data: {
        action: RBAC_DENY_ACTION,
        outcome: 'denied',
        resource_type: 'route',
        resource_id: `${req.method} ${route}`,
        method: req.method,
        path: pathOf(req),
        permission,
        reason,
        ip: req.ip ?? null,
        user_agent: req.headers['user-agent']?.slice(0, 512) ?? null,
      },
    });
  }
}
