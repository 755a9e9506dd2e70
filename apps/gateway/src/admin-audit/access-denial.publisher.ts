import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, LOGGER, NATS_CONNECTION } from '@slotline/bootstrap';
import { AUDIT_EVENTS, AccessDeniedEventData, EventEnvelope, RBAC_DENY_ACTION } from '@slotline/contracts';
import { BaseConfig } from '@slotline/config';
import { EVENT_HEADERS } from '@slotline/messaging';
import { injectTraceparent } from '@slotline/observability';
import { v7 as uuidv7 } from 'uuid';
import { NatsConnection, headers as natsHeaders } from 'nats';
import type { Logger } from 'pino';
import type { GatewayRequest } from '../auth/authenticated-request';

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
    const envelope = this.envelopeOf(req, reason, permission);
    const hdrs = natsHeaders();
    hdrs.set(EVENT_HEADERS.eventType, envelope.type);
    if (envelope.request_id) hdrs.set(EVENT_HEADERS.requestId, envelope.request_id);
    if (envelope.traceparent) hdrs.set(EVENT_HEADERS.traceparent, envelope.traceparent);
    const subject = `${this.config.NATS_SUBJECT_PREFIX}${envelope.type}`;
    let pending: Promise<unknown>;
    try {
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
          event_id: envelope.id,
          event_type: envelope.type,
          err: err instanceof Error ? err.message : String(err),
        },
        'access denial could not be sent to the audit log',
      ),
    );
  }

  private envelopeOf(
    req: GatewayRequest,
    reason: string,
    permission: string | null,
  ): EventEnvelope<AccessDeniedEventData> {
    const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
    return {
      id: uuidv7(),
      type: AUDIT_EVENTS.accessDenied,
      occurred_at: new Date().toISOString(),
      producer: 'gateway',
      actor: req.user ? { user_id: req.user.id, role: req.user.role } : null,
      request_id: req.requestId ?? null,
      traceparent: injectTraceparent({}).traceparent ?? null,
      idempotency_key: null,
      data: {
        action: RBAC_DENY_ACTION,
        outcome: 'denied',
        resource_type: 'route',
        resource_id: `${req.method} ${route}`,
        method: req.method,
        path: req.path,
        permission,
        reason,
        ip: req.ip ?? null,
        user_agent: req.headers['user-agent']?.slice(0, 512) ?? null,
      },
    };
  }
}
